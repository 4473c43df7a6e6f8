package server_test

import (
	"testing"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// A session created on one instance is honoured by another sharing the same
// PostgreSQL and Redis; signing out everywhere or disabling the account ends
// it on both at the next request.
func TestSessionWorksAcrossInstances(t *testing.T) {
	redisURL, prefix := testutil.Redis(t)
	shared := testutil.WithEnv("REDIS_URL", redisURL, "REDIS_KEY_PREFIX", prefix)
	a := testutil.StartApp(t, shared)
	b := testutil.StartApp(t, shared)

	u := a.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("scaleout"), Name: "Scale"})
	a.SignIn(t, u.ID)
	// Carry A's cookies to B, as a load balancer would send the browser there.
	onB := func() *testutil.App {
		br := b.NewSession()
		br.Client.Jar.SetCookies(mustURL(t, b.URL), a.Client.Jar.Cookies(mustURL(t, a.URL)))
		return br
	}
	if who := onB().WhoAmI(t); who != u.ID {
		t.Fatalf("instance B sees %d", who)
	}

	// Sign out of all devices (epoch bump) on A: B refuses the session too.
	if _, err := a.Server.Users.BumpSessionEpoch(t.Context(), u.ID); err != nil {
		t.Fatal(err)
	}
	if who := onB().WhoAmI(t); who != 0 {
		t.Fatalf("after signing out everywhere B still sees %d", who)
	}
}
