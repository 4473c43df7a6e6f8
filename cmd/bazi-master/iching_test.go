package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestIChingCommandReadsLines(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"iching", "--lines", "789789"}, envMap(nil), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var doc struct {
		Lines    string `json:"lines"`
		Changing []int  `json:"changing"`
		Primary  struct {
			Number int    `json:"number"`
			Name   string `json:"name"`
		} `json:"primary"`
		Resulting *struct {
			Number int `json:"number"`
		} `json:"resulting"`
		Nuclear struct {
			Number int `json:"number"`
		} `json:"nuclear"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if doc.Lines != "789789" || len(doc.Changing) != 2 || doc.Primary.Number != 30 || doc.Primary.Name != "离" ||
		doc.Resulting == nil || doc.Resulting.Number != 51 || doc.Nuclear.Number != 28 {
		t.Fatalf("%+v", doc)
	}
}

func TestIChingCommandCastsCoins(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"iching", "--method", "coins", "--question", "work?"}, envMap(nil), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), `"method": "coins"`) || !strings.Contains(out.String(), `"question": "work?"`) {
		t.Fatalf("%.300s", out.String())
	}
}

func TestIChingCommandRefusesBadLines(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"iching", "--lines", "12345"}, envMap(nil), &out, &errOut)
	if code != exitUsage || !strings.Contains(errOut.String(), "--lines") {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	errOut.Reset()
	code = run([]string{"iching", "--method", "numbers", "--numbers", "1,x,3"}, envMap(nil), &out, &errOut)
	if code != exitUsage || !strings.Contains(errOut.String(), "--numbers") {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
}
