package sharecard_test

import (
	"bytes"
	"errors"
	"image/color"
	"image/png"
	"testing"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/sharecard"
	"github.com/bazi-master/bazi-master/sharecard/internal/charset"
)

var (
	wood  = color.RGBA{0x2f, 0x85, 0x5a, 0xff}
	fire  = color.RGBA{0xc5, 0x30, 0x30, 0xff}
	water = color.RGBA{0x2b, 0x6c, 0xb0, 0xff}
)

func pillar(label, stem, branch string, c1, c2 color.RGBA, god string) sharecard.Block {
	return sharecard.Block{Label: label, Glyphs: []sharecard.Glyph{{Text: stem, Color: c1}, {Text: branch, Color: c2}}, Caption: god}
}

// chartCard is a chart's card with the given day pillar.
func chartCard(dayStem, dayBranch string) sharecard.Card {
	return sharecard.Card{
		Title: "八字命盘", Subtitle: "1990-05-15 14:30 · 日主 " + dayStem, Footer: "八字大师",
		Blocks: []sharecard.Block{
			pillar("年柱", "庚", "午", wood, fire, "七杀"),
			pillar("月柱", "辛", "巳", wood, fire, "正官"),
			pillar("日柱", dayStem, dayBranch, water, fire, "日主"),
			pillar("时柱", "辛", "未", wood, fire, "正官"),
		},
	}
}

// cardKinds are one card of each module, as the handlers describe them.
func cardKinds() map[string]sharecard.Card {
	lines := func(p ...bool) []sharecard.Line {
		var out []sharecard.Line
		for i, y := range p {
			out = append(out, sharecard.Line{Yang: y, Moving: i == 2})
		}
		return out
	}
	return map[string]sharecard.Card{
		"chart": chartCard("庚", "辰"),
		"ziwei": {Title: "紫微斗数命盘", Subtitle: "命宫 · 丙戌", Footer: "八字大师", Blocks: []sharecard.Block{
			{Glyphs: []sharecard.Glyph{{Text: "紫微", Color: fire}}}, {Glyphs: []sharecard.Glyph{{Text: "天相", Color: fire}}}}},
		"compat": {Title: "合婚", Subtitle: "甲方 × 乙方", Note: "得分 64/100", Footer: "八字大师", Blocks: []sharecard.Block{
			pillar("年柱", "庚", "午", wood, fire, ""), pillar("月柱", "辛", "巳", wood, fire, ""), pillar("日柱", "庚", "辰", wood, fire, ""), pillar("时柱", "癸", "未", water, fire, ""),
			pillar("年柱", "戊", "辰", wood, fire, ""), pillar("月柱", "甲", "寅", wood, fire, ""), pillar("日柱", "戊", "子", wood, water, ""), pillar("时柱", "丙", "辰", fire, fire, "")}},
		"iching": {Title: "I Ching cast", Subtitle: "55 Feng → 21 Shi He", Footer: "BaZi Master", Blocks: []sharecard.Block{
			{Label: "Primary", Lines: lines(true, false, true, true, false, false), Caption: "55 Feng"},
			{Label: "Resulting", Lines: lines(true, false, false, true, false, true), Caption: "21 Shi He"}}},
		"tarot": {Title: "Celtic Cross", Subtitle: "Tarot draw", Footer: "BaZi Master", Blocks: func() []sharecard.Block {
			var bs []sharecard.Block
			for _, n := range []string{"The Fool", "The Magician", "Strength", "The Tower", "Death", "The Sun", "The Moon", "The World", "Justice", "Queen of Pentacles"} {
				bs = append(bs, sharecard.Block{Label: "Position", Glyphs: []sharecard.Glyph{{Text: n, Color: fire}}})
			}
			return bs
		}()},
	}
}

func TestCardIsA1200x630PNG(t *testing.T) {
	for kind, c := range cardKinds() {
		b, err := sharecard.Render(c)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", kind, err)
		}
		if img.Bounds().Dx() != 1200 || img.Bounds().Dy() != 630 || len(b) > sharecard.MaxBytes {
			t.Errorf("%s: %v, %d bytes", kind, img.Bounds(), len(b))
		}
	}
}

func TestCardSameChartSameBytes(t *testing.T) {
	r := sharecard.MustNew()
	a1, err := r.Render(chartCard("庚", "辰"))
	if err != nil {
		t.Fatal(err)
	}
	a2, _ := r.Render(chartCard("庚", "辰"))
	b, _ := r.Render(chartCard("甲", "子"))
	if !bytes.Equal(a1, a2) {
		t.Error("the same chart gave different PNGs")
	}
	if bytes.Equal(a1, b) {
		t.Error("two different charts gave the same PNG")
	}
	// Two cards built alike have one key; another chart another.
	k1, k2, other := chartCard("庚", "辰").Key(), chartCard("庚", "辰").Key(), chartCard("甲", "子").Key()
	if k1 != k2 || k1 == other {
		t.Error("Key does not tell the cards apart")
	}
}

// TestCardFontCoversEveryCardText: every character the subset was cut to
// (go run ./sharecard/internal/chars) has a glyph in the embedded font, so
// a new name or card text cannot silently draw as an empty box; rerun
// scripts/gen-font-subset.sh when this fails.
func TestCardFontCoversEveryCardText(t *testing.T) {
	r := sharecard.MustNew()
	if missing := r.Missing(string(charset.Runes(i18n.MustLoad()))); len(missing) > 0 {
		t.Errorf("the card font has no glyph for %q: run scripts/gen-font-subset.sh", string(missing))
	}
	if r.Covers("張𠀋") {
		t.Error("Covers reports a character outside the subset")
	}
}

func TestCardCacheKeepsWithinItsBound(t *testing.T) {
	c := sharecard.NewCache(100)
	c.Add("a", make([]byte, 40))
	c.Add("b", make([]byte, 40))
	if _, ok := c.Get("a"); !ok { // a is now the most recently used
		t.Fatal("a was not kept")
	}
	c.Add("c", make([]byte, 40))
	if _, ok := c.Get("b"); ok {
		t.Error("b, the least recently used, was kept past the bound")
	}
	if _, ok := c.Get("a"); !ok || c.Len() != 2 {
		t.Errorf("a kept %v, %d entries", ok, c.Len())
	}
	c.Add("huge", make([]byte, 101))
	if _, ok := c.Get("huge"); ok {
		t.Error("an image bigger than the cache was kept")
	}
}

func BenchmarkRender(b *testing.B) {
	r := sharecard.MustNew()
	kinds := cardKinds()
	for _, kind := range []string{"chart", "ziwei", "compat", "iching", "tarot"} {
		c := kinds[kind]
		b.Run(kind, func(b *testing.B) {
			var size int
			for b.Loop() {
				png, err := r.Render(c)
				if err != nil {
					b.Fatal(err)
				}
				size = len(png)
			}
			b.ReportMetric(float64(size)/1024, "KB")
		})
	}
}

// TestCardRenderConcurrently: one Renderer serves every request at once
// (the canvas pool and the font are shared).
func TestCardRenderConcurrently(t *testing.T) {
	r := sharecard.MustNew()
	want, err := r.Render(chartCard("庚", "辰"))
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		go func() {
			got, err := r.Render(chartCard("庚", "辰"))
			if err == nil && !bytes.Equal(got, want) {
				err = errors.New("a concurrent render gave other bytes")
			}
			errs <- err
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
