// Command gen writes the almanac's names in Chinese to the locale files:
// every 宜忌 item, officer, deity, mansion, direction, animal and 彭祖
// line lunar-go can produce, keyed by the name itself, in simplified
// Chinese (lunar-go's own text) and in traditional Chinese (converted by
// OpenCC, Taiwan standard, as the gazetteer is). English names are
// written by hand in almanacnames.en.json; the catalog refuses to load
// when a key is missing from any language, so a name lunar-go gains
// without a translation fails the build's tests.
//
// Usage (from the repository root, after make almanac-src):
//
//	go run ./almanac/internal/gen
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/bazi-master/bazi-master/almanac"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	hans := map[string]string{}
	for _, n := range almanac.Names() {
		hans[n.Key()] = n.Text
	}
	dir := filepath.Join("internal", "i18n", "locales")
	if err := writeJSON(filepath.Join(dir, "almanacnames.zh-Hans.json"), hans); err != nil {
		return err
	}
	src := os.Getenv("ALMANAC_SRC")
	if src == "" {
		src = filepath.Join(".cache", "almanac-src", "node_modules")
	}
	// The page strings of almanac.zh-Hans.json are converted too: their
	// traditional form is as mechanical as the names'.
	for _, area := range []string{"almanacnames", "almanac"} {
		cmd := exec.Command("node", filepath.Join("almanac", "internal", "gen", "hant.js"),
			filepath.Join(dir, area+".zh-Hans.json"), filepath.Join(dir, area+".zh-Hant.json"))
		cmd.Env = append(os.Environ(), "NODE_PATH="+src)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("convert %s to traditional: %w", area, err)
		}
	}
	return nil
}

func writeJSON(path string, m map[string]string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
