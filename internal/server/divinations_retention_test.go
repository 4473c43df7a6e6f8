package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// Housekeeping deletes guests' casts and draws with their readings, after
// GUEST_READING_RETENTION_DAYS; newer ones and users' stay.
func TestOldGuestDivinationsAreDeleted(t *testing.T) {
	app := testutil.StartApp(t, testutil.WithEnv("GUEST_READING_RETENTION_DAYS", "3"),
		testutil.WithServerOptions(server.WithHousekeepingEvery(20*time.Millisecond)))
	db := app.Server.DB.Gorm
	ctx := context.Background()
	user := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("keeper")})
	keep := func(owner models.Owner, query string, age time.Duration) int64 {
		d, err := app.Server.Divinations.Keep(ctx, owner, models.KindIChing, query, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Model(&models.Divination{}).Where("id = ?", d.ID).Update("created_at", time.Now().Add(-age)).Error; err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	guest := models.Owner{GuestIP: "192.0.2.10"}
	old := keep(guest, "lines=777777&r=old", 4*24*time.Hour)
	recent := keep(guest, "lines=777777&r=recent", 2*24*time.Hour)
	users := keep(models.Owner{UserID: user.ID}, "lines=777777&r=user", 10*24*time.Hour)
	testutil.Eventually(t, 10*time.Second, func() error {
		var n int64
		db.Model(&models.Divination{}).Where("id = ?", old).Count(&n)
		if n != 0 {
			return testutil.Errorf("the 4-day-old guest cast is still there")
		}
		return nil
	})
	var n int64
	db.Model(&models.Divination{}).Where("id IN ?", []int64{recent, users}).Count(&n)
	if n != 2 {
		t.Fatalf("%d of the recent guest cast and the user's old one are left, want both", n)
	}
}
