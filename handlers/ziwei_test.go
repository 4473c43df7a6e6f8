package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// boardQuery is the hand-checked birth: 2000-08-16 寅时, female:
// 命宫 午 with 紫微, 木三局.
const boardQuery = "date=2000-08-16&time=03%3A30&tz=Asia%2FShanghai&gender=female"

// boardDoc is the subset of the board JSON the issue names as required.
type boardDoc struct {
	MingGong          string `json:"ming_gong"`
	ShenGong          string `json:"shen_gong"`
	FiveElementsClass string `json:"five_elements_class"`
	SoulStar          string `json:"soul_star"`
	BodyStar          string `json:"body_star"`
	Palaces           []struct {
		Name         string `json:"name"`
		StemBranch   string `json:"stem_branch"`
		IsBodyPalace bool   `json:"is_body_palace"`
		MajorStars   []struct {
			Name, Brightness, Mutagen string
		} `json:"major_stars"`
		MinorStars     []struct{ Name, Brightness, Mutagen string } `json:"minor_stars"`
		AdjectiveStars []struct{ Name, Brightness, Mutagen string } `json:"adjective_stars"`
		Decadal        struct {
			StartAge int `json:"start_age"`
			EndAge   int `json:"end_age"`
		} `json:"decadal"`
	} `json:"palaces"`
	Horoscope struct {
		Year   int `json:"year"`
		Yearly struct {
			PalaceIndex int               `json:"palace_index"`
			Mutagen     map[string]string `json:"mutagen"`
		} `json:"yearly"`
	} `json:"horoscope"`
}

func TestZiweiAPIGivesTheHandCheckedBoard(t *testing.T) {
	app := startAPI(t)
	res := postJSON(t, app, "/api/v1/ziwei", `{"date":"2000-08-16","time":"03:30","tz":"Asia/Shanghai","gender":"female","year":2027}`)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d: %s", res.StatusCode, res.Body)
	}
	var d boardDoc
	res.JSON(t, &d)
	if d.MingGong != "午" || d.ShenGong != "戌" || d.FiveElementsClass != "木三局" || d.SoulStar != "破军" || d.BodyStar != "文昌" {
		t.Errorf("board %+v", d)
	}
	if len(d.Palaces) != 12 {
		t.Fatalf("%d palaces", len(d.Palaces))
	}
	ming := d.Palaces[4]
	if ming.Name != "命宫" || ming.StemBranch != "壬午" || len(ming.MajorStars) != 1 || ming.MajorStars[0].Name != "紫微" || ming.Decadal.StartAge != 3 || ming.Decadal.EndAge != 12 {
		t.Errorf("命宫 %+v", ming)
	}
	// 庚 year: 太阳 禄, 武曲 权, 太阴 科, 天同 忌 (iztro's default).
	hua := map[string]string{}
	stars := 0
	for _, p := range d.Palaces {
		for _, s := range p.MajorStars {
			stars++
			if s.Mutagen != "" {
				hua[s.Mutagen] = s.Name
			}
		}
		for _, s := range p.MinorStars {
			if s.Mutagen != "" {
				hua[s.Mutagen] = s.Name
			}
		}
	}
	if stars != 14 || hua["禄"] != "太阳" || hua["权"] != "武曲" || hua["科"] != "太阴" || hua["忌"] != "天同" {
		t.Errorf("%d major stars, 四化 %v", stars, hua)
	}
	if d.Horoscope.Year != 2027 || d.Horoscope.Yearly.PalaceIndex != 5 || d.Horoscope.Yearly.Mutagen["禄"] != "太阴" {
		t.Errorf("overlay %+v", d.Horoscope)
	}
}

func TestZiweiAPIRefusesByField(t *testing.T) {
	app := startAPI(t)
	for body, field := range map[string]string{
		`{"date":"2000-08-16","tz":"Asia/Shanghai","gender":"female"}`:                                  "time",
		`{"date":"2000-08-16","time":"03:30","tz":"Asia/Shanghai","gender":"female","year":1800}`:       "year",
		`{"date":"2000-08-16","time":"03:30","tz":"Asia/Shanghai","gender":"female","year":"2027"}`:     "year",
		`{"date":"2000-08-16","time":"03:30","tz":"Asia/Shanghai","gender":"female","yr":2027}`:         "yr",
		`{"date":"2000-08-16","time":"03:30","tz":"Asia/Shanghai","gender":"female","late_zi":"early"}`: "late_zi",
		`{"date":"2000-08-16","time":"25:30","tz":"Asia/Shanghai","gender":"female"}`:                   "time",
	} {
		res := postJSON(t, app, "/api/v1/ziwei", body)
		var e struct {
			Error struct{ Code, Message, Field string } `json:"error"`
		}
		res.JSON(t, &e)
		if res.StatusCode != 400 || e.Error.Field != field || e.Error.Code == "" || e.Error.Message == "" {
			t.Errorf("%s: %d %+v, want 400 naming %q", body, res.StatusCode, e.Error, field)
		}
	}
}

// boardPalace is the palace cell of a branch.
func boardPalace(d *goquery.Document, branch string) *goquery.Selection {
	return d.Find(`[data-testid="ziwei-palace"][data-branch="` + branch + `"]`)
}

func TestZiweiPageDrawsTheBoardInEveryLanguage(t *testing.T) {
	app := startAPI(t)
	for _, tc := range []struct{ lang, ziwei, pojun, soul, class string }{
		{"en", "Emperor", "Rebel", "Soul", "Wood 3rd"},
		{"zh-Hans", "紫微", "破军", "命宫", "木三局"},
		{"zh-Hant", "紫微", "破軍", "命宮", "木三局"},
		{"ja", "紫微", "破軍", "命宮", "木の三局"},
		{"ko", "자미", "파군", "명궁", "목삼국"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			res := app.Get(t, "/ziwei?"+boardQuery+"&lang="+tc.lang)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			if m := rawKey.FindString(res.Body); m != "" {
				t.Errorf("untranslated key on the page: %s", m)
			}
			d := testutil.HTML(t, res.Body)
			if n := d.Find(`[data-testid="ziwei-palace"]`).Length(); n != 12 {
				t.Fatalf("%d palaces", n)
			}
			ming := boardPalace(d, "午")
			if got := ming.Find(`[data-testid="ziwei-palace-link"]`).Text(); !strings.Contains(got, "壬午") || !strings.Contains(got, tc.soul) {
				t.Errorf("午 palace heading %q", got)
			}
			if got := ming.Find(`[data-testid="ziwei-major"]`).Text(); !strings.Contains(got, tc.ziwei) {
				t.Errorf("午 palace stars %q, want %s", got, tc.ziwei)
			}
			if got := text(d, `[data-testid="ziwei-class"]`); got != tc.class {
				t.Errorf("五行局 %q, want %q", got, tc.class)
			}
			if got := text(d, `[data-testid="ziwei-soul-star"]`); !strings.Contains(got, tc.pojun) {
				t.Errorf("命主 %q, want %q", got, tc.pojun)
			}
			if boardPalace(d, "戌").Find(`[data-testid="ziwei-body-mark"]`).Length() != 1 {
				t.Error("身宫 (戌) is not marked")
			}
			if got := strings.TrimSpace(boardPalace(d, "午").Find(`[data-testid="ziwei-decade-ages"]`).Text()); got != "3–12" {
				t.Errorf("午 decade %q", got)
			}
			// 太阳 化禄 in 卯 (庚 year).
			taiyang := boardPalace(d, "卯").Find(`[data-star="taiyangMaj"]`)
			if taiyang.Find(`[data-testid="ziwei-mutagen"]`).Length() != 1 || !strings.Contains(taiyang.Find(`[data-testid="ziwei-mutagen"]`).AttrOr("class", ""), "zw-lu") {
				t.Error("太阳 has no green 禄 badge")
			}
			// Every star carries its explanation.
			if desc := taiyang.Find(".term-pop").Text(); len(desc) < 20 || strings.Contains(desc, "term.") {
				t.Errorf("太阳's explanation %q", desc)
			}
			// Every term links to its glossary entry.
			g := testutil.HTML(t, app.Get(t, "/glossary?lang="+tc.lang).Body)
			seen := map[string]bool{}
			d.Find(`a[href^="/glossary#"]`).Each(func(_ int, s *goquery.Selection) {
				h, _ := s.Attr("href")
				id := strings.TrimPrefix(h, "/glossary#")
				if !seen[id] && g.Find(`[id="`+id+`"]`).Length() != 1 {
					t.Errorf("the board links to %s, which the glossary lacks", h)
				}
				seen[id] = true
			})
			if len(seen) < 30 {
				t.Errorf("only %d distinct glossary links on the board", len(seen))
			}
			// The board and the chart of the same birth link to each other.
			back, _ := d.Find(`[data-testid="ziwei-chart-link"]`).Attr("href")
			if !strings.HasPrefix(back, "/chart?") || strings.Contains(back, "year=") {
				t.Errorf("link to the chart %q", back)
			}
			chart := testutil.HTML(t, app.Get(t, back+"&lang="+tc.lang).Body)
			if href, _ := chart.Find(`[data-testid="ziwei-link"]`).Attr("href"); href != "/ziwei?"+strings.TrimPrefix(back, "/chart?") {
				t.Errorf("the chart links to the board at %q", href)
			}
		})
	}
}

// Choosing a palace highlights its 三方四正 and explains it, as a plain
// link and as an htmx swap of the board alone.
func TestZiweiPalaceChoiceHighlightsSanFangSiZheng(t *testing.T) {
	app := startAPI(t)
	d := testutil.HTML(t, app.Get(t, "/ziwei?"+boardQuery).Body)
	link, ok := boardPalace(d, "午").Find(`[data-testid="ziwei-palace-link"]`).Attr("href")
	if !ok || !strings.Contains(link, "palace=4") {
		t.Fatalf("the 午 palace links to %q", link)
	}
	res := app.Get(t, link)
	d = testutil.HTML(t, res.Body)
	if !strings.Contains(boardPalace(d, "午").AttrOr("class", ""), "zw-chosen") {
		t.Error("the chosen palace is not marked")
	}
	for _, b := range []string{"戌", "寅", "子"} { // trines and opposite of 午
		if !strings.Contains(boardPalace(d, b).AttrOr("class", ""), "zw-related") {
			t.Errorf("%s is not highlighted as 三方四正 of 午", b)
		}
	}
	if strings.Contains(boardPalace(d, "未").AttrOr("class", ""), "zw-related") {
		t.Error("未 is highlighted")
	}
	if got := text(d, `[data-testid="ziwei-chosen-desc"]`); len(got) < 20 || strings.HasPrefix(got, "term.") {
		t.Errorf("no explanation of the chosen palace: %q", got)
	}
	// htmx asks for the board alone.
	frag := app.Get(t, link, "HX-Request", "true", "HX-Target", "zw-main")
	if strings.Contains(frag.Body, "<html") || !strings.Contains(frag.Body, `id="zw-main"`) || !strings.Contains(frag.Body, "zw-chosen") {
		t.Errorf("htmx answer is not the board fragment:\n%.300s", frag.Body)
	}
}

// The decade and year selector moves the overlay.
func TestZiweiYearSelectorMovesTheOverlay(t *testing.T) {
	app := startAPI(t)
	d := testutil.HTML(t, app.Get(t, "/ziwei?"+boardQuery+"&year=2027").Body)
	if got := d.Find(`[data-testid="ziwei-year"][aria-current="true"]`).Text(); strings.TrimSpace(got) != "2027" {
		t.Errorf("current year %q", got)
	}
	// 2027 (丁未): the 流年 palace is 未; the decade of age 28 is 23–32.
	if boardPalace(d, "未").Find(`[data-testid="ziwei-yearly-role"]`).Text() == "" {
		t.Error("未 is not marked as the year's 命宫")
	}
	if got := strings.TrimSpace(d.Find(`[data-testid="ziwei-decade"][aria-current="true"]`).Text()); got != "23–32" {
		t.Errorf("current decade %q", got)
	}
	var next string
	d.Find(`[data-testid="ziwei-decade"]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if strings.TrimSpace(s.Text()) == "33–42" {
			next, _ = s.Attr("href")
			return false
		}
		return true
	})
	if !strings.HasSuffix(next, "year=2032") {
		t.Fatalf("decade 33–42 links to %q", next)
	}
	d = testutil.HTML(t, app.Get(t, next).Body)
	if got := text(d, `[data-testid="ziwei-overlay-now"]`); !strings.Contains(got, "2032") || !strings.Contains(got, "33") {
		t.Errorf("overlay after choosing the decade: %q", got)
	}
}

func TestZiweiPageRefusesBadInputOnTheForm(t *testing.T) {
	app := startAPI(t)
	// No time: the birth form, with the message next to the time field,
	// leading back to the board.
	res := app.Get(t, "/ziwei?date=2000-08-16&tz=Asia%2FShanghai&gender=female")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	d := testutil.HTML(t, res.Body)
	if msg := text(d, `#err-time`); msg == "" || strings.Contains(msg, "error.") {
		t.Errorf("time error %q\n%s", msg, res.Body)
	}
	if v, _ := d.Find(`input[name="view"]`).Attr("value"); v != "ziwei" {
		t.Error("the form does not lead back to the board")
	}
	// A bad year is named on an error page.
	res = app.Get(t, "/ziwei?"+boardQuery+"&year=1066")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "120") {
		t.Errorf("bad year: %d", res.StatusCode)
	}
	// The form with view=ziwei leads to the board, and refuses "time unknown".
	form := url.Values{"date": {"2000-08-16"}, "time": {"03:30"}, "tz": {"Asia/Shanghai"}, "gender": {"female"}, "view": {"ziwei"}}
	res = app.PostForm(t, "/chart", form)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/ziwei?") {
		t.Errorf("form → %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	form.Set("time", "")
	form.Set("time_unknown", "on")
	res = app.PostForm(t, "/chart", form)
	if res.StatusCode != http.StatusUnprocessableEntity || text(testutil.HTML(t, res.Body), `#err-time`) == "" {
		t.Errorf("time unknown for the board: %d", res.StatusCode)
	}
}

// A saved chart opens as a board for its owner only, and its share link
// serves the board with the owner's privacy choices.
func TestSavedAndSharedBoards(t *testing.T) {
	app := testutil.StartApp(t)
	u, br := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("zw")})
	id := saveChart(t, br, nil)
	path := "/charts/" + strconv.FormatInt(id, 10)
	chart := testutil.HTML(t, br.Get(t, path).Body)
	if href, _ := chart.Find(`[data-testid="ziwei-link"]`).Attr("href"); href != path+"/ziwei" {
		t.Errorf("saved chart links to the board at %q", href)
	}
	res := br.Get(t, path+"/ziwei")
	if res.StatusCode != 200 {
		t.Fatalf("GET %s/ziwei: %d", path, res.StatusCode)
	}
	d := testutil.HTML(t, res.Body)
	if got := text(d, `[data-testid="ziwei-title"]`); !strings.Contains(got, "Grandma Wen") {
		t.Errorf("title %q", got)
	}
	if href, _ := d.Find(`[data-testid="ziwei-decade"]`).First().Attr("href"); !strings.HasPrefix(href, path+"/ziwei?year=") {
		t.Errorf("decade link %q stays off the saved chart", href)
	}
	if v, _ := d.Find(`[data-testid="reading-form"] input[name="chart_id"]`).Attr("value"); v != strconv.FormatInt(id, 10) {
		t.Errorf("the reading is not kept with the saved chart (chart_id %q)", v)
	}
	// Another user, or a guest, gets 404.
	_, other := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("zw-other")})
	if res := other.Get(t, path+"/ziwei"); res.StatusCode != 404 {
		t.Errorf("another user: %d", res.StatusCode)
	}
	if res := app.NewSession().Get(t, path+"/ziwei"); res.StatusCode == 200 {
		t.Errorf("a guest: %d", res.StatusCode)
	}
	// Shared without the name: the board, without the name or a reading form.
	if res := br.PostForm(t, path+"/share", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("share: %d", res.StatusCode)
	}
	token := *loadChart(t, app, u.ID, id).ShareToken
	visitor := app.NewSession()
	shared := visitor.Get(t, "/s/"+token+"/ziwei")
	if shared.StatusCode != 200 || shared.Header.Get("X-Robots-Tag") != "noindex" {
		t.Fatalf("shared board: %d", shared.StatusCode)
	}
	sd := testutil.HTML(t, shared.Body)
	if strings.Contains(shared.Body, "Grandma Wen") || sd.Find(`[data-testid="reading-form"]`).Length() != 0 {
		t.Error("the shared board shows the name or a reading form")
	}
	if sd.Find(`[data-testid="ziwei-palace"]`).Length() != 12 || strings.Contains(shared.Body, "date=1990") {
		t.Error("the shared board is missing or leaks the birth query")
	}
	if href, _ := testutil.HTML(t, visitor.Get(t, "/s/"+token).Body).Find(`[data-testid="ziwei-link"]`).Attr("href"); href != "/s/"+token+"/ziwei" {
		t.Errorf("the shared chart links to the board at %q", href)
	}
	if res := visitor.Get(t, "/s/"+strings.Repeat("x", 43)+"/ziwei"); res.StatusCode != 404 {
		t.Errorf("unknown token: %d", res.StatusCode)
	}
}
