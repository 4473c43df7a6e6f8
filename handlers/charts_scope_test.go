package handlers_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/chartstore"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// Every saved-chart route is scoped to its owner (issue 6): another user
// who knows a chart's id cannot read, edit, favourite, delete, restore,
// destroy, share, unshare, export or bulk-change it, and a revoked share
// token opens nothing. Each step is also done by the owner and must
// work, so a handler that refuses everyone (a stub answering 404) fails.
func TestChartsAreScopedToTheirOwner(t *testing.T) {
	app := testutil.StartApp(t)
	ctx := context.Background()
	owner, ob := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("scope-owner"), Verified: true})
	_, mb := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("scope-intruder"), Verified: true})
	guest := app.NewSession()

	// chart is a new chart of the owner's, moved to the trash or shared
	// when the step needs it.
	n := 0
	chart := func(t *testing.T, trashed, shared bool) *models.SavedChart {
		t.Helper()
		n++
		c := xferChart(t, app, owner.ID, xferReq("1988-02-15", "23:30", "Asia/Shanghai", "male"),
			chartstore.Meta{Name: "Victim-" + strconv.Itoa(n) + "-" + strconv.FormatInt(owner.ID, 10), Notes: "private notes", Tags: []string{"secret"}}, false)
		if shared {
			tok := "scope-token-" + strconv.FormatInt(c.ID, 10) + "-0123456789abcdefghij"
			if err := app.Server.Charts.Update(ctx, owner.ID, c.ID, map[string]any{"share_token": tok}); err != nil {
				t.Fatal(err)
			}
			c.ShareToken = &tok
		}
		if trashed {
			if _, err := app.Server.Charts.Trash(ctx, owner.ID, []int64{c.ID}); err != nil {
				t.Fatal(err)
			}
		}
		return c
	}
	// load is the chart as stored now, nil when it is gone.
	load := func(t *testing.T, c *models.SavedChart) *models.SavedChart {
		t.Helper()
		got, err := app.Server.Charts.Get(ctx, owner.ID, c.ID)
		if errors.Is(err, models.ErrNotFound) {
			return nil
		}
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	path := func(c *models.SavedChart, suffix string) string {
		return "/charts/" + strconv.FormatInt(c.ID, 10) + suffix
	}
	// refused: the intruder's request answers 404 and leaks nothing.
	refused := func(t *testing.T, step string, res *testutil.Response, c *models.SavedChart) {
		t.Helper()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s by another user: %d, want 404", step, res.StatusCode)
		}
		if strings.Contains(res.Body, c.Name) || strings.Contains(res.Body, "private notes") {
			t.Errorf("%s by another user: the answer shows the chart", step)
		}
	}
	// done: the owner's request succeeded (a page or a redirect).
	done := func(t *testing.T, step string, res *testutil.Response) {
		t.Helper()
		if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s by the owner: %d, want 200 or 303: %.300s", step, res.StatusCode, res.Body)
		}
	}

	t.Run("read", func(t *testing.T) {
		c := chart(t, false, false)
		refused(t, "GET /charts/{id}", mb.Get(t, path(c, "")), c)
		if res := ob.Get(t, path(c, "")); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, c.Name) {
			t.Errorf("the owner cannot open the chart: %d", res.StatusCode)
		}
		// Nor does it show in the intruder's history search (by its notes:
		// the page repeats the search term, which must not be the name).
		search := "/history?q=" + url.QueryEscape("private notes")
		if res := mb.Get(t, search); strings.Contains(res.Body, c.Name) {
			t.Errorf("another user's history search shows the chart (%d)", res.StatusCode)
		}
		if res := ob.Get(t, search); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, c.Name) {
			t.Errorf("the owner's history search does not show the chart: %d", res.StatusCode)
		}
	})

	t.Run("edit", func(t *testing.T) {
		c := chart(t, false, false)
		edit := url.Values{"name": {"Renamed"}, "notes": {"changed"}, "tags": {"x"}}
		refused(t, "POST /charts/{id}", mb.PostForm(t, path(c, ""), edit), c)
		if got := load(t, c); got.Name != c.Name || got.Notes != "private notes" || got.Tags != ",secret," {
			t.Errorf("another user edited the chart: %+v", got)
		}
		done(t, "edit", ob.PostForm(t, path(c, ""), edit))
		if got := load(t, c); got.Name != "Renamed" || got.Notes != "changed" {
			t.Errorf("the owner's edit did not apply: %+v", got)
		}
	})

	t.Run("favourite", func(t *testing.T) {
		c := chart(t, false, false)
		refused(t, "POST /charts/{id}/favourite", mb.PostForm(t, path(c, "/favourite"), url.Values{"favourite": {"1"}}), c)
		if load(t, c).Favourite {
			t.Error("another user made the chart a favourite")
		}
		done(t, "favourite", ob.PostForm(t, path(c, "/favourite"), url.Values{"favourite": {"1"}}))
		if !load(t, c).Favourite {
			t.Error("the owner's favourite did not apply")
		}
	})

	t.Run("delete", func(t *testing.T) {
		c := chart(t, false, false)
		refused(t, "POST /charts/{id}/delete", mb.PostForm(t, path(c, "/delete"), nil), c)
		if load(t, c).DeletedAt != nil {
			t.Error("another user moved the chart to the trash")
		}
		done(t, "delete", ob.PostForm(t, path(c, "/delete"), nil))
		if load(t, c).DeletedAt == nil {
			t.Error("the owner's delete did not move the chart to the trash")
		}
	})

	t.Run("restore", func(t *testing.T) {
		c := chart(t, true, false)
		refused(t, "POST /charts/{id}/restore", mb.PostForm(t, path(c, "/restore"), nil), c)
		if load(t, c).DeletedAt == nil {
			t.Error("another user restored the chart")
		}
		done(t, "restore", ob.PostForm(t, path(c, "/restore"), nil))
		if load(t, c).DeletedAt != nil {
			t.Error("the owner's restore did not apply")
		}
	})

	t.Run("destroy", func(t *testing.T) {
		c := chart(t, true, false)
		refused(t, "POST /charts/{id}/destroy", mb.PostForm(t, path(c, "/destroy"), url.Values{"confirm": {"1"}}), c)
		if load(t, c) == nil {
			t.Fatal("another user deleted the chart forever")
		}
		done(t, "destroy", ob.PostForm(t, path(c, "/destroy"), url.Values{"confirm": {"1"}}))
		if load(t, c) != nil {
			t.Error("the owner's delete-forever did not apply")
		}
	})

	t.Run("share", func(t *testing.T) {
		c := chart(t, false, false)
		share := url.Values{"show_name": {"1"}, "show_place": {"1"}}
		refused(t, "POST /charts/{id}/share", mb.PostForm(t, path(c, "/share"), share), c)
		if load(t, c).ShareToken != nil {
			t.Fatal("another user shared the chart")
		}
		done(t, "share", ob.PostForm(t, path(c, "/share"), share))
		got := load(t, c)
		if got.ShareToken == nil {
			t.Fatal("the owner's share made no link")
		}
		if res := guest.Get(t, "/s/"+*got.ShareToken); res.StatusCode != http.StatusOK {
			t.Errorf("the owner's share link does not open: %d", res.StatusCode)
		}
	})

	t.Run("revoke and the token after it", func(t *testing.T) {
		c := chart(t, false, true)
		link := "/s/" + *c.ShareToken
		if res := guest.Get(t, link); res.StatusCode != http.StatusOK {
			t.Fatalf("a live share link does not open: %d", res.StatusCode)
		}
		refused(t, "POST /charts/{id}/share/revoke", mb.PostForm(t, path(c, "/share/revoke"), nil), c)
		if got := load(t, c); got.ShareToken == nil || *got.ShareToken != *c.ShareToken {
			t.Fatal("another user revoked the share link")
		}
		done(t, "revoke", ob.PostForm(t, path(c, "/share/revoke"), nil))
		if load(t, c).ShareToken != nil {
			t.Error("the owner's revoke did not apply")
		}
		for who, b := range map[string]*testutil.App{"a guest": guest, "another user": mb, "the owner": ob} {
			if res := b.Get(t, link); res.StatusCode != http.StatusNotFound || strings.Contains(res.Body, c.Name) {
				t.Errorf("a revoked share link opens for %s: %d", who, res.StatusCode)
			}
		}
		// Sharing again makes a new link; the old one stays dead.
		done(t, "share again", ob.PostForm(t, path(c, "/share"), nil))
		if got := load(t, c); got.ShareToken == nil || *got.ShareToken == *c.ShareToken {
			t.Errorf("sharing again reused the revoked token")
		}
		if res := guest.Get(t, link); res.StatusCode != http.StatusNotFound {
			t.Errorf("the revoked link opens again after re-sharing: %d", res.StatusCode)
		}
	})

	t.Run("a shared chart in the trash", func(t *testing.T) {
		c := chart(t, true, true)
		if res := guest.Get(t, "/s/"+*c.ShareToken); res.StatusCode != http.StatusNotFound {
			t.Errorf("the share link of a trashed chart opens: %d", res.StatusCode)
		}
	})

	t.Run("export", func(t *testing.T) {
		c := chart(t, false, false)
		for _, f := range []string{"json", "csv"} {
			q := "/charts/export." + f + "?ids=" + strconv.FormatInt(c.ID, 10)
			if res := mb.Get(t, q); res.StatusCode != http.StatusOK || strings.Contains(res.Body, c.Name) {
				t.Errorf("another user's %s export holds the chart (%d)", f, res.StatusCode)
			}
			if res := ob.Get(t, q); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, c.Name) {
				t.Errorf("the owner's %s export lacks the chart (%d)", f, res.StatusCode)
			}
		}
	})

	t.Run("bulk", func(t *testing.T) {
		bulk := func(b *testutil.App, action string, c *models.SavedChart, extra ...string) *testutil.Response {
			t.Helper()
			v := url.Values{"action": {action}, "ids": {strconv.FormatInt(c.ID, 10)}, "confirm": {"1"}}
			for i := 0; i+1 < len(extra); i += 2 {
				v.Set(extra[i], extra[i+1])
			}
			return b.PostForm(t, "/charts/bulk", v)
		}
		// notChanged: the intruder's bulk request answers without showing
		// the chart (how many changed is 0, if it says) and changes nothing.
		notChanged := func(action string, res *testutil.Response, c *models.SavedChart) {
			t.Helper()
			if res.StatusCode >= 500 || strings.Contains(res.Body, c.Name) {
				t.Errorf("bulk %s by another user: %d %.200s", action, res.StatusCode, res.Body)
			}
			if loc := res.Header.Get("Location"); strings.Contains(loc, "n=") && !strings.Contains(loc, "n=0") {
				t.Errorf("bulk %s by another user reports changes: %s", action, loc)
			}
		}

		c := chart(t, false, false)
		notChanged("trash", bulk(mb, "trash", c), c)
		if load(t, c).DeletedAt != nil {
			t.Error("another user's bulk trash moved the chart")
		}
		done(t, "bulk trash", bulk(ob, "trash", c))
		if load(t, c).DeletedAt == nil {
			t.Error("the owner's bulk trash did not apply")
		}

		notChanged("restore", bulk(mb, "restore", c), c)
		if load(t, c).DeletedAt == nil {
			t.Error("another user's bulk restore restored the chart")
		}
		done(t, "bulk restore", bulk(ob, "restore", c))
		if load(t, c).DeletedAt != nil {
			t.Error("the owner's bulk restore did not apply")
		}

		notChanged("tag", bulk(mb, "tag", c, "tag", "pwned"), c)
		if strings.Contains(load(t, c).Tags, "pwned") {
			t.Error("another user's bulk tag changed the chart")
		}
		done(t, "bulk tag", bulk(ob, "tag", c, "tag", "mine"))
		if !strings.Contains(load(t, c).Tags, ",mine,") {
			t.Errorf("the owner's bulk tag did not apply: %q", load(t, c).Tags)
		}

		// Bulk export redirects to the export of those ids, which for
		// another user holds nothing.
		for who, b := range map[string]*testutil.App{"another user": mb, "the owner": ob} {
			res := bulk(b, "export", c)
			loc := res.Header.Get("Location")
			if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/charts/export.json") {
				t.Errorf("bulk export by %s: %d to %q", who, res.StatusCode, loc)
				continue
			}
			holds := strings.Contains(b.Get(t, loc).Body, c.Name)
			if holds != (b == ob) {
				t.Errorf("bulk export by %s holds the chart: %v", who, holds)
			}
		}

		if _, err := app.Server.Charts.Trash(ctx, owner.ID, []int64{c.ID}); err != nil {
			t.Fatal(err)
		}
		notChanged("destroy", bulk(mb, "destroy", c), c)
		notChanged("empty_trash", mb.PostForm(t, "/charts/bulk", url.Values{"action": {"empty_trash"}, "confirm": {"1"}}), c)
		if load(t, c) == nil {
			t.Fatal("another user's bulk delete or empty trash removed the chart")
		}
		done(t, "bulk destroy", bulk(ob, "destroy", c))
		if load(t, c) != nil {
			t.Error("the owner's bulk delete-forever did not apply")
		}
	})
}
