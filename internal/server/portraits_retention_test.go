package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// Housekeeping deletes guests' painted portraits with their readings,
// after GUEST_READING_RETENTION_DAYS; newer ones and users' stay.
func TestOldGuestPortraitsAreDeleted(t *testing.T) {
	app := testutil.StartApp(t, testutil.WithEnv("GUEST_READING_RETENTION_DAYS", "3"),
		testutil.WithServerOptions(server.WithHousekeepingEvery(20*time.Millisecond)))
	db := app.Server.DB.Gorm
	ctx := context.Background()
	user := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("painter")})
	keep := func(p models.Portrait, age time.Duration) int64 {
		p.ChartQuery, p.Provider, p.Model, p.Mime, p.Bytes = "date=1990-05-17", models.PortraitOpenAI, "fake", "image/png", []byte("png")
		if err := app.Server.Portraits.Keep(ctx, &p); err != nil {
			t.Fatal(err)
		}
		if err := db.Model(&models.Portrait{}).Where("id = ?", p.ID).Update("created_at", time.Now().Add(-age)).Error; err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	old := keep(models.Portrait{GuestIP: "192.0.2.11"}, 4*24*time.Hour)
	recent := keep(models.Portrait{GuestIP: "192.0.2.11"}, 2*24*time.Hour)
	users := keep(models.Portrait{UserID: &user.ID}, 10*24*time.Hour)
	testutil.Eventually(t, 10*time.Second, func() error {
		var n int64
		db.Model(&models.Portrait{}).Where("id = ?", old).Count(&n)
		if n != 0 {
			return testutil.Errorf("the 4-day-old guest portrait is still there")
		}
		return nil
	})
	var n int64
	db.Model(&models.Portrait{}).Where("id IN ?", []int64{recent, users}).Count(&n)
	if n != 2 {
		t.Fatalf("%d of the recent guest portrait and the user's old one are left, want both", n)
	}
}
