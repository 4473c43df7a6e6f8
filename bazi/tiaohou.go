package bazi

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

// The 调候 table of 《穷通宝鉴》 (day stem × month branch → the stems the
// season calls for, in the book's order) is data, not code: it lives in
// data/tiaohou.json with its source, and is read once at start-up. A
// malformed or incomplete file stops the program at start (and fails
// TestTiaoHouTableComplete), so a missing cell can never reach a chart.
//
//go:embed data/tiaohou.json
var tiaoHouJSON []byte

// tiaoHou is read-only after init.
var tiaoHou = mustTiaoHou(tiaoHouJSON)

type tiaoHouData struct {
	table  [NumStems][NumBranches][]Stem
	joined [NumStems][NumBranches]string // "丙、癸", the rules' argument
	source string
}

func mustTiaoHou(raw []byte) tiaoHouData {
	t, src, err := parseTiaoHou(raw)
	if err != nil {
		panic("bazi: data/tiaohou.json: " + err.Error())
	}
	d := tiaoHouData{table: t, source: src}
	for s := range t {
		for b := range t[s] {
			d.joined[s][b] = joinStems(t[s][b])
		}
	}
	return d
}

// TiaoHouSource names the book and edition the 调候 table follows.
func TiaoHouSource() string { return tiaoHou.source }

func parseTiaoHou(raw []byte) (t [NumStems][NumBranches][]Stem, source string, err error) {
	var doc struct {
		Source string                         `json:"source"`
		Table  map[string]map[string][]string `json:"table"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return t, "", err
	}
	if doc.Source == "" {
		return t, "", fmt.Errorf("no source cited")
	}
	for d := Stem(0); d < NumStems; d++ {
		row, ok := doc.Table[d.String()]
		if !ok {
			return t, "", fmt.Errorf("day stem %s missing", d)
		}
		for b := Branch(0); b < NumBranches; b++ {
			cell := row[b.String()]
			if len(cell) == 0 {
				return t, "", fmt.Errorf("cell %s×%s missing", d, b)
			}
			for _, c := range cell {
				s, ok := ParseStem(c)
				if !ok {
					return t, "", fmt.Errorf("cell %s×%s: %q is not a stem", d, b, c)
				}
				t[d][b] = append(t[d][b], s)
			}
		}
		if len(row) != NumBranches {
			return t, "", fmt.Errorf("day stem %s: %d months, want 12", d, len(row))
		}
	}
	if len(doc.Table) != NumStems {
		return t, "", fmt.Errorf("%d day stems, want 10", len(doc.Table))
	}
	return t, doc.Source, nil
}

// TiaoHou returns the stems 《穷通宝鉴》 calls for, for a day stem born in a
// month branch, most needed first (shared slice, read-only).
func TiaoHou(dm Stem, month Branch) []Stem { return tiaoHou.table[dm%NumStems][month%NumBranches] }
