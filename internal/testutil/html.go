package testutil

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// HTML parses a page or fragment for goquery, failing the test on error.
func HTML(t testing.TB, body string) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return d
}

// ByTestID finds the elements with data-testid=id inside in (a document or
// a selection).
func ByTestID(in interface {
	Find(string) *goquery.Selection
}, id string) *goquery.Selection {
	return in.Find(`[data-testid="` + id + `"]`)
}
