package tarot

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// Every face is well-formed XML, names the card in the language asked,
// reaches nothing outside itself, and no two major emblems are alike.
func TestFaces(t *testing.T) {
	emblems := map[string]string{}
	for i := range Deck() {
		c := &Deck()[i]
		for _, l := range langs {
			svg := Face(c, l)
			dec := xml.NewDecoder(strings.NewReader(svg))
			for {
				_, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s %s: %v\n%s", c.ID, l, err, svg)
				}
			}
			if !strings.HasPrefix(svg, "<svg") || !strings.Contains(svg, `viewBox="0 0 200 340"`) {
				t.Errorf("%s: %.80s", c.ID, svg)
			}
			for _, bad := range []string{"href", "url(", "@import", "<image", "<script"} {
				if strings.Contains(svg, bad) {
					t.Errorf("%s: face contains %q", c.ID, bad)
				}
			}
			if !strings.Contains(svg, ">"+xmlEscape(c.Name.In(l))+"</text>") {
				t.Errorf("%s: name in %s not on the face", c.ID, l)
			}
		}
		if c.Arcana == Major {
			e := majorEmblems[c.Number]
			if other, dup := emblems[e]; dup {
				t.Errorf("%s has the emblem of %s", c.ID, other)
			}
			emblems[e] = c.ID
		}
	}
	if f, _ := CardByID("world"); !strings.Contains(Face(f, "en"), ">XXI<") {
		t.Error("the World is not numbered XXI")
	}
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func TestFaceEscapesTheName(t *testing.T) {
	c := Card{ID: "x", Arcana: Major, Number: 0, Order: -1, Name: Text{En: `<b>"&'`}}
	svg := drawFace(&c, "en")
	if strings.Contains(svg, "<b>") || !strings.Contains(svg, "&lt;b&gt;&#34;&amp;&#39;") {
		t.Errorf("%s", svg)
	}
}
