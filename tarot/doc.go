// Package tarot is the Tarot engine: the 78-card Rider–Waite–Smith deck
// with its texts in English, Simplified and Traditional Chinese, the
// spreads and what each position means, an unbiased shuffle, and the
// card faces (SVG of our own design). It is pure: its only input is the
// embedded data/ files and the random reader the caller passes to
// Shuffle; it imports nothing of the app.
//
// # Use
//
//	s, _ := tarot.SpreadByID("celtic-cross")
//	d, err := tarot.Shuffle(rand.Reader, s, true)
//	for _, c := range d.Cards {
//		c.Card.Name.In("zh-Hans"), s.Positions[c.Position].Name.In("en"), c.Reversed
//	}
//	svg := tarot.Face(d.Cards[0].Card, "en")
//
// Lay rebuilds a draw from the cards a saved or linked draw names.
//
// The deck's structure (arcana, suit, number, order) is derived from the
// list of ids in deck.go; the data files only carry texts, and are
// checked against that list when first read.
package tarot
