package main

import (
	"flag"
	"io"
	"time"

	"github.com/bazi-master/bazi-master/internal/ziweiinput"
)

// ziweiCmd prints the Zi Wei board for the flags, the same JSON as
// POST /api/v1/ziwei. Bad input exits 2 with the message on stderr.
func ziweiCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ziwei", flag.ContinueOnError)
	fs.SetOutput(stderr)
	request := ziweiinput.Flags(fs)
	if code, ok := parseArgs("ziwei", fs, args, stderr); !ok {
		return code
	}
	return printDoc("ziwei", func() (any, error) {
		board, err := ziweiinput.Build(request(), time.Now())
		if err != nil {
			return nil, err
		}
		return board.Document(), nil
	}, ziweiinput.FlagName, stdout, stderr)
}
