package kv

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/bazi-master/bazi-master/models"
)

// Database keeps entries in the kv_entries table, so sessions survive a
// restart when there is no Redis.
type Database struct {
	db  *gorm.DB
	now func() time.Time
}

// NewDatabase stores entries through db.
func NewDatabase(db *gorm.DB) *Database { return &Database{db: db, now: time.Now} }

func (d *Database) Get(key string) ([]byte, error) {
	if key == "" {
		return nil, nil
	}
	var e models.KVEntry
	err := d.db.Where("key = ? AND (expires_at = 0 OR expires_at > ?)", key, d.now().Unix()).Take(&e).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return e.Value, nil
}

func (d *Database) Set(key string, val []byte, exp time.Duration) error {
	if key == "" || len(val) == 0 {
		return nil
	}
	e := models.KVEntry{Key: key, Value: val}
	if exp > 0 {
		e.ExpiresAt = d.now().Add(exp).Unix()
		if exp < time.Second {
			e.ExpiresAt++ // round sub-second expiries up so they live at least until the next second
		}
	}
	return d.db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "key"}},
		DoUpdates: clause.AssignmentColumns([]string{"value", "expires_at"}),
	}).Create(&e).Error
}

func (d *Database) Delete(key string) error {
	return d.db.Where("key = ?", key).Delete(&models.KVEntry{}).Error
}

func (d *Database) Reset() error {
	return d.db.Where("1 = 1").Delete(&models.KVEntry{}).Error
}

// Sweep deletes expired entries; the server runs it periodically.
func (d *Database) Sweep(ctx context.Context) (int64, error) {
	res := d.db.WithContext(ctx).Where("expires_at > 0 AND expires_at <= ?", d.now().Unix()).Delete(&models.KVEntry{})
	return res.RowsAffected, res.Error
}

// Close is a no-op: the database is closed by its owner.
func (d *Database) Close() error { return nil }

func (d *Database) Ping(ctx context.Context) error {
	db, err := d.db.DB()
	if err != nil {
		return err
	}
	return db.PingContext(ctx)
}
