package handlers_test

import (
	"strings"
	"testing"
)

type ichingDoc struct {
	Method   string `json:"method"`
	Lines    string `json:"lines"`
	Changing []int  `json:"changing"`
	Primary  struct {
		Number int    `json:"number"`
		Name   string `json:"name"`
	} `json:"primary"`
	Resulting *struct {
		Number int    `json:"number"`
		Name   string `json:"name"`
	} `json:"resulting"`
	Nuclear struct {
		Number int `json:"number"`
	} `json:"nuclear"`
	Read struct {
		Rule  string `json:"rule"`
		Texts []struct {
			Label string `json:"label"`
		} `json:"texts"`
	} `json:"read"`
}

func TestIChingAPIReadsLines(t *testing.T) {
	app := startAPI(t)
	res := postJSON(t, app, "/api/v1/iching", `{"lines":"789789","question":"Should I take the job?"}`)
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, res.Body)
	}
	var d ichingDoc
	res.JSON(t, &d)
	if d.Method != "lines" || d.Lines != "789789" || len(d.Changing) != 2 || d.Changing[0] != 3 || d.Changing[1] != 6 ||
		d.Primary.Number != 30 || d.Primary.Name != "离" || d.Resulting == nil || d.Resulting.Number != 51 || d.Nuclear.Number != 28 {
		t.Fatalf("%+v", d)
	}
	// Two changing lines: read both, the upper (上九) first.
	if d.Read.Rule != "two" || len(d.Read.Texts) != 2 || d.Read.Texts[0].Label != "上九" {
		t.Errorf("read %+v", d.Read)
	}
}

func TestIChingAPICastsCoinsByDefault(t *testing.T) {
	app := startAPI(t)
	res := postJSON(t, app, "/api/v1/iching", `{}`)
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, res.Body)
	}
	var d ichingDoc
	res.JSON(t, &d)
	if d.Method != "coins" || len(d.Lines) != 6 || d.Primary.Number < 1 || d.Primary.Number > 64 {
		t.Fatalf("%+v", d)
	}
	if (d.Resulting == nil) != (len(d.Changing) == 0) || !strings.Contains(res.Body, `"resulting":`) {
		t.Errorf("resulting must be present, null exactly when no line changes: %s", res.Body)
	}
}

func TestIChingAPIRefusesByField(t *testing.T) {
	app := startAPI(t)
	for _, tc := range []struct{ body, field string }{
		{`{"method":"dice"}`, "method"},
		{`{"method":"lines","lines":"12"}`, "lines"},
		{`{"method":"numbers","numbers":[1,2]}`, "numbers"},
		{`{"method":"time","tz":"Nowhere/Land"}`, "tz"},
		{`{"question":5}`, "question"},
		{`{"lines":"789789","colour":"red"}`, "colour"},
	} {
		res := postJSON(t, app, "/api/v1/iching", tc.body)
		if res.StatusCode != 400 || !strings.Contains(res.Body, `"field":"`+tc.field+`"`) {
			t.Errorf("%s: status %d %s, want 400 naming %s", tc.body, res.StatusCode, res.Body, tc.field)
		}
	}
}
