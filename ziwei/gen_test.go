package ziwei

import (
	"testing"

	"github.com/bazi-master/bazi-master/internal/noderef"
)

// TestTablesUpToDate regenerates tables_gen.go from the installed iztro
// and compares it with the committed file.
func TestTablesUpToDate(t *testing.T) { noderef.UpToDate(t, refDir(t), "tables_gen.go") }
