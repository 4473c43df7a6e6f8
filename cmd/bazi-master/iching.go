package main

import (
	"crypto/rand"
	"flag"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/bazi-master/bazi-master/internal/ichinginput"
)

// ichingCmd casts (or reads entered lines) and prints the cast, the same
// JSON as POST /api/v1/iching. Bad input exits 2 with the message on
// stderr.
func ichingCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("iching", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var req ichinginput.Request
	var numbers string
	fs.StringVar(&req.Method, "method", "", "coins, yarrow, time, numbers or lines (default coins; lines when --lines is given)")
	fs.StringVar(&req.Lines, "lines", "", "six digits 6–9, bottom line first, e.g. 789789")
	fs.StringVar(&numbers, "numbers", "", "three whole numbers for the numbers method, e.g. 5,3,7")
	fs.StringVar(&req.At, "at", "", "the time method's moment, YYYY-MM-DDTHH:MM (default now)")
	fs.StringVar(&req.TZ, "tz", "", "the time method's IANA time zone (default UTC)")
	fs.StringVar(&req.Question, "question", "", "the question asked")
	if code, ok := parseArgs("iching", fs, args, stderr); !ok {
		return code
	}
	return printDoc("iching", func() (any, error) {
		for _, s := range strings.FieldsFunc(numbers, func(c rune) bool { return c == ',' || c == ' ' }) {
			n, err := strconv.Atoi(s)
			if err != nil {
				n = -1 // refused below, naming --numbers
			}
			req.Numbers = append(req.Numbers, n)
		}
		res, err := ichinginput.Cast(req, rand.Reader, time.Now())
		if err != nil {
			return nil, err
		}
		return res.Document(), nil
	}, func(field string) string { return "--" + field }, stdout, stderr)
}
