package reading

import "testing"

// TestPageURL: a reading links back to the page its query belongs to.
func TestPageURL(t *testing.T) {
	for _, c := range []struct {
		topic      Topic
		query, url string
	}{
		{TopicOverall, "date=1990-01-01", "/chart?date=1990-01-01"},
		{TopicCompatibility, "date=1990-01-01", "/chart?date=1990-01-01"},
		{TopicZiwei, "date=1990-01-01", "/ziwei?date=1990-01-01"},
		{TopicAstro, "date=1990-01-01", "/astrology?date=1990-01-01"},
		{TopicAstro, "date=1990-01-01&day=2026-12-07", "/astrology/transits?date=1990-01-01&day=2026-12-07"},
		{TopicIChing, "lines=789789", "/iching?lines=789789"},
		{TopicTarot, "cards=fool&spread=single", "/tarot?cards=fool&spread=single"},
		{TopicOverview, "date=1990-01-01", "/overview?date=1990-01-01"},
	} {
		if got := PageURL(c.topic, c.query); got != c.url {
			t.Errorf("%s %s: %s, want %s", c.topic, c.query, got, c.url)
		}
	}
}
