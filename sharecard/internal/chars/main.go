// Command chars prints every character a share card can show, for
// pyftsubset --text-file (scripts/gen-font-subset.sh).
package main

import (
	"fmt"
	"os"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/sharecard/internal/charset"
)

func main() {
	cat, err := i18n.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, "chars:", err)
		os.Exit(1)
	}
	fmt.Println(string(charset.Runes(cat)))
}
