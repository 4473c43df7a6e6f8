// Command gentable writes solarterm_table.go (solar terms and lunar months
// from lunar-go) into the current directory; run it with go generate in bazi/.
package main

import (
	"log"
	"os"

	"github.com/bazi-master/bazi-master/bazi/internal/ephem"
)

func main() {
	src, err := ephem.Source()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("solarterm_table.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
}
