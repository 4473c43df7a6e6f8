package main

import (
	"flag"
	"fmt"
	"io"
	"time"

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
	if code, ok := parseArgs("chart", fs, args, stderr); !ok {
		return code
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
	return printDoc("chart", func() (any, error) { return chartinput.Build(request(), now) }, chartinput.FlagName, stdout, stderr)
}
