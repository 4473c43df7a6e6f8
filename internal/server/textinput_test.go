package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// A NUL byte or invalid UTF-8 gets a 400 naming the field, on PostgreSQL,
// for a guest's form, a query and the JSON API alike: never a 500.
func TestNULAndInvalidUTF8AreRefusedByField(t *testing.T) {
	app := testutil.StartApp(t)
	res := app.PostForm(t, "/login", url.Values{"email": {"a\x00b@example.com"}, "password": {"x"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "“email”") {
		t.Errorf("sign-in with NUL: %d %s", res.StatusCode, res.Body)
	}
	res = app.Get(t, "/places/suggest?q=%ff", "Accept-Language", "zh-CN")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "字段“q”") {
		t.Errorf("query with invalid UTF-8: %d %s", res.StatusCode, res.Body)
	}
	res = app.PostJSON(t, "/api/v1/chart", `{"date":"1988-02-15","tz":"UTC","gender":"male","place":"\u0000"}`)
	var body struct{ Error struct{ Code, Field string } }
	if res.StatusCode != http.StatusBadRequest || json.Unmarshal([]byte(res.Body), &body) != nil || body.Error.Code != "invalid_text" || body.Error.Field != "place" {
		t.Errorf("JSON with \\u0000: %d %s", res.StatusCode, res.Body)
	}
	// Text that merely looks odd is fine.
	if res := app.Get(t, "/places/suggest?q="+url.QueryEscape(`北京\u0000`)); res.StatusCode != http.StatusOK {
		t.Errorf("escaped-looking text refused: %d", res.StatusCode)
	}
}
