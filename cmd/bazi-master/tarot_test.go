package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestTarotCommandDrawsTheSpread(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"tarot", "--spread", "celtic-cross", "--question", "What next?"}, envMap(nil), &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var doc struct {
		Spread   string `json:"spread"`
		Question string `json:"question"`
		Query    string `json:"query"`
		Cards    []struct {
			ID, Name, Meaning string
			Position          int  `json:"position"`
			Reversed          bool `json:"reversed"`
		} `json:"cards"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if doc.Spread != "celtic-cross" || doc.Question != "What next?" || len(doc.Cards) != 10 || doc.Cards[9].Position != 10 ||
		!strings.HasPrefix(doc.Query, "spread=celtic-cross&cards=") || doc.Cards[0].Meaning == "" {
		t.Fatalf("%+v", doc)
	}
}

func TestTarotCommandWithoutReversals(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"tarot", "--spread", "relationship", "--no-reversals"}, envMap(nil), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if strings.Contains(out.String(), `"reversed": true`) || !strings.Contains(out.String(), "&reversals=0") {
		t.Errorf("%s", out.String())
	}
}

func TestTarotCommandBadInputExits2(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"tarot", "--spread", "horseshoe"}, "--spread"},
		{[]string{"tarot", "--question", strings.Repeat("x", 301)}, "--question"},
		{[]string{"tarot", "stray"}, "unexpected"},
	} {
		var out, errOut bytes.Buffer
		if code := run(tc.args, envMap(nil), &out, &errOut); code != 2 || !strings.Contains(errOut.String(), tc.want) || out.Len() != 0 {
			t.Errorf("%v: exit %d, stderr %q, want 2 naming %s", tc.args, code, errOut.String(), tc.want)
		}
	}
}
