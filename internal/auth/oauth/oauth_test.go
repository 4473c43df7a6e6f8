package oauth_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/markbates/goth"
	"github.com/markbates/goth/providers/wechat"

	"github.com/bazi-master/bazi-master/internal/auth/oauth"
	"github.com/bazi-master/bazi-master/internal/kv"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func checkStates(t *testing.T, store kv.Store) {
	clk := &clock{t: time.Now()}
	st := oauth.NewStates(store, clk.now)
	ctx := context.Background()

	state, err := st.Begin(oauth.Flow{Provider: "google", Mode: oauth.ModeLink, UserID: 7, Next: "/profile"})
	if err != nil {
		t.Fatal(err)
	}
	if !oauth.ValidState(state) {
		t.Fatalf("state %q has the wrong shape", state)
	}
	other, _ := st.Begin(oauth.Flow{Provider: "google"})
	if other == state {
		t.Fatal("two flows got the same state")
	}
	f, err := st.Take(ctx, state)
	if err != nil || f.Provider != "google" || f.Mode != oauth.ModeLink || f.UserID != 7 || f.Next != "/profile" {
		t.Fatalf("take: %+v, %v", f, err)
	}
	if _, err := st.Take(ctx, state); !errors.Is(err, oauth.ErrNoFlow) {
		t.Fatalf("a state worked twice: %v", err)
	}
	for _, bad := range []string{"", "short", strings.Repeat("!", 43), other[:42] + "A"} {
		if bad == other {
			continue
		}
		if _, err := st.Take(ctx, bad); !errors.Is(err, oauth.ErrNoFlow) {
			t.Fatalf("state %q accepted: %v", bad, err)
		}
	}

	// Ten minutes to finish; the store's expiry and the flow's own time agree.
	clk.add(oauth.StateTTL + time.Second)
	if _, err := st.Take(ctx, other); !errors.Is(err, oauth.ErrNoFlow) {
		t.Fatalf("an expired state worked: %v", err)
	}
}

func TestStatesInMemory(t *testing.T) { checkStates(t, kv.NewMemory()) }

func TestStatesInRedis(t *testing.T) {
	u, prefix := testutil.Redis(t)
	r, err := kv.OpenRedis(context.Background(), u, prefix)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	checkStates(t, r)

	// Concurrent callbacks with one state: exactly one gets the flow (GETDEL).
	st := oauth.NewStates(r, nil)
	state, err := st.Begin(oauth.Flow{Provider: "wechat", Mode: oauth.ModeSignIn, Next: "/"})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if f, err := st.Take(context.Background(), state); err == nil && f != nil {
				mu.Lock()
				won++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if won != 1 {
		t.Fatalf("%d callbacks got the same state", won)
	}
	// The key lives under the app's prefix, with a TTL.
	ttl, err := r.Client().TTL(context.Background(), prefix+"oauth:state:"+mustBegin(t, st)).Result()
	if err != nil || ttl <= 0 || ttl > oauth.StateTTL {
		t.Fatalf("state TTL %v, %v", ttl, err)
	}
}

func mustBegin(t *testing.T, st *oauth.States) string {
	t.Helper()
	s, err := st.Begin(oauth.Flow{Provider: "google", Mode: oauth.ModeSignIn, Next: "/"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestProfileFromGoogle(t *testing.T) {
	u := goth.User{UserID: "1234", Email: "Ann@Example.COM", Name: "  Ann   Lee ", AvatarURL: "https://lh3.example/a.png",
		RawData: map[string]any{"verified_email": true}}
	p, err := oauth.ProfileFrom("google", u)
	if err != nil || p.ID != "1234" || p.Email != "ann@example.com" || p.Name != "Ann Lee" || p.AvatarURL != "https://lh3.example/a.png" {
		t.Fatalf("verified: %+v, %v", p, err)
	}
	u.RawData = map[string]any{"verified_email": false}
	u.AvatarURL = "javascript:alert(1)"
	if p, _ := oauth.ProfileFrom("google", u); p.Email != "" || p.AvatarURL != "" {
		t.Fatalf("unverified e-mail or script URL kept: %+v", p)
	}
	u.RawData = map[string]any{"email_verified": "true"}
	if p, _ := oauth.ProfileFrom("google", u); p.Email != "ann@example.com" {
		t.Fatalf("OIDC email_verified ignored: %+v", p)
	}
	if _, err := oauth.ProfileFrom("google", goth.User{Email: "x@y.z"}); err == nil {
		t.Fatal("a profile without a user id was accepted")
	}
	long := strings.Repeat("名", 100)
	if p, _ := oauth.ProfileFrom("google", goth.User{UserID: "1", Name: long}); len([]rune(p.Name)) != 64 {
		t.Fatalf("name not capped: %d runes", len([]rune(p.Name)))
	}
}

func TestProfileFromWeChat(t *testing.T) {
	u := goth.User{UserID: "oOpen1", Email: "oOpen1@wechat.com", Name: "小明", RawData: map[string]any{"Unionid": "oUnion1"}}
	p, err := oauth.ProfileFrom("wechat", u)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != "oUnion1" || strings.Join(p.LookupIDs, ",") != "oUnion1,oOpen1" {
		t.Fatalf("keys: %+v", p)
	}
	if p.Email != "" {
		t.Fatalf("WeChat's synthetic e-mail kept: %q", p.Email)
	}
	u.RawData = map[string]any{"Unionid": ""}
	if p, _ := oauth.ProfileFrom("wechat", u); p.ID != "oOpen1" || len(p.LookupIDs) != 1 || p.Email != "" {
		t.Fatalf("without UnionID: %+v", p)
	}
}

// fakeWeChat answers the token and profile calls like WeChat.
func fakeWeChat(t *testing.T, tokenStatus int) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/token":
			if tokenStatus != 0 {
				w.WriteHeader(tokenStatus)
				return
			}
			fmt.Fprintf(w, `{"access_token":"at-%s","expires_in":7200,"openid":"oOpen"}`, r.URL.Query().Get("code"))
		case "/profile":
			fmt.Fprint(w, `{"openid":"oOpen","nickname":"小明","headimgurl":"https://wx.example/h.png","unionid":"oUnion"}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestExchangeAndSafeError(t *testing.T) {
	srv := fakeWeChat(t, 0)
	p := wechat.New("appid", "very-secret-value", "http://localhost/cb", wechat.WECHAT_LANG_CN)
	p.TokenURL, p.ProfileURL = srv.URL+"/token", srv.URL+"/profile"
	u, err := oauth.Exchange(context.Background(), p, url.Values{"code": {"c0de"}})
	if err != nil || u.UserID != "oOpen" || u.RawData["Unionid"] != "oUnion" {
		t.Fatalf("exchange: %+v, %v", u, err)
	}

	// A failure's log text names the step and hides the secret and the code
	// that WeChat's token URL carries.
	p.TokenURL = "http://127.0.0.1:1/token"
	_, err = oauth.Exchange(context.Background(), p, url.Values{"code": {"c0de-123"}})
	if err == nil {
		t.Fatal("unreachable token endpoint gave no error")
	}
	msg := oauth.SafeError(err, "very-secret-value", "c0de-123")
	if strings.Contains(msg, "very-secret-value") || strings.Contains(msg, "c0de-123") || !strings.HasPrefix(msg, "token: ") {
		t.Fatalf("unsafe or unclear log text: %q", msg)
	}

	failing := fakeWeChat(t, http.StatusInternalServerError)
	p.TokenURL = failing.URL + "/token"
	if _, err = oauth.Exchange(context.Background(), p, url.Values{"code": {"x"}}); err == nil {
		t.Fatal("token endpoint 500 gave no error")
	}

	// A provider that hangs is given up on when the context ends.
	hang := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-hang }))
	t.Cleanup(func() { close(hang); slow.Close() })
	p.TokenURL = slow.URL + "/token"
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := oauth.Exchange(ctx, p, url.Values{"code": {"x"}}); !errors.Is(err, oauth.ErrTimeout) {
		t.Fatalf("hanging provider: %v", err)
	}
}
