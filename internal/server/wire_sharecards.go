package server

// Builds the share-image handlers: one renderer (the parsed card font)
// and one bounded cache of drawn cards, owned by the handler.

import (
	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/sharecard"
)

// shareCardCacheBytes bounds the drawn cards kept in memory (a card is
// 30–80 KB, so a few hundred of the most recently asked).
const shareCardCacheBytes = 24 << 20

// shareCardsHandler builds the share-image handlers.
func (s *Server) shareCardsHandler(site *handlers.Site) *handlers.ShareCards {
	h := handlers.NewShareCards(site, sharecard.MustNew(), sharecard.NewCache(shareCardCacheBytes), s.now)
	h.Shared = s.Charts.ByShareToken
	return h
}
