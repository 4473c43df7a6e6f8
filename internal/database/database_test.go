package database_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"

	"gorm.io/gorm/schema"

	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/database"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

func TestMain(m *testing.M) { testutil.Main(m) }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func open(t *testing.T, cfg config.Config) *database.DB {
	t.Helper()
	db, err := database.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// The migrations, not AutoMigrate, create the schema in production: every
// table and column a GORM model uses must exist after `migrate up`, on both
// databases.
func TestMigrationsCoverEveryModel(t *testing.T) {
	for name, cfg := range map[string]config.Config{
		"postgres": {DatabaseURL: testutil.FreshPostgresURL(t)},
		"sqlite":   {SQLitePath: t.TempDir() + "/schema.db"},
	} {
		t.Run(name, func(t *testing.T) {
			db := open(t, cfg)
			if err := db.MigrateUp(context.Background(), quiet); err != nil {
				t.Fatal(err)
			}
			m := db.Gorm.Migrator()
			for _, model := range models.All() {
				s, err := schema.Parse(model, &sync.Map{}, db.Gorm.NamingStrategy)
				if err != nil {
					t.Fatal(err)
				}
				if !m.HasTable(s.Table) {
					t.Errorf("table %s (model %s) is not created by the migrations", s.Table, s.Name)
					continue
				}
				for _, f := range s.Fields {
					if f.DBName == "" {
						continue
					}
					if !m.HasColumn(model, f.DBName) {
						t.Errorf("column %s.%s (field %s.%s) is not created by the migrations", s.Table, f.DBName, s.Name, f.Name)
					}
				}
			}
		})
	}
}

// Migrations go down and up again cleanly.
func TestMigrationsRoundTrip(t *testing.T) {
	db := open(t, config.Config{DatabaseURL: testutil.FreshPostgresURL(t)})
	ctx := context.Background()
	if err := db.MigrateUp(ctx, quiet); err != nil {
		t.Fatal(err)
	}
	p, err := db.Migrator()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 0); err != nil {
		t.Fatalf("down to 0: %v", err)
	}
	if db.Gorm.Migrator().HasTable("users") {
		t.Fatal("users still exists after migrating down")
	}
	if err := db.MigrateUp(ctx, quiet); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if !db.Gorm.Migrator().HasTable("users") {
		t.Fatal("users missing after migrating up again")
	}
}

// Several instances starting together apply each migration exactly once.
func TestConcurrentStartsApplyEachMigrationOnce(t *testing.T) {
	url := testutil.FreshPostgresURL(t)
	const instances = 4
	var wg sync.WaitGroup
	errs := make(chan error, instances)
	for i := 0; i < instances; i++ {
		db := open(t, config.Config{DatabaseURL: url})
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- db.MigrateUp(context.Background(), quiet)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent migrate: %v", err)
		}
	}
	db := open(t, config.Config{DatabaseURL: url})
	var rows []struct {
		VersionID int64
		N         int
	}
	if err := db.Gorm.Raw(`SELECT version_id, count(*) AS n FROM goose_db_version WHERE version_id > 0 GROUP BY version_id`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("no migrations recorded")
	}
	for _, r := range rows {
		if r.N != 1 {
			t.Errorf("migration %d applied %d times", r.VersionID, r.N)
		}
	}
	if v, err := db.Version(context.Background()); err != nil || v < 1 {
		t.Fatalf("version = %d, %v", v, err)
	}
}
