package server_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// probes mounts test-only routes: sign a user in by id, and say who is signed in.
func probes(app **testutil.App) server.Option {
	return server.WithRoutes(func(r fiber.Router) {
		r.Get("/test/login/:id", func(c *fiber.Ctx) error {
			id, _ := strconv.ParseInt(c.Params("id"), 10, 64)
			u, err := (*app).Server.Users.ByID(c.UserContext(), id)
			if err != nil {
				return err
			}
			_, err = (*app).Server.Sessions.Start(c, u.ID, u.SessionEpoch)
			return err
		})
		r.Get("/test/whoami", func(c *fiber.Ctx) error {
			if u := handlers.CurrentUser(c); u != nil {
				return c.SendString(strconv.FormatInt(u.ID, 10))
			}
			return c.SendString("guest")
		})
	})
}

// A session created on one instance is honoured by another sharing the same
// PostgreSQL and Redis; signing out everywhere or disabling the account ends
// it on both at the next request.
func TestSessionWorksAcrossInstances(t *testing.T) {
	redisURL, prefix := testutil.Redis(t)
	shared := testutil.WithEnv("REDIS_URL", redisURL, "REDIS_KEY_PREFIX", prefix)
	var a, b *testutil.App
	a = testutil.StartApp(t, shared, testutil.WithServerOptions(probes(&a)))
	b = testutil.StartApp(t, shared, testutil.WithServerOptions(probes(&b)))

	email := "scaleout@example.com"
	u := &models.User{Email: &email, DisplayName: "Scale"}
	if err := a.Server.Users.Create(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	if res := a.Get(t, "/test/login/"+strconv.FormatInt(u.ID, 10)); res.StatusCode != 200 {
		t.Fatalf("sign in on A: %d", res.StatusCode)
	}
	// Carry A's cookies to B, as a load balancer would send the browser there.
	reqB, _ := http.NewRequest(http.MethodGet, b.URL+"/test/whoami", nil)
	for _, c := range a.Client.Jar.Cookies(mustURL(t, a.URL)) {
		reqB.AddCookie(c)
	}
	if who := b.Do(t, reqB).Body; who != strconv.FormatInt(u.ID, 10) {
		t.Fatalf("instance B sees %q", who)
	}

	// Sign out of all devices (epoch bump) on A: B refuses the session too.
	if _, err := a.Server.Users.BumpSessionEpoch(t.Context(), u.ID); err != nil {
		t.Fatal(err)
	}
	reqB, _ = http.NewRequest(http.MethodGet, b.URL+"/test/whoami", nil)
	for _, c := range a.Client.Jar.Cookies(mustURL(t, a.URL)) {
		reqB.AddCookie(c)
	}
	if who := b.Do(t, reqB).Body; who != "guest" {
		t.Fatalf("after signing out everywhere B still sees %q", who)
	}
}
