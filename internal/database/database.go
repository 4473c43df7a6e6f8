// Package database opens the app's database (PostgreSQL, or the embedded
// SQLite file for development) and applies the embedded migrations.
package database

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/migrations"
)

// DB is the open database with its dialect.
type DB struct {
	Gorm    *gorm.DB
	SQL     *sql.DB
	Dialect migrations.Dialect
}

// Open connects to DATABASE_URL, or to the SQLite file when it is empty.
func Open(ctx context.Context, cfg config.Config) (*DB, error) {
	gcfg := &gorm.Config{
		Logger:                 logger.Discard, // queries may carry user data; errors are logged by callers with context
		TranslateError:         true,
		SkipDefaultTransaction: true, // single statements need no wrapping transaction
	}
	var (
		g       *gorm.DB
		err     error
		dialect migrations.Dialect
	)
	if cfg.UsesPostgres() {
		dialect = migrations.Postgres
		g, err = gorm.Open(postgres.Open(withConnectTimeout(cfg.DatabaseURL)), gcfg)
	} else {
		dialect = migrations.SQLite
		if dir := filepath.Dir(cfg.SQLitePath); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("create sqlite folder: %w", err)
			}
		}
		dsn := cfg.SQLitePath + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)"
		g, err = gorm.Open(sqlite.Open(dsn), gcfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("database handle: %w", err)
	}
	if dialect == migrations.Postgres {
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(10)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	} else {
		// SQLite allows one writer; a single connection avoids SQLITE_BUSY storms.
		sqlDB.SetMaxOpenConns(1)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("reach %s database: %w", dialect, err)
	}
	return &DB{Gorm: g, SQL: sqlDB, Dialect: dialect}, nil
}

// connectTimeout bounds each new PostgreSQL connection, so a request made
// while the server is unreachable fails (503) instead of hanging.
const connectTimeout = "3"

// withConnectTimeout adds connect_timeout to a PostgreSQL URL or key=value
// DSN that does not set one.
func withConnectTimeout(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return dsn // let the driver report the malformed URL
		}
		q := u.Query()
		if q.Get("connect_timeout") != "" {
			return dsn
		}
		q.Set("connect_timeout", connectTimeout)
		u.RawQuery = q.Encode()
		return u.String()
	}
	if strings.Contains(dsn, "connect_timeout=") {
		return dsn
	}
	return strings.TrimSpace(dsn + " connect_timeout=" + connectTimeout)
}

// Close closes the connection pool.
func (db *DB) Close() error { return db.SQL.Close() }

// Ping checks the database within ctx.
func (db *DB) Ping(ctx context.Context) error { return db.SQL.PingContext(ctx) }

// Migrator returns a goose provider over the embedded migrations. On
// PostgreSQL it takes an advisory session lock, so instances starting
// together apply each migration exactly once.
func (db *DB) Migrator() (*goose.Provider, error) {
	var opts []goose.ProviderOption
	dialect := goose.DialectSQLite3
	if db.Dialect == migrations.Postgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, db.SQL, migrations.FS(db.Dialect), opts...)
	if err != nil {
		return nil, fmt.Errorf("load migrations: %w", err)
	}
	return p, nil
}

// MigrateUp applies every pending migration and logs each one.
func (db *DB) MigrateUp(ctx context.Context, log *slog.Logger) error {
	p, err := db.Migrator()
	if err != nil {
		return err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("apply migrations: %w", err)
	}
	for _, r := range results {
		log.Info("migration applied", "version", r.Source.Version, "file", filepath.Base(r.Source.Path), "duration_ms", r.Duration.Milliseconds())
	}
	return nil
}

// Version returns the newest applied migration version.
func (db *DB) Version(ctx context.Context) (int64, error) {
	p, err := db.Migrator()
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}
