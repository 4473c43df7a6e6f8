// Package overviewinput opens one birth in the three systems for the
// overview page and its reading: the BaZi chart's request (the overview's
// query is the chart's, through internal/chartinput) computed as a chart,
// a Zi Wei board (when the time is known) and a Western natal chart, and
// the synthesis points comparing them.
package overviewinput

import (
	"time"

	"github.com/bazi-master/bazi-master/internal/astroinput"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/synthesis"
	"github.com/bazi-master/bazi-master/internal/ziweiinput"
)

// Overview is one birth computed by every system.
type Overview struct {
	Request chartinput.Request // resolved
	Name    string
	Chart   *chartinput.Document
	// Board is nil when the birth time is unknown.
	Board  *ziweiinput.Board
	Astro  *astroinput.Chart
	Points []synthesis.Point
}

// Query is the overview's canonical query (the chart's).
func (o *Overview) Query() string { return o.Request.Query(o.Name) }

// Build computes req in the three systems. A refusal is the chart's
// *bazi.FieldError (the BaZi chart needs what the others need, except the
// board's time, which is optional here).
func Build(req chartinput.Request, name string, now time.Time) (*Overview, error) {
	doc, err := chartinput.Build(req, now)
	if err != nil {
		return nil, err
	}
	o := &Overview{Request: req, Name: name, Chart: doc}
	if doc.Chart.Options.TimeKnown {
		b, err := ziweiinput.Build(ziweiinput.Request{Request: req}, now)
		if err != nil {
			return nil, err
		}
		o.Board = b
	}
	a, err := astroinput.Build(astroinput.Request{Request: req}, now)
	if err != nil {
		return nil, err
	}
	o.Astro = a
	in := synthesis.Input{Chart: doc.Chart, Astro: a.Chart}
	if o.Board != nil {
		in.Board = o.Board.Board
	}
	o.Points = synthesis.Compare(in)
	return o, nil
}

// Open reads a stored or linked overview query (a chart query) and
// computes it.
func Open(query string, now time.Time) (*Overview, error) {
	req, name, err := chartinput.ParseQuery(query)
	if err != nil {
		return nil, err
	}
	return Build(req, name, now)
}
