// Package migrations embeds the versioned SQL schema, one folder per dialect.
// Files are applied by goose in version order; never edit an applied file,
// add a new one.
package migrations

import (
	"embed"
	"io/fs"
)

//go:embed postgres/*.sql sqlite/*.sql
var files embed.FS

// Dialect names the SQL dialect of a migration set.
type Dialect string

const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// FS returns the migrations of one dialect.
func FS(d Dialect) fs.FS {
	sub, err := fs.Sub(files, string(d))
	if err != nil {
		panic(err) // the embedded folders are fixed at build time
	}
	return sub
}
