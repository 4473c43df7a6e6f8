// Package aiprice turns the tokens a reading used into money: a table of
// list prices per model (US dollars per million input and output tokens),
// the defaults for the models the app ships with, and the parser of the
// AI_PRICES override. It is pure: no I/O, no environment.
package aiprice

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// DefaultsAsOf is when the default prices were copied from the providers'
// published list prices; README states it next to the table.
const DefaultsAsOf = "2025-11"

// Price is one model's list price in US dollars per million tokens.
type Price struct {
	InputPerMTok  float64 // prompt tokens
	OutputPerMTok float64 // completion tokens
}

// Cost is what input prompt tokens and output completion tokens cost.
func (p Price) Cost(input, output int64) float64 {
	return (float64(input)*p.InputPerMTok + float64(output)*p.OutputPerMTok) / 1e6
}

// Table maps a model name (lower case) to its price.
type Table map[string]Price

// Defaults are the list prices of the models the app defaults to
// (OPENAI_MODEL gpt-4o-mini, ANTHROPIC_MODEL claude-sonnet-4-5, the
// Anthropic SDK default claude-haiku-4-5) and of their common neighbours,
// so switching the model does not silently lose the spend.
func Defaults() Table {
	return Table{
		"gpt-4o-mini":             {0.15, 0.60},
		"gpt-4o":                  {2.50, 10.00},
		"gpt-4.1":                 {2.00, 8.00},
		"gpt-4.1-mini":            {0.40, 1.60},
		"gpt-4.1-nano":            {0.10, 0.40},
		"gpt-5":                   {1.25, 10.00},
		"gpt-5-mini":              {0.25, 2.00},
		"gpt-5-nano":              {0.05, 0.40},
		"claude-sonnet-4-5":       {3.00, 15.00},
		"claude-sonnet-4-0":       {3.00, 15.00},
		"claude-sonnet-4":         {3.00, 15.00},
		"claude-haiku-4-5":        {1.00, 5.00},
		"claude-3-5-haiku-latest": {0.80, 4.00},
		"claude-3-5-haiku":        {0.80, 4.00},
		"claude-opus-4-1":         {15.00, 75.00},
	}
}

// With returns a copy of t with over's entries added or replacing t's.
func (t Table) With(over Table) Table {
	out := make(Table, len(t)+len(over))
	for k, v := range t {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

// dateSuffix is a dated snapshot's tail: "-2024-07-18" or "-20250929".
var dateSuffix = regexp.MustCompile(`-(\d{4}-\d{2}-\d{2}|\d{8})$`)

// Lookup finds model's price: by its exact name (any case), else by the
// name without a dated snapshot suffix, so "claude-sonnet-4-5-20250929"
// is priced as "claude-sonnet-4-5". Nothing looser: "gpt-4o-mini" must
// never be priced as "gpt-4o".
func (t Table) Lookup(model string) (Price, bool) {
	m := strings.ToLower(strings.TrimSpace(model))
	if p, ok := t[m]; ok {
		return p, true
	}
	if base := dateSuffix.ReplaceAllString(m, ""); base != m {
		p, ok := t[base]
		return p, ok
	}
	return Price{}, false
}

// Models lists the table's model names, sorted.
func (t Table) Models() []string {
	out := make([]string, 0, len(t))
	for k := range t {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// EntryError names the AI_PRICES entry that could not be read and why.
type EntryError struct {
	Entry  string
	Reason string
}

func (e *EntryError) Error() string {
	return fmt.Sprintf("entry %q: %s", e.Entry, e.Reason)
}

// maxPerMTok bounds a price: far above any list price, low enough that a
// typo of a few extra digits is caught.
const maxPerMTok = 10000

// modelName is what a provider's model id looks like (no spaces, no '=').
var modelName = regexp.MustCompile(`^[a-z0-9][a-z0-9._:/@+-]*$`)

// Parse reads "model=input/output;model=input/output" (US dollars per
// million tokens, e.g. "gpt-4o-mini=0.15/0.60;my-model=1/2"). Blank
// entries are skipped; a model named twice is an error, since one of the
// two prices would be ignored.
func Parse(s string) (Table, error) {
	out := Table{}
	for _, raw := range strings.Split(s, ";") {
		entry := strings.TrimSpace(raw)
		if entry == "" {
			continue
		}
		name, prices, ok := strings.Cut(entry, "=")
		if !ok {
			return nil, &EntryError{entry, "want model=input/output, prices in US dollars per million tokens"}
		}
		name = strings.ToLower(strings.TrimSpace(name))
		if !modelName.MatchString(name) || len(name) > 100 {
			return nil, &EntryError{entry, "the model name is empty or has characters a model id does not"}
		}
		in, outp, ok := strings.Cut(prices, "/")
		if !ok {
			return nil, &EntryError{entry, "want input/output prices separated by a slash, such as 0.15/0.60"}
		}
		var p Price
		for _, f := range []struct {
			text string
			dst  *float64
		}{{in, &p.InputPerMTok}, {outp, &p.OutputPerMTok}} {
			v, err := parsePrice(f.text)
			if err != nil {
				return nil, &EntryError{entry, err.Error()}
			}
			*f.dst = v
		}
		if _, dup := out[name]; dup {
			return nil, &EntryError{entry, "this model is priced twice"}
		}
		out[name] = p
	}
	return out, nil
}

func parsePrice(s string) (float64, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "$")
	// ParseFloat also takes "inf", "nan", hex and underscores: a price is
	// plain decimal digits with at most one point.
	if s == "" || strings.Trim(s, "0123456789.") != "" || strings.Count(s, ".") > 1 || s == "." {
		return 0, fmt.Errorf("%q is not a price such as 0.15", s)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v < 0 || v > maxPerMTok {
		return 0, fmt.Errorf("%q is not a price from 0 to %d", s, maxPerMTok)
	}
	return v, nil
}

// BuiltinProvider is the reader that runs in the app: it costs nothing.
const BuiltinProvider = "builtin"

// Quote is what some tokens of one provider's model cost.
type Quote struct {
	USD    float64
	Free   bool // the built-in reader
	Priced bool // the model has a price (always true when Free)
}

// Quote prices input and output tokens of provider's model; a model the
// table does not know is not Priced, so a page can say so instead of $0.
func (t Table) Quote(provider, model string, input, output int64) Quote {
	if provider == BuiltinProvider {
		return Quote{Free: true, Priced: true}
	}
	p, ok := t.Lookup(model)
	if !ok {
		return Quote{}
	}
	return Quote{USD: p.Cost(input, output), Priced: true}
}
