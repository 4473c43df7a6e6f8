package handlers_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// ---- fake identity servers ----

// oauthGoogleAccount is what the fake Google's userinfo answers for a code.
type oauthGoogleAccount struct {
	ID            string `json:"id"`
	Email         string `json:"email"`
	VerifiedEmail bool   `json:"verified_email"`
	Name          string `json:"name"`
	Picture       string `json:"picture"`
}

// oauthFakeGoogle stands in for oauth2.googleapis.com (token) and
// www.googleapis.com (userinfo). The app reaches it through a transport
// that rewrites Google's constant URLs to this server.
type oauthFakeGoogle struct {
	srv *httptest.Server

	mu          sync.Mutex
	accounts    map[string]oauthGoogleAccount // by authorization code
	tokenStatus int                           // non-zero: the token endpoint fails with it
	hosts       []string                      // hosts the app called
	tokenCalls  int
}

func newOAuthFakeGoogle(t *testing.T) *oauthFakeGoogle {
	f := &oauthFakeGoogle{accounts: map[string]oauthGoogleAccount{}}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.hosts = append(f.hosts, r.Host)
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/token":
			f.tokenCalls++
			_ = r.ParseForm()
			if f.tokenStatus != 0 {
				w.WriteHeader(f.tokenStatus)
				return
			}
			if r.PostForm.Get("client_secret") != "google-secret" || r.PostForm.Get("client_id") != "google-id" {
				http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
				return
			}
			code := r.PostForm.Get("code")
			if _, ok := f.accounts[code]; !ok {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprint(w, `{"error":"invalid_grant"}`)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"access_token":"at-%s","token_type":"Bearer","expires_in":3599}`, code)
		case r.Method == http.MethodGet && r.URL.Path == "/oauth2/v2/userinfo":
			acc, ok := f.accounts[strings.TrimPrefix(r.URL.Query().Get("access_token"), "at-")]
			if !ok {
				http.Error(w, "unauthorized", http.StatusUnauthorized)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(acc)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// account registers the Google account a code stands for; returns the code.
func (f *oauthFakeGoogle) account(a oauthGoogleAccount) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	code := "code-" + oauthRand()
	f.accounts[code] = a
	return code
}

func (f *oauthFakeGoogle) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tokenCalls
}

// client sends every request to the fake, whatever Google host it names.
func (f *oauthFakeGoogle) client() *http.Client {
	target, _ := url.Parse(f.srv.URL)
	return &http.Client{Transport: oauthRewriteTransport{target: target}}
}

type oauthRewriteTransport struct{ target *url.URL }

func (rt oauthRewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	if h := r.URL.Host; h != "oauth2.googleapis.com" && h != "www.googleapis.com" {
		return nil, fmt.Errorf("unexpected host %s", h)
	}
	r.Host = r.URL.Host // the fake sees which Google host was meant
	r.URL.Scheme, r.URL.Host = rt.target.Scheme, rt.target.Host
	return http.DefaultTransport.RoundTrip(r)
}

// oauthWeChatAccount is what the fake WeChat knows about a code.
type oauthWeChatAccount struct {
	OpenID, UnionID, Nickname, Avatar string
}

// oauthFakeWeChat stands in for open.weixin.qq.com and api.weixin.qq.com; the
// provider's AuthURL, TokenURL and ProfileURL point here.
type oauthFakeWeChat struct {
	srv      *httptest.Server
	mu       sync.Mutex
	accounts map[string]oauthWeChatAccount
}

func newOAuthFakeWeChat(t *testing.T) *oauthFakeWeChat {
	f := &oauthFakeWeChat{accounts: map[string]oauthWeChatAccount{}}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		q := r.URL.Query()
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/sns/oauth2/access_token":
			acc, ok := f.accounts[q.Get("code")]
			if !ok || q.Get("appid") != "wx-app" || q.Get("secret") != "wechat-secret" {
				fmt.Fprint(w, `{"errcode":40029,"errmsg":"invalid code"}`)
				return
			}
			fmt.Fprintf(w, `{"access_token":"at-%s","expires_in":7200,"refresh_token":"rt","openid":%q,"scope":"snsapi_login"}`, q.Get("code"), acc.OpenID)
		case "/sns/userinfo":
			acc, ok := f.accounts[strings.TrimPrefix(q.Get("access_token"), "at-")]
			if !ok || q.Get("openid") != acc.OpenID {
				fmt.Fprint(w, `{"errcode":40003,"errmsg":"invalid openid"}`)
				return
			}
			_ = json.NewEncoder(w).Encode(map[string]any{
				"openid": acc.OpenID, "nickname": acc.Nickname, "sex": 1, "headimgurl": acc.Avatar, "unionid": acc.UnionID,
			})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *oauthFakeWeChat) account(a oauthWeChatAccount) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	code := "wxcode-" + oauthRand()
	f.accounts[code] = a
	return code
}

func oauthRand() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ---- the app under test ----

type oauthEnv struct {
	google *oauthFakeGoogle
	wechat *oauthFakeWeChat
}

func newOAuthEnv(t *testing.T) *oauthEnv {
	return &oauthEnv{google: newOAuthFakeGoogle(t), wechat: newOAuthFakeWeChat(t)}
}

// start runs the app with both providers configured against the fakes.
func (e *oauthEnv) start(t *testing.T, opts ...testutil.AppOption) *testutil.App {
	t.Helper()
	all := append([]testutil.AppOption{
		testutil.WithEnv(
			"GOOGLE_CLIENT_ID", "google-id", "GOOGLE_CLIENT_SECRET", "google-secret",
			"GOOGLE_REDIRECT_URI", "https://bazi.example/auth/google/callback",
			"WECHAT_APP_ID", "wx-app", "WECHAT_APP_SECRET", "wechat-secret",
			"WECHAT_REDIRECT_URI", "https://bazi.example/auth/wechat/callback",
		),
		testutil.WithServerOptions(
			server.WithOAuthHTTPClient(e.google.client()),
			server.WithWeChatURLs(e.wechat.srv.URL+"/connect/qrconnect", e.wechat.srv.URL+"/sns/oauth2/access_token", e.wechat.srv.URL+"/sns/userinfo"),
		),
	}, opts...)
	return testutil.StartApp(t, all...)
}

// begin starts sign-in and returns the state from the provider URL the app
// redirected to (the test plays the browser and the provider's consent).
func oauthBegin(t *testing.T, app *testutil.App, provider, query string) (string, *url.URL) {
	t.Helper()
	res := app.Get(t, "/auth/"+provider+query)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("begin %s: status %d: %s", provider, res.StatusCode, res.Body)
	}
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	state := loc.Query().Get("state")
	if state == "" {
		t.Fatalf("no state in %s", loc)
	}
	return state, loc
}

// callback is the provider sending the browser back.
func oauthCallback(t *testing.T, app *testutil.App, provider string, q url.Values, headers ...string) *testutil.Response {
	t.Helper()
	return app.Get(t, "/auth/"+provider+"/callback?"+q.Encode(), headers...)
}

func oauthSignOut(app *testutil.App) {
	u, _ := url.Parse(app.URL)
	var expired []*http.Cookie
	for _, c := range app.Client.Jar.Cookies(u) {
		if c.Name == "bm_session" {
			expired = append(expired, &http.Cookie{Name: c.Name, Value: "", Path: "/", MaxAge: -1})
		}
	}
	app.Client.Jar.SetCookies(u, expired)
}

func oauthIdentity(t *testing.T, app *testutil.App, provider, id string) *models.Identity {
	t.Helper()
	i, err := app.Server.Identities.Find(context.Background(), provider, id)
	if err == models.ErrNotFound {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return i
}

func oauthCountUsersNamed(t *testing.T, app *testutil.App, name string) int64 {
	t.Helper()
	var n int64
	if err := app.Server.DB.Gorm.Model(&models.User{}).Where("display_name = ?", name).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func oauthWantProblem(t *testing.T, res *testutil.Response, status int, text string) {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", res.StatusCode, status, res.Body)
	}
	d := testutil.HTML(t, res.Body)
	if d.Find(`[data-testid="oauth-problem"]`).Length() != 1 {
		t.Fatalf("no problem page: %s", res.Body)
	}
	if got := d.Find(`[data-testid="oauth-problem"]`).Text(); !strings.Contains(got, text) {
		t.Fatalf("problem page says %q, want %q", strings.Join(strings.Fields(got), " "), text)
	}
}

// ---- tests ----

func TestGoogleSignInCreatesAccountThenReusesIt(t *testing.T) {
	env := newOAuthEnv(t)
	app := env.start(t)
	gid, email, name := "g-"+oauthRand(), "ann-"+oauthRand()+"@example.com", "Ann "+oauthRand()

	state, loc := oauthBegin(t, app, "google", "?next=/chart/new")
	if loc.Host != "accounts.google.com" || loc.Query().Get("client_id") != "google-id" ||
		loc.Query().Get("redirect_uri") != "https://bazi.example/auth/google/callback" || len(state) != 43 {
		t.Fatalf("provider URL: %s", loc)
	}
	if app.WhoAmI(t) != 0 {
		t.Fatal("signed in before the callback")
	}

	code := env.google.account(oauthGoogleAccount{ID: gid, Email: strings.ToUpper(email), VerifiedEmail: true, Name: name, Picture: "https://lh3.example/p.png"})
	res := oauthCallback(t, app, "google", url.Values{"code": {code}, "state": {state}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/chart/new" {
		t.Fatalf("callback: %d %s %s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	env.google.mu.Lock()
	hosts := strings.Join(env.google.hosts, " ")
	env.google.mu.Unlock()
	if hosts != "oauth2.googleapis.com www.googleapis.com" {
		t.Fatalf("the app called %q, want Google's token then userinfo endpoints", hosts)
	}
	uid := app.WhoAmI(t)
	if uid == 0 {
		t.Fatal("not signed in after the callback")
	}
	u, err := app.Server.Users.ByID(context.Background(), uid)
	if err != nil {
		t.Fatal(err)
	}
	if u.EmailAddress() != email || !u.Verified() || u.DisplayName != name || u.PasswordHash != "" || u.LastSignInAt == nil {
		t.Fatalf("new account: %+v", u)
	}
	if i := oauthIdentity(t, app, "google", gid); i == nil || i.UserID != uid || i.Email != email || i.AvatarURL != "https://lh3.example/p.png" {
		t.Fatalf("identity: %+v", i)
	}
	// The pages know who is signed in.
	if res := app.Get(t, "/profile"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, name) {
		t.Fatalf("profile after Google sign-in: %d", res.StatusCode)
	}

	// Signing in again, from a fresh browser, reuses the account.
	oauthSignOut(app)
	if app.WhoAmI(t) != 0 {
		t.Fatal("sign-out helper did not work")
	}
	state, _ = oauthBegin(t, app, "google", "")
	res = oauthCallback(t, app, "google", url.Values{"code": {env.google.account(oauthGoogleAccount{ID: gid, Email: email, VerifiedEmail: true, Name: name})}, "state": {state}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("second sign-in: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if app.WhoAmI(t) != uid || oauthCountUsersNamed(t, app, name) != 1 {
		t.Fatal("the second sign-in did not reuse the account")
	}
}

func TestOAuthTamperedStateIsRefused(t *testing.T) {
	env := newOAuthEnv(t)
	app := env.start(t)
	name := "Mallory " + oauthRand()
	state, _ := oauthBegin(t, app, "google", "")
	flip := "A"
	if state[10] == 'A' {
		flip = "B"
	}
	tampered := state[:10] + flip + state[11:]
	code := env.google.account(oauthGoogleAccount{ID: "g-" + oauthRand(), Name: name})
	res := oauthCallback(t, app, "google", url.Values{"code": {code}, "state": {tampered}}, "Accept-Language", "zh-CN")
	oauthWantProblem(t, res, http.StatusBadRequest, "登录链接已失效")
	if env.google.calls() != 0 || oauthCountUsersNamed(t, app, name) != 0 || app.WhoAmI(t) != 0 {
		t.Fatal("a tampered state reached the provider or created an account")
	}
	for _, q := range []url.Values{{"code": {code}}, {"code": {code}, "state": {"garbage"}}} {
		oauthWantProblem(t, oauthCallback(t, app, "google", q), http.StatusBadRequest, "This sign-in link has expired")
	}
	res = oauthCallback(t, app, "google", url.Values{"code": {code}, "state": {state}}, "Accept-Language", "zh-TW")
	oauthWantProblem(t, res, http.StatusBadRequest, "登入連結已失效")
}

func TestOAuthStateWorksOnce(t *testing.T) {
	env := newOAuthEnv(t)
	app := env.start(t)
	state, _ := oauthBegin(t, app, "google", "")
	code := env.google.account(oauthGoogleAccount{ID: "g-" + oauthRand(), Name: "Once " + oauthRand()})
	q := url.Values{"code": {code}, "state": {state}}
	if res := oauthCallback(t, app, "google", q); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first use: %d %s", res.StatusCode, res.Body)
	}
	// Replay with the state cookie put back: the server-side state is gone.
	u, _ := url.Parse(app.URL + "/auth/google")
	app.Client.Jar.SetCookies(u, []*http.Cookie{{Name: "bm_oauth_google", Value: state, Path: "/auth/google"}})
	oauthWantProblem(t, oauthCallback(t, app, "google", q), http.StatusBadRequest, "expired")
	if env.google.calls() != 1 {
		t.Fatalf("the provider was called %d times", env.google.calls())
	}
}

func TestOAuthCallbackNeedsTheBrowserThatBegan(t *testing.T) {
	// Someone begins a flow and sends the victim the callback URL with their
	// own code and state: without the state cookie it is refused, so the
	// victim is not signed in to the attacker's account.
	env := newOAuthEnv(t)
	attacker := env.start(t)
	state, _ := oauthBegin(t, attacker, "google", "")
	code := env.google.account(oauthGoogleAccount{ID: "g-" + oauthRand(), Name: "Attacker " + oauthRand()})
	victim := &testutil.App{URL: attacker.URL, Server: attacker.Server, Client: &http.Client{
		CheckRedirect: attacker.Client.CheckRedirect,
	}}
	oauthWantProblem(t, oauthCallback(t, victim, "google", url.Values{"code": {code}, "state": {state}}), http.StatusBadRequest, "expired")
	if env.google.calls() != 0 {
		t.Fatal("the planted callback reached the provider")
	}
}

func TestOAuthProviderErrorShowsFriendlyPage(t *testing.T) {
	env := newOAuthEnv(t)
	app := env.start(t)
	state, _ := oauthBegin(t, app, "google", "")
	res := oauthCallback(t, app, "google", url.Values{"error": {"access_denied"}, "state": {state}})
	oauthWantProblem(t, res, http.StatusBadRequest, "Sign-in was cancelled")
	if env.google.calls() != 0 || app.WhoAmI(t) != 0 {
		t.Fatal("a refused sign-in went on")
	}
	if !strings.Contains(app.Logs.String(), "access_denied") {
		t.Fatal("the provider's refusal is not logged")
	}

	// The token endpoint failing: a friendly page, nothing created, and the
	// log has the cause without the client secret or the code.
	env.google.mu.Lock()
	env.google.tokenStatus = http.StatusInternalServerError
	env.google.mu.Unlock()
	name := "Broken " + oauthRand()
	code := env.google.account(oauthGoogleAccount{ID: "g-" + oauthRand(), Name: name})
	state, _ = oauthBegin(t, app, "google", "")
	res = oauthCallback(t, app, "google", url.Values{"code": {code}, "state": {state}}, "Accept-Language", "zh-CN")
	oauthWantProblem(t, res, http.StatusBadGateway, "Google登录没有成功")
	if oauthCountUsersNamed(t, app, name) != 0 || app.WhoAmI(t) != 0 {
		t.Fatal("an account was created although the provider failed")
	}
	logs := app.Logs.String()
	if !strings.Contains(logs, "oauth provider round trip failed") || !strings.Contains(logs, "500") {
		t.Fatalf("the failure is not logged: %s", logs)
	}
	if strings.Contains(logs, "google-secret") || strings.Contains(logs, code) {
		t.Fatal("a secret or the code reached the log")
	}
}

func TestOAuthBeginOnOneInstanceFinishOnAnother(t *testing.T) {
	env := newOAuthEnv(t)
	redisURL, prefix := testutil.Redis(t)
	shared := testutil.WithEnv("REDIS_URL", redisURL, "REDIS_KEY_PREFIX", prefix)
	a := env.start(t, shared)
	b := env.start(t, shared)
	b.Client = a.Client // one browser; cookies are per host, not per port

	name := "Roaming " + oauthRand()
	state, _ := oauthBegin(t, a, "google", "?next=/chart/new")
	code := env.google.account(oauthGoogleAccount{ID: "g-" + oauthRand(), Name: name})
	res := oauthCallback(t, b, "google", url.Values{"code": {code}, "state": {state}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/chart/new" {
		t.Fatalf("callback on the other instance: %d %s", res.StatusCode, res.Body)
	}
	if id := b.WhoAmI(t); id == 0 || a.WhoAmI(t) != id {
		t.Fatal("the session is not shared by both instances")
	}
}

func TestOAuthWithoutRedisKeepsStateInTheDatabase(t *testing.T) {
	env := newOAuthEnv(t)
	app := env.start(t, testutil.WithoutRedis())
	state, _ := oauthBegin(t, app, "wechat", "")
	code := env.wechat.account(oauthWeChatAccount{OpenID: "o-" + oauthRand(), Nickname: "无Redis " + oauthRand()})
	if res := oauthCallback(t, app, "wechat", url.Values{"code": {code}, "state": {state}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("callback: %d %s", res.StatusCode, res.Body)
	}
	if app.WhoAmI(t) == 0 {
		t.Fatal("not signed in")
	}
	oauthWantProblem(t, oauthCallback(t, app, "wechat", url.Values{"code": {code}, "state": {state}}), http.StatusBadRequest, "expired")
}

func TestWeChatSignInKeysByUnionIDAndNeverUsesItsEmail(t *testing.T) {
	env := newOAuthEnv(t)
	app := env.start(t)
	openID, unionID, nick := "o-"+oauthRand(), "u-"+oauthRand(), "小明"+oauthRand()

	state, loc := oauthBegin(t, app, "wechat", "")
	if !strings.HasPrefix(loc.String(), env.wechat.srv.URL+"/connect/qrconnect?") || loc.Query().Get("appid") != "wx-app" ||
		loc.Query().Get("scope") != "snsapi_login" || loc.Query().Get("redirect_uri") != "https://bazi.example/auth/wechat/callback" {
		t.Fatalf("WeChat URL: %s", loc)
	}
	code := env.wechat.account(oauthWeChatAccount{OpenID: openID, UnionID: unionID, Nickname: nick, Avatar: "https://wx.qlogo.example/h.png"})
	if res := oauthCallback(t, app, "wechat", url.Values{"code": {code}, "state": {state}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("callback: %d %s", res.StatusCode, res.Body)
	}
	uid := app.WhoAmI(t)
	u, err := app.Server.Users.ByID(context.Background(), uid)
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != nil || u.DisplayName != nick {
		t.Fatalf("WeChat account: email %v, name %q", u.Email, u.DisplayName)
	}
	if _, err := app.Server.Users.ByEmail(context.Background(), openID+"@wechat.com"); err != models.ErrNotFound {
		t.Fatal("the synthetic address was stored")
	}
	i := oauthIdentity(t, app, "wechat", unionID)
	if i == nil || i.UserID != uid || i.Email != "" || i.Name != nick {
		t.Fatalf("identity keyed by UnionID: %+v", i)
	}

	// The same person through another WeChat app (another OpenID, same
	// UnionID) is the same account.
	oauthSignOut(app)
	state, _ = oauthBegin(t, app, "wechat", "")
	code = env.wechat.account(oauthWeChatAccount{OpenID: "o-other-" + oauthRand(), UnionID: unionID, Nickname: nick})
	oauthCallback(t, app, "wechat", url.Values{"code": {code}, "state": {state}})
	if app.WhoAmI(t) != uid {
		t.Fatal("the UnionID did not find the account")
	}

	// Without a UnionID the OpenID is the key.
	oauthSignOut(app)
	lone := "o-lone-" + oauthRand()
	state, _ = oauthBegin(t, app, "wechat", "")
	oauthCallback(t, app, "wechat", url.Values{"code": {env.wechat.account(oauthWeChatAccount{OpenID: lone, Nickname: "Lone"})}, "state": {state}})
	if i := oauthIdentity(t, app, "wechat", lone); i == nil || i.UserID != app.WhoAmI(t) || i.UserID == uid {
		t.Fatalf("OpenID-keyed identity: %+v", i)
	}

	// WeChat error answers (errcode) are a provider failure, not an account.
	state, _ = oauthBegin(t, app, "wechat", "")
	oauthWantProblem(t, oauthCallback(t, app, "wechat", url.Values{"code": {"unknown-code"}, "state": {state}}), http.StatusBadGateway, "did not work")
	// WeChat sends no code when the user declines.
	state, _ = oauthBegin(t, app, "wechat", "")
	oauthWantProblem(t, oauthCallback(t, app, "wechat", url.Values{"state": {state}}), http.StatusBadRequest, "cancelled")
}

func TestGoogleEmailOfAnExistingAccountIsNotLinked(t *testing.T) {
	env := newOAuthEnv(t)
	app := env.start(t)
	ctx := context.Background()
	email := testutil.UniqueEmail("bob")
	app.CreateUser(t, testutil.User{Email: email, Password: "bob's passphrase", Name: "Bob"})
	gid := "g-" + oauthRand()
	state, _ := oauthBegin(t, app, "google", "")
	code := env.google.account(oauthGoogleAccount{ID: gid, Email: email, VerifiedEmail: true, Name: "Not Bob " + oauthRand()})
	res := oauthCallback(t, app, "google", url.Values{"code": {code}, "state": {state}})
	oauthWantProblem(t, res, http.StatusConflict, email)
	if d := testutil.HTML(t, res.Body); d.Find(`[data-testid="oauth-problem-action"]`).AttrOr("href", "") != "/login?next=%2Fprofile" {
		t.Fatal("the page does not offer e-mail sign-in")
	}
	if oauthIdentity(t, app, "google", gid) != nil || app.WhoAmI(t) != 0 {
		t.Fatal("the Google account was linked to, or signed in to, the existing account")
	}

	// An unverified Google address is not taken at all: a new account without e-mail.
	other := "carol-" + oauthRand() + "@example.com"
	state, _ = oauthBegin(t, app, "google", "")
	code = env.google.account(oauthGoogleAccount{ID: "g-" + oauthRand(), Email: other, VerifiedEmail: false, Name: "Carol"})
	if res := oauthCallback(t, app, "google", url.Values{"code": {code}, "state": {state}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unverified: %d %s", res.StatusCode, res.Body)
	}
	u, _ := app.Server.Users.ByID(ctx, app.WhoAmI(t))
	if u == nil || u.Email != nil {
		t.Fatalf("unverified Google address stored: %+v", u)
	}
}

func TestLinkAndUnlinkProviders(t *testing.T) {
	env := newOAuthEnv(t)
	app := env.start(t)
	ctx := context.Background()
	email := testutil.UniqueEmail("dora")
	u := app.CreateUser(t, testutil.User{Email: email, Password: "dora's passphrase", Name: "Dora"})
	app.SignIn(t, u.ID)
	if app.WhoAmI(t) != u.ID {
		t.Fatal("test sign-in failed")
	}

	// From the profile: /auth/google while signed in links Google.
	gid := "g-" + oauthRand()
	state, _ := oauthBegin(t, app, "google", "")
	code := env.google.account(oauthGoogleAccount{ID: gid, Email: "dora.g@example.com", VerifiedEmail: true, Name: "Dora G"})
	res := oauthCallback(t, app, "google", url.Values{"code": {code}, "state": {state}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/profile" {
		t.Fatalf("link: %d %s %s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	if i := oauthIdentity(t, app, "google", gid); i == nil || i.UserID != u.ID {
		t.Fatalf("not linked: %+v", i)
	}
	if app.WhoAmI(t) != u.ID {
		t.Fatal("linking changed who is signed in")
	}
	if got, _ := app.Server.Users.ByID(ctx, u.ID); got.EmailAddress() != email {
		t.Fatal("linking changed the account's e-mail")
	}

	// Now Google alone signs in to this account.
	oauthSignOut(app)
	state, _ = oauthBegin(t, app, "google", "")
	oauthCallback(t, app, "google", url.Values{"code": {env.google.account(oauthGoogleAccount{ID: gid, Name: "Dora G"})}, "state": {state}})
	if app.WhoAmI(t) != u.ID {
		t.Fatal("the linked Google account does not sign in to the e-mail account")
	}

	// A second, different Google account cannot be linked on top.
	state, _ = oauthBegin(t, app, "google", "")
	res = oauthCallback(t, app, "google", url.Values{"code": {env.google.account(oauthGoogleAccount{ID: "g-" + oauthRand(), Name: "Other"})}, "state": {state}})
	oauthWantProblem(t, res, http.StatusConflict, "already linked")

	// Unlink needs the CSRF token, then removes the identity.
	unlink := func(provider string, withToken bool) *testutil.Response {
		form := url.Values{"_csrf": {"-"}} // "-": no token at all
		if withToken {
			form = url.Values{}
		}
		return app.PostForm(t, "/auth/"+provider+"/unlink", form)
	}
	if res := unlink("google", false); res.StatusCode != http.StatusForbidden || oauthIdentity(t, app, "google", gid) == nil {
		t.Fatalf("unlink without CSRF token: %d", res.StatusCode)
	}
	if res := unlink("google", true); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/profile" {
		t.Fatalf("unlink: %d %s", res.StatusCode, res.Body)
	}
	if oauthIdentity(t, app, "google", gid) != nil {
		t.Fatal("still linked after unlink")
	}
	if res := unlink("github", true); res.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown provider: %d", res.StatusCode)
	}

	// Guests cannot unlink.
	oauthSignOut(app)
	if res := unlink("google", true); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("guest unlink: %d", res.StatusCode)
	}
}

func TestLinkingAnotherAccountsIdentityIsRefused(t *testing.T) {
	env := newOAuthEnv(t)
	app := env.start(t)

	// Erin signs up with Google.
	gid := "g-" + oauthRand()
	state, _ := oauthBegin(t, app, "google", "")
	oauthCallback(t, app, "google", url.Values{"code": {env.google.account(oauthGoogleAccount{ID: gid, Name: "Erin"})}, "state": {state}})
	erin := app.WhoAmI(t)

	// Frank, signed in with e-mail, tries to link Erin's Google account.
	frank := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("frank"), Password: "frank's passphrase", Name: "Frank"})
	app.SignIn(t, frank.ID)
	state, _ = oauthBegin(t, app, "google", "")
	res := oauthCallback(t, app, "google", url.Values{"code": {env.google.account(oauthGoogleAccount{ID: gid, Name: "Erin"})}, "state": {state}})
	oauthWantProblem(t, res, http.StatusConflict, "linked to another account")
	if i := oauthIdentity(t, app, "google", gid); i == nil || i.UserID != erin {
		t.Fatal("the identity moved")
	}
	if app.WhoAmI(t) != frank.ID {
		t.Fatal("Frank was signed in to Erin's account")
	}

	// A link flow begun by Frank cannot be finished by someone else signed in.
	state, _ = oauthBegin(t, app, "google", "")
	app.SignIn(t, erin)
	res = oauthCallback(t, app, "google", url.Values{"code": {env.google.account(oauthGoogleAccount{ID: "g-" + oauthRand(), Name: "X"})}, "state": {state}})
	oauthWantProblem(t, res, http.StatusBadRequest, "expired")
}

func TestUnlinkingTheLastWayToSignInIsRefused(t *testing.T) {
	env := newOAuthEnv(t)
	app := env.start(t)
	gid, openID := "g-"+oauthRand(), "o-"+oauthRand()
	state, _ := oauthBegin(t, app, "google", "")
	oauthCallback(t, app, "google", url.Values{"code": {env.google.account(oauthGoogleAccount{ID: gid, Name: "Gus"})}, "state": {state}})
	uid := app.WhoAmI(t)

	post := func(path string) *testutil.Response { return app.PostForm(t, path, url.Values{}) }
	oauthWantProblem(t, post("/auth/google/unlink"), http.StatusConflict, "only way to sign in")
	if oauthIdentity(t, app, "google", gid) == nil {
		t.Fatal("the last sign-in method was removed")
	}
	// The profile withholds the button and offers to link WeChat.
	d := testutil.HTML(t, app.Get(t, "/profile").Body)
	if d.Find(`[data-testid="unlink-google"]`).Length() != 0 || d.Find(`[data-testid="unlink-blocked-google"]`).Length() != 1 ||
		d.Find(`[data-testid="link-wechat"]`).AttrOr("href", "") != "/auth/wechat?next=%2Fprofile" {
		t.Fatalf("profile's linked providers: %s", d.Find(`[data-testid="linked-providers"]`).Text())
	}

	// With WeChat linked too, Google can go; then WeChat is the last one.
	state, _ = oauthBegin(t, app, "wechat", "")
	if res := oauthCallback(t, app, "wechat", url.Values{"code": {env.wechat.account(oauthWeChatAccount{OpenID: openID, Nickname: "Gus"})}, "state": {state}}); res.Header.Get("Location") != "/profile" {
		t.Fatalf("link WeChat: %d %s", res.StatusCode, res.Body)
	}
	d = testutil.HTML(t, app.Get(t, "/profile").Body)
	if d.Find(`[data-testid="unlink-google"]`).Length() != 1 || d.Find(`[data-testid="unlink-wechat"]`).Length() != 1 {
		t.Fatal("with two providers the profile offers no unlinking")
	}
	if res := post("/auth/google/unlink"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unlink Google with WeChat linked: %d %s", res.StatusCode, res.Body)
	}
	oauthWantProblem(t, post("/auth/wechat/unlink"), http.StatusConflict, "only way to sign in")
	if i := oauthIdentity(t, app, "wechat", openID); i == nil || i.UserID != uid {
		t.Fatal("WeChat, now the only way in, was removed")
	}
}

func TestDisabledAccountCannotSignInWithAProvider(t *testing.T) {
	env := newOAuthEnv(t)
	app := env.start(t)
	gid := "g-" + oauthRand()
	state, _ := oauthBegin(t, app, "google", "")
	oauthCallback(t, app, "google", url.Values{"code": {env.google.account(oauthGoogleAccount{ID: gid, Name: "Hal"})}, "state": {state}})
	uid := app.WhoAmI(t)
	if err := app.Server.Users.Update(context.Background(), uid, map[string]any{"disabled_at": fixedNow}); err != nil {
		t.Fatal(err)
	}
	oauthSignOut(app)
	state, _ = oauthBegin(t, app, "google", "")
	res := oauthCallback(t, app, "google", url.Values{"code": {env.google.account(oauthGoogleAccount{ID: gid, Name: "Hal"})}, "state": {state}})
	oauthWantProblem(t, res, http.StatusForbidden, "disabled")
	if app.WhoAmI(t) != 0 {
		t.Fatal("a disabled account was signed in")
	}
}

func TestUnconfiguredProvidersAreNotFound(t *testing.T) {
	app := testutil.StartApp(t, testutil.WithEnv("WECHAT_APP_ID", "wx-app")) // no secret: not configured
	for _, path := range []string{"/auth/google", "/auth/wechat", "/auth/github", "/auth/google/callback?code=x&state=y"} {
		if res := app.Get(t, path); res.StatusCode != http.StatusNotFound {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
	}
	env := newOAuthEnv(t)
	if res := env.start(t).Get(t, "/auth/github"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown provider: %d", res.StatusCode)
	}
}
