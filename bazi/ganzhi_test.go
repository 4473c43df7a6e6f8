package bazi

import "testing"

func TestGanZhiCycle(t *testing.T) {
	for i := 0; i < NumGanZhi; i++ {
		g := GanZhi(i)
		got, ok := NewGanZhi(g.Stem(), g.Branch())
		if !ok || got != g {
			t.Fatalf("NewGanZhi(%s,%s) = %v,%v; want %d", g.Stem(), g.Branch(), got, ok, i)
		}
		if p, ok := ParseGanZhi(g.String()); !ok || p != g {
			t.Fatalf("ParseGanZhi(%q) = %v", g.String(), p)
		}
	}
	if GanZhi(0).String() != "甲子" || GanZhi(59).String() != "癸亥" || GanZhi(0).Add(-1).String() != "癸亥" {
		t.Fatal("cycle ends wrong")
	}
	if _, ok := NewGanZhi(0, 1); ok {
		t.Fatal("甲丑 does not exist")
	}
}
