// Command gen rebuilds common-passwords.txt.gz, the list of common passwords
// that password.Check refuses, from the passwords.json file shipped in the
// npm package @zxcvbn-ts/language-common (MIT licence). See LICENSE-DATA.md
// one directory up for the source, version and the exact steps.
//
// Usage (from the repository root):
//
//	go run ./internal/auth/password/internal/gen \
//	    -in /tmp/language-common/package/src/passwords.json \
//	    -out internal/auth/password/common-passwords.txt.gz
//
// The output is deterministic: entries are lower-cased, de-duplicated and
// sorted, one per line, and the gzip header carries no name or time, so
// regenerating from the same input gives the same bytes.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
)

func main() {
	in := flag.String("in", "", "path to passwords.json (a JSON array of strings)")
	out := flag.String("out", "", "path of the gzip file to write")
	flag.Parse()
	if *in == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	raw, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	seen := make(map[string]struct{}, len(list))
	var entries []string
	for _, p := range list {
		p = strings.ToLower(strings.TrimSpace(p))
		if p == "" || strings.ContainsAny(p, "\r\n") {
			continue
		}
		if _, dup := seen[p]; dup {
			continue
		}
		seen[p] = struct{}{}
		entries = append(entries, p)
	}
	slices.Sort(entries)

	f, err := os.Create(out)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		f.Close()
		return err
	}
	bw := bufio.NewWriter(zw)
	for _, p := range entries {
		bw.WriteString(p)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: wrote %d entries to %s\n", len(entries), out)
	return nil
}
