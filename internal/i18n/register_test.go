package i18n

import (
	"strings"
	"testing"
)

// The site addresses its reader as 你 everywhere; a page that switches to
// the formal 您 reads as if another site wrote it.
func TestChineseAddressesTheReaderAs你(t *testing.T) {
	c := MustLoad()
	for _, l := range []Lang{SimplifiedChinese, TraditionalChinese} {
		for _, k := range c.Keys() {
			if v := c.T(l, k); strings.Contains(v, "您") {
				t.Errorf("%s %s uses 您: %q", l, k, v)
			}
		}
	}
}
