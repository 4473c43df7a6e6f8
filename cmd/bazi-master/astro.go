package main

import (
	"flag"
	"io"
	"time"

	"github.com/bazi-master/bazi-master/internal/astroinput"
)

// astroCmd prints the Western natal chart for the flags, the same JSON as
// POST /api/v1/astro. Bad input exits 2 with the message on stderr.
func astroCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("astro", flag.ContinueOnError)
	fs.SetOutput(stderr)
	request := astroinput.Flags(fs)
	if code, ok := parseArgs("astro", fs, args, stderr); !ok {
		return code
	}
	return printDoc("astro", func() (any, error) {
		chart, err := astroinput.Build(request(), time.Now())
		if err != nil {
			return nil, err
		}
		return chart.Document(), nil
	}, astroinput.FlagName, stdout, stderr)
}
