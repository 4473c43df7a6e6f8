package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/ziweiinput"
)

// ziweiCmd prints the Zi Wei board for the flags, the same JSON as
// POST /api/v1/ziwei. Bad input exits 2 with the message on stderr.
func ziweiCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ziwei", flag.ContinueOnError)
	fs.SetOutput(stderr)
	request := ziweiinput.Flags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "bazi-master ziwei: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	board, err := ziweiinput.Build(request(), time.Now())
	if err != nil {
		var fe *bazi.FieldError
		if errors.As(err, &fe) {
			fmt.Fprintf(stderr, "bazi-master ziwei: %s: %s\n", ziweiinput.FlagName(fe.Field), fe.Message)
			return exitUsage
		}
		fmt.Fprintf(stderr, "bazi-master ziwei: %v\n", err)
		return exitFailure
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(board.Document()); err != nil {
		fmt.Fprintf(stderr, "bazi-master ziwei: %v\n", err)
		return exitFailure
	}
	return 0
}
