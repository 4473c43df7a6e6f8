package almanac

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// The committed name files are what the generator makes from this
// lunar-go: every name it can produce is there in simplified Chinese as
// lunar-go writes it, and English and traditional Chinese cover the same
// keys (go run ./almanac/internal/gen regenerates the Chinese).
func TestNameFilesAreFresh(t *testing.T) {
	read := func(lang string) map[string]string {
		raw, err := os.ReadFile(filepath.Join("..", "internal", "i18n", "locales", "almanacnames."+lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	hans, hant, en := read("zh-Hans"), read("zh-Hant"), read("en")
	names := Names()
	if len(hans) != len(names) {
		t.Errorf("almanacnames.zh-Hans.json has %d names, lunar-go %d: regenerate", len(hans), len(names))
	}
	for _, n := range names {
		if hans[n.Key()] != n.Text {
			t.Errorf("%s: zh-Hans %q, lunar-go %q: regenerate", n.Key(), hans[n.Key()], n.Text)
		}
		if hant[n.Key()] == "" || en[n.Key()] == "" {
			t.Errorf("%s: no traditional (%q) or English (%q) name", n.Key(), hant[n.Key()], en[n.Key()])
		}
	}
}
