// Package chartstore turns a chart request into a saved chart and back. A
// saved chart keeps the request (so engine fixes reach it); the search
// columns (birth date, year, gender, place, pillars) are derived here, at
// every save, edit or import. It also owns the charts file that export
// writes and import reads back (transfer.go).
package chartstore

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/textguard"
	"github.com/bazi-master/bazi-master/models"
)

// Limits on what people type.
const (
	MaxNameLength  = 80
	MaxNotesLength = 5000
)

// FieldError names the field a saved chart's metadata is refused for
// (name, notes, tags); input problems come back as *bazi.FieldError.
type FieldError struct {
	Field, Code string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Code }

// Meta is what a person adds to a chart they keep.
type Meta struct {
	Name  string
	Notes string
	Tags  []string
}

// Build validates the request and the metadata and fills a SavedChart for
// user (ID unset). The name defaults to the birth date and time.
func Build(userID int64, r chartinput.Request, m Meta) (*models.SavedChart, error) {
	res, err := chartinput.Resolve(r)
	if err != nil {
		return nil, err
	}
	c := &models.SavedChart{UserID: userID}
	if err := Apply(c, m, res.Input); err != nil {
		return nil, err
	}
	if err := setInput(c, r, res); err != nil {
		return nil, err
	}
	return c, nil
}

// Apply validates and sets name, notes and tags.
func Apply(c *models.SavedChart, m Meta, in bazi.Input) error {
	// Stored text: a NUL byte or invalid UTF-8 would make PostgreSQL
	// refuse the row (an import file can carry them as \u0000 escapes).
	for _, f := range [...]struct{ field, text string }{{"name", m.Name}, {"notes", m.Notes}, {"tags", strings.Join(m.Tags, ",")}} {
		if !textguard.Valid(f.text) {
			return &FieldError{Field: f.field, Code: "invalid_text"}
		}
	}
	name := strings.TrimSpace(m.Name)
	if name == "" {
		name = defaultName(in)
	}
	if utf8.RuneCountInString(name) > MaxNameLength || !utf8.ValidString(name) {
		return &FieldError{Field: "name", Code: "too_long"}
	}
	notes := strings.TrimSpace(m.Notes)
	if utf8.RuneCountInString(notes) > MaxNotesLength || !utf8.ValidString(notes) {
		return &FieldError{Field: "notes", Code: "too_long"}
	}
	tags, ok := models.JoinTags(m.Tags)
	if !ok {
		return &FieldError{Field: "tags", Code: "invalid"}
	}
	c.Name, c.Notes, c.Tags = name, notes, tags
	return nil
}

// SplitTags reads tags typed as "family, client" (commas or 、，).
func SplitTags(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ';' })
}

func defaultName(in bazi.Input) string {
	if in.HasTime {
		return fmt.Sprintf("%04d-%02d-%02d %02d:%02d", in.Year, in.Month, in.Day, in.Hour, in.Minute)
	}
	return fmt.Sprintf("%04d-%02d-%02d", in.Year, in.Month, in.Day)
}

// setInput stores the request and its derived search columns.
func setInput(c *models.SavedChart, r chartinput.Request, res chartinput.Resolved) error {
	raw, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode chart input: %w", err)
	}
	p, err := bazi.PillarsOf(res.Input)
	if err != nil {
		return fmt.Errorf("compute pillars: %w", err)
	}
	pillars := p.Year.String() + " " + p.Month.String() + " " + p.Day.String()
	if p.HasHour {
		pillars += " " + p.Hour.String()
	}
	c.Input = string(raw)
	c.BirthDate = fmt.Sprintf("%04d-%02d-%02d", res.Input.Year, res.Input.Month, res.Input.Day)
	c.BirthYear = res.Input.Year
	c.Gender = res.Input.Gender.String()
	c.Pillars = pillars
	c.Place = strings.TrimSpace(r.Place)
	if c.Place == "" && res.Place != nil {
		c.Place = res.Place.Name
	}
	return nil
}

// Request decodes a saved chart's input.
func Request(c *models.SavedChart) (chartinput.Request, error) {
	var r chartinput.Request
	if err := json.Unmarshal([]byte(c.Input), &r); err != nil {
		return r, fmt.Errorf("decode input of chart %d: %w", c.ID, err)
	}
	return r, nil
}
