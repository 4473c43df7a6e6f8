package handlers_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/a-h/templ"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/views"
)

func oauthViewPage(lang i18n.Lang) views.Page {
	cat := i18n.MustLoad()
	return views.Page{Lang: lang, T: func(k string, a ...any) string { return cat.T(lang, k, a...) }, CSRFToken: "tok", Asset: func(s string) string { return "/static/" + s }}
}

func oauthRenderHTML(t *testing.T, c templ.Component) string {
	t.Helper()
	var b bytes.Buffer
	if err := c.Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestOAuthButtonsShowOnlyConfiguredProviders(t *testing.T) {
	p := oauthViewPage(i18n.English)
	d := testutil.HTML(t, oauthRenderHTML(t, views.OAuthButtons(p, []string{"google", "wechat"}, "/chart?date=2000-01-01&tz=UTC")))
	g := d.Find(`[data-testid="oauth-google"]`)
	if g.AttrOr("href", "") != "/auth/google?next=%2Fchart%3Fdate%3D2000-01-01%26tz%3DUTC" || g.Text() == "" {
		t.Fatalf("Google button: href %q text %q", g.AttrOr("href", ""), g.Text())
	}
	if d.Find(`[data-testid="oauth-wechat"]`).AttrOr("href", "") != "/auth/wechat?next=%2Fchart%3Fdate%3D2000-01-01%26tz%3DUTC" {
		t.Fatal("WeChat button missing")
	}

	d = testutil.HTML(t, oauthRenderHTML(t, views.OAuthButtons(oauthViewPage(i18n.SimplifiedChinese), []string{"wechat"}, "")))
	if d.Find(`[data-testid="oauth-google"]`).Length() != 0 {
		t.Fatal("an unconfigured provider has a button")
	}
	if w := d.Find(`[data-testid="oauth-wechat"]`); w.AttrOr("href", "") != "/auth/wechat" || strings.TrimSpace(w.Text()) != "使用微信登录" {
		t.Fatalf("WeChat button: %q %q", w.AttrOr("href", ""), w.Text())
	}

	if d = testutil.HTML(t, oauthRenderHTML(t, views.OAuthButtons(p, nil, ""))); d.Find(`[data-testid="oauth-buttons"]`).Length() != 0 {
		t.Fatal("buttons shown with no provider configured")
	}
}

func TestLinkedProvidersSection(t *testing.T) {
	p := oauthViewPage(i18n.English)
	d := testutil.HTML(t, oauthRenderHTML(t, views.LinkedProviders(p, []views.OAuthLink{
		{Provider: "google", Enabled: true, Linked: true, Name: "Ann", Email: "ann@example.com", CanUnlink: true},
		{Provider: "wechat", Enabled: true},
	})))
	g := d.Find(`[data-testid="provider-google"]`)
	if g.AttrOr("data-linked", "") != "yes" || g.Find(`form`).AttrOr("action", "") != "/auth/google/unlink" ||
		g.Find(`input[name="_csrf"]`).AttrOr("value", "") != "tok" || g.Find(`[data-testid="unlink-google"]`).Length() != 1 {
		t.Fatalf("linked Google: %s", g.Text())
	}
	if w := d.Find(`[data-testid="link-wechat"]`); w.AttrOr("href", "") != "/auth/wechat?next=%2Fprofile" {
		t.Fatalf("link WeChat: %q", w.AttrOr("href", ""))
	}

	// The only way to sign in: no unlink button, an explanation instead.
	d = testutil.HTML(t, oauthRenderHTML(t, views.LinkedProviders(p, []views.OAuthLink{{Provider: "wechat", Enabled: true, Linked: true, Name: "小明"}})))
	if d.Find(`[data-testid="unlink-wechat"]`).Length() != 0 || d.Find(`[data-testid="unlink-blocked-wechat"]`).Length() != 1 {
		t.Fatal("the last sign-in method offers unlinking")
	}
}
