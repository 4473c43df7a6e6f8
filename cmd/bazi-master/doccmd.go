package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/bazi-master/bazi-master/bazi"
)

// parseArgs parses a document command's flags; ok is false when the
// command is over, with code its exit status (0 for -h).
func parseArgs(name string, fs *flag.FlagSet, args []string, stderr io.Writer) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return exitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "bazi-master %s: unexpected argument %q\n", name, fs.Arg(0))
		return exitUsage, false
	}
	return 0, true
}

// printDoc prints the document build computes as indented JSON, the
// API's bytes; refused input (a *bazi.FieldError) exits 2 naming the flag.
func printDoc(name string, build func() (any, error), flagName func(string) string, stdout, stderr io.Writer) int {
	doc, err := build()
	if err != nil {
		var fe *bazi.FieldError
		if errors.As(err, &fe) {
			fmt.Fprintf(stderr, "bazi-master %s: %s: %s\n", name, flagName(fe.Field), fe.Message)
			return exitUsage
		}
		fmt.Fprintf(stderr, "bazi-master %s: %v\n", name, err)
		return exitFailure
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		fmt.Fprintf(stderr, "bazi-master %s: %v\n", name, err)
		return exitFailure
	}
	return 0
}
