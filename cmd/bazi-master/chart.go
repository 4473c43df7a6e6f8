package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
)

// chart prints the chart document for the flags, the same JSON as
// POST /api/v1/chart. Bad input exits 2 with the message on stderr.
func chart(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("chart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	request := chartinput.Flags(fs)
	var nowFlag string
	fs.StringVar(&nowFlag, "now", "", "RFC 3339 instant that decides the current luck pillar (default: now)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "bazi-master chart: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	now := time.Now()
	if nowFlag != "" {
		t, err := time.Parse(time.RFC3339, nowFlag)
		if err != nil {
			fmt.Fprintln(stderr, "bazi-master chart: now: must be an RFC 3339 time such as 2026-01-01T00:00:00Z")
			return exitUsage
		}
		now = t
	}
	doc, err := chartinput.Build(request(), now)
	if err != nil {
		var fe *bazi.FieldError
		if errors.As(err, &fe) {
			fmt.Fprintf(stderr, "bazi-master chart: %s: %s\n", chartinput.FlagName(fe.Field), fe.Message)
			return exitUsage
		}
		fmt.Fprintf(stderr, "bazi-master chart: %v\n", err)
		return exitFailure
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		fmt.Fprintf(stderr, "bazi-master chart: %v\n", err)
		return exitFailure
	}
	return 0
}
