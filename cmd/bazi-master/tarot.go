package main

import (
	"crypto/rand"
	"flag"
	"io"

	"github.com/bazi-master/bazi-master/internal/tarotinput"
)

// tarotCmd draws the spread of the flags and prints it, the same JSON as
// POST /api/v1/tarot/draw (in English). Bad input exits 2 with the message
// on stderr.
func tarotCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tarot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	request := tarotinput.Flags(fs)
	if code, ok := parseArgs("tarot", fs, args, stderr); !ok {
		return code
	}
	return printDoc("tarot", func() (any, error) {
		d, err := request().Shuffle(rand.Reader)
		if err != nil {
			return nil, err
		}
		return d.Document("en"), nil
	}, tarotinput.FlagName, stdout, stderr)
}
