package ziwei

import (
	"testing"

	"github.com/bazi-master/bazi-master/internal/noderef"
)

// refDir is the node_modules directory holding iztro (make ziwei-ref); see
// noderef.Dir.
func refDir(t testing.TB) string { return noderef.Dir(t, "ZIWEI_REF_DIR", "iztro", "iztro") }
