package astro

import (
	"testing"

	"github.com/bazi-master/bazi-master/internal/noderef"
)

// refDir is the node_modules directory holding astronomy-engine (make astro-ref); see
// noderef.Dir.
func refDir(t testing.TB) string {
	return noderef.Dir(t, "ASTRO_REF_DIR", "astronomy-engine", "astronomy-engine")
}
