package views

import (
	"context"
	"io"
	"strconv"
	"testing"

	"github.com/bazi-master/bazi-master/internal/i18n"
)

func TestAdminMoney(t *testing.T) {
	cat := i18n.MustLoad()
	en := Page{Lang: i18n.English, T: cat.For(i18n.English)}
	hant := Page{Lang: i18n.TraditionalChinese, T: cat.For(i18n.TraditionalChinese)}
	for usd, want := range map[float64]string{
		0: "$0.00", 0.54: "$0.54", 0.04: "$0.04", 0.00016: "$0.0002", 0.000001: "under $0.0001",
		1234.5: "$1,234.50", 1234567.891: "$1,234,567.89", 12: "$12.00",
	} {
		if got := adminMoney(en, usd); got != want {
			t.Errorf("%v: %q, want %q", usd, got, want)
		}
	}
	if got := adminMoney(hant, 1234.5); got != "US$1,234.50" {
		t.Errorf("zh-Hant: %q", got)
	}
	for usd, want := range map[float64]string{0.6: "$0.60", 0.075: "$0.075", 15: "$15.00", 0: "$0.00", 1250: "$1,250.00"} {
		if got := adminPerMTok(en, usd); got != want {
			t.Errorf("price %v: %q, want %q", usd, got, want)
		}
	}
	if got := groupThousands("-1234567.5"); got != "-1,234,567.5" {
		t.Errorf("negative: %q", got)
	}
}

// BenchmarkAdminAIPage renders the AI page with a month of spend rows and
// the default price table.
func BenchmarkAdminAIPage(b *testing.B) {
	cat := i18n.MustLoad()
	p := Page{Lang: i18n.English, T: cat.For(i18n.English), Path: "/admin/ai", Asset: func(n string) string { return "/static/" + n }}
	d := AdminAI{PricesAsOf: "2025-11"}
	for i := range 12 {
		d.Spend = append(d.Spend, AdminModelSpend{Provider: "openai", Model: "model-" + strconv.Itoa(i), Readings: 900,
			TodayInput: 1_200_000, TodayOutput: 600_000, MonthInput: 36_000_000, MonthOutput: 18_000_000,
			Priced: i%3 != 0, TodayUSD: 0.54, MonthUSD: 16.2})
		d.Prices = append(d.Prices, AdminPrice{Model: "model-" + strconv.Itoa(i), InputPerMTok: 0.15, OutputPerMTok: 0.6})
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := AdminAIPage(p, d).Render(context.Background(), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
