package chartinput

import (
	"math"
	"strings"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/places"
)

// Document is a computed chart as the API, the pages and the CLI give it:
// the engine's chart plus what the app resolved (the birthplace) and what
// was asked for (流月).
type Document struct {
	*bazi.Chart
	Place  *places.Place      `json:"place,omitempty"`
	LiuYue []bazi.LiuYueMonth `json:"liu_yue,omitempty"`
}

// Build resolves and computes a request; now decides the current luck
// pillar. A refused request is a *bazi.FieldError.
func Build(r Request, now time.Time) (*Document, error) {
	return BuildInto(new(bazi.Chart), r, now)
}

// BuildInto is Build computing into chart, so a hot path can reuse one.
func BuildInto(chart *bazi.Chart, r Request, now time.Time) (*Document, error) {
	res, err := Resolve(r)
	if err != nil {
		return nil, err
	}
	if err := bazi.ComputeInto(chart, res.Input, now); err != nil {
		return nil, err
	}
	doc := &Document{Chart: chart, Place: res.Place}
	if r.LiuYueYear != 0 {
		if months, ok := bazi.LiuYue(r.LiuYueYear); ok {
			doc.LiuYue = months[:]
		}
	}
	return doc, nil
}

// Chart is a computed chart together with the request and display name
// that named it.
type Chart struct {
	Request Request
	Name    string
	*Document
}

// Query is the chart's canonical URL query.
func (c Chart) Query() string { return c.Request.Query(c.Name) }

// Open reads a stored or linked chart query ("date=…&tz=…") and computes
// its chart. A query that is not URL syntax is a plain error; refused input
// is a *bazi.FieldError.
func Open(query string, now time.Time) (Chart, error) {
	req, name, err := ParseQuery(query)
	if err != nil {
		return Chart{Request: req, Name: name}, err
	}
	doc, err := Build(req, now)
	return Chart{Request: req, Name: name, Document: doc}, err
}

// placeTolerance is how far (in degrees) given coordinates may lie from a
// gazetteer entry and still be that place.
const placeTolerance = 0.5

// PlaceOf is the gazetteer entry a chart's birthplace names: the one
// Resolve used, else, when the request gave its own zone and coordinates,
// an entry of that name in that zone at those coordinates. found is false
// when a birthplace was named but is not in the gazetteer there, so a page
// does not show it as if it had been resolved; with no birthplace named
// it is true.
func PlaceOf(r Request, doc *Document) (p *places.Place, found bool) {
	if doc.Place != nil {
		return doc.Place, true
	}
	name := strings.TrimSpace(r.Place)
	if name == "" {
		return nil, true
	}
	in := doc.Input
	if in.Lon == nil || in.Lat == nil {
		return nil, false
	}
	for _, hit := range places.Search(name, 5) {
		if hit.TZ == doc.SolarTime.TZ && math.Abs(hit.Lon-*in.Lon) <= placeTolerance && math.Abs(hit.Lat-*in.Lat) <= placeTolerance {
			return &hit, true
		}
	}
	return nil, false
}
