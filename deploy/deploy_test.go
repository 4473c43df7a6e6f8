package deploy_test

// The alert rules and the dashboard are checked four ways: promtool
// validates and unit-tests the rules (every alert has series that fire and
// series that must not), the dashboard's queries go through promtool too,
// the dashboard's structure is checked, and every metric and label value
// the rules and the dashboard select must appear in a running app's
// /metrics, so renaming a metric or a label value breaks a test here.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"go.yaml.in/yaml/v4"

	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

const (
	rulesFile     = "prometheus/alerts.yml"
	rulesTestFile = "prometheus/alerts_test.yml"
	dashboardFile = "grafana/bazi-master.json"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// promtool is the path of promtool. Missing, it fails the test under
// CI=true and skips it elsewhere.
func promtool(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("promtool")
	if err != nil {
		testutil.Unavailable(t, "promtool is not installed (Debian package prometheus, which `make test` installs when run as root)")
	}
	return p
}

func runPromtool(t *testing.T, args ...string) {
	t.Helper()
	cmd := exec.Command(promtool(t), args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func TestAlertRulesPassPromtool(t *testing.T) {
	runPromtool(t, "check", "rules", rulesFile)
	runPromtool(t, "test", "rules", rulesTestFile)
}

type ruleFile struct {
	Groups []struct {
		Name  string `yaml:"name"`
		Rules []struct {
			Alert       string            `yaml:"alert"`
			Expr        string            `yaml:"expr"`
			For         string            `yaml:"for"`
			Labels      map[string]string `yaml:"labels"`
			Annotations map[string]string `yaml:"annotations"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

func loadRules(t *testing.T) ruleFile {
	t.Helper()
	var rf ruleFile
	readYAML(t, rulesFile, &rf)
	if len(rf.Groups) == 0 {
		t.Fatalf("%s has no groups", rulesFile)
	}
	return rf
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// The alerts the issue asks for exist, each with a severity, a summary,
// a description and a `for`, is listed in README, and has a test case
// where it fires and one where it stays quiet.
func TestEveryAlertIsDocumentedAndTestedBothWays(t *testing.T) {
	rf := loadRules(t)
	var tests struct {
		RuleFiles []string `yaml:"rule_files"`
		Tests     []struct {
			AlertRuleTest []struct {
				Alertname string `yaml:"alertname"`
				ExpAlerts []any  `yaml:"exp_alerts"`
			} `yaml:"alert_rule_test"`
		} `yaml:"tests"`
	}
	readYAML(t, rulesTestFile, &tests)
	if !slices.Contains(tests.RuleFiles, filepath.Base(rulesFile)) {
		t.Fatalf("%s does not load %s: %v", rulesTestFile, rulesFile, tests.RuleFiles)
	}
	fires, quiet := map[string]bool{}, map[string]bool{}
	for _, tc := range tests.Tests {
		for _, a := range tc.AlertRuleTest {
			if len(a.ExpAlerts) > 0 {
				fires[a.Alertname] = true
			} else {
				quiet[a.Alertname] = true
			}
		}
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range rf.Groups {
		for _, r := range g.Rules {
			if r.Alert == "" {
				continue
			}
			names = append(names, r.Alert)
			if r.Labels["severity"] == "" || r.Annotations["summary"] == "" || r.Annotations["description"] == "" || r.For == "" {
				t.Errorf("%s: want a severity label, summary and description annotations and a for", r.Alert)
			}
			if !fires[r.Alert] || !quiet[r.Alert] {
				t.Errorf("%s: tests where it fires: %v, where it must not: %v; want both", r.Alert, fires[r.Alert], quiet[r.Alert])
			}
			if !strings.Contains(string(readme), "`"+r.Alert+"`") {
				t.Errorf("%s is not listed in README", r.Alert)
			}
		}
	}
	sort.Strings(names)
	want := []string{"BaziDependencyDown", "BaziHighErrorRate", "BaziNotReady", "BaziReadingFallbacksHigh", "BaziTargetDown"}
	if !slices.Equal(names, want) {
		t.Fatalf("alerts %v, want %v", names, want)
	}
}

// dashboard is the part of Grafana's dashboard model the tests read.
type dashboard struct {
	UID           string  `json:"uid"`
	Title         string  `json:"title"`
	SchemaVersion int     `json:"schemaVersion"`
	Panels        []panel `json:"panels"`
	Templating    struct {
		List []struct {
			Name  string `json:"name"`
			Type  string `json:"type"`
			Query any    `json:"query"`
		} `json:"list"`
	} `json:"templating"`
}

type panel struct {
	ID         int    `json:"id"`
	Type       string `json:"type"`
	Title      string `json:"title"`
	Datasource *struct {
		Type string `json:"type"`
		UID  string `json:"uid"`
	} `json:"datasource"`
	GridPos *struct{ X, Y, W, H int } `json:"gridPos"`
	Targets []struct {
		RefID string `json:"refId"`
		Expr  string `json:"expr"`
	} `json:"targets"`
	Panels []panel `json:"panels"` // collapsed rows
}

func loadDashboard(t *testing.T) dashboard {
	t.Helper()
	b, err := os.ReadFile(dashboardFile)
	if err != nil {
		t.Fatal(err)
	}
	var d dashboard
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("%s is not valid JSON: %v", dashboardFile, err)
	}
	return d
}

// allPanels flattens rows.
func allPanels(ps []panel) []panel {
	var out []panel
	for _, p := range ps {
		out = append(out, p)
		out = append(out, allPanels(p.Panels)...)
	}
	return out
}

// The dashboard parses, and every panel has a Prometheus data source (the
// dashboard's variable), a position and queries.
func TestDashboardIsWellFormed(t *testing.T) {
	d := loadDashboard(t)
	if d.UID == "" || d.Title == "" || d.SchemaVersion == 0 {
		t.Fatalf("dashboard needs uid, title and schemaVersion: %q %q %d", d.UID, d.Title, d.SchemaVersion)
	}
	vars := map[string]string{}
	for _, v := range d.Templating.List {
		vars[v.Name] = v.Type
	}
	if vars["datasource"] != "datasource" || vars["job"] == "" {
		t.Fatalf("want a datasource variable and a job variable, got %v", vars)
	}
	ids := map[int]bool{}
	queries := 0
	for _, p := range allPanels(d.Panels) {
		if ids[p.ID] {
			t.Errorf("panel id %d used twice", p.ID)
		}
		ids[p.ID] = true
		if p.GridPos == nil || p.GridPos.W == 0 || p.GridPos.H == 0 {
			t.Errorf("panel %q has no position", p.Title)
		}
		if p.Type == "row" {
			continue
		}
		if p.Title == "" {
			t.Errorf("panel %d has no title", p.ID)
		}
		if p.Datasource == nil || p.Datasource.Type != "prometheus" || p.Datasource.UID != "${datasource}" {
			t.Errorf("panel %q: data source %+v, want the prometheus ${datasource} variable", p.Title, p.Datasource)
		}
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no queries", p.Title)
		}
		refs := map[string]bool{}
		for _, q := range p.Targets {
			if strings.TrimSpace(q.Expr) == "" || q.RefID == "" || refs[q.RefID] {
				t.Errorf("panel %q: query %+v needs an expr and a refId of its own", p.Title, q)
			}
			refs[q.RefID] = true
			queries++
		}
	}
	if queries < 5 {
		t.Fatalf("only %d queries", queries)
	}
}

// grafanaVars are the dashboard's variables as Prometheus would see them.
var grafanaVars = strings.NewReplacer("$__rate_interval", "5m", "$__interval", "1m", "${job}", "bazi-master", "$job", "bazi-master")

// dashboardExprs returns every query of the dashboard with the variables
// filled in.
func dashboardExprs(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, p := range allPanels(loadDashboard(t).Panels) {
		for _, q := range p.Targets {
			if q.Expr != "" {
				out = append(out, grafanaVars.Replace(q.Expr))
			}
		}
	}
	return out
}

// The dashboard's queries are valid PromQL: promtool checks them as
// recording rules.
func TestDashboardQueriesParse(t *testing.T) {
	var rf struct {
		Groups []map[string]any `yaml:"groups"`
	}
	var rules []map[string]string
	for i, e := range dashboardExprs(t) {
		rules = append(rules, map[string]string{"record": fmt.Sprintf("dashboard:query_%d", i), "expr": e})
	}
	rf.Groups = []map[string]any{{"name": "dashboard", "rules": rules}}
	b, err := yaml.Marshal(rf)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "dashboard-queries.yml")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	runPromtool(t, "check", "rules", path)
}

// PromQL pieces, for pulling metric names and label matchers out of queries.
var (
	stringLit = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`)
	braces    = regexp.MustCompile(`\{[^{}]*\}`)
	brackets  = regexp.MustCompile(`\[[^\]]*\]`)
	grouping  = regexp.MustCompile(`\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)`)
	token     = regexp.MustCompile(`[A-Za-z_:][A-Za-z0-9_:]*|[0-9][0-9A-Za-z_.]*`)
	selector  = regexp.MustCompile(`([A-Za-z_:][A-Za-z0-9_:]*)\s*\{([^{}]*)\}`)
	matcher   = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"`)
)

var promqlKeywords = map[string]bool{
	"and": true, "or": true, "unless": true, "bool": true, "offset": true, "by": true, "without": true,
	"on": true, "ignoring": true, "group_left": true, "group_right": true, "inf": true, "nan": true, "atan2": true,
}

// metricNames returns the metric names an expression selects.
func metricNames(expr string) []string {
	e := stringLit.ReplaceAllString(expr, `""`)
	e = braces.ReplaceAllString(e, " ")
	e = brackets.ReplaceAllString(e, " ")
	e = grouping.ReplaceAllString(e, " ")
	var names []string
	for _, loc := range token.FindAllStringIndex(e, -1) {
		tok := e[loc[0]:loc[1]]
		if tok[0] >= '0' && tok[0] <= '9' || promqlKeywords[strings.ToLower(tok)] {
			continue
		}
		if rest := strings.TrimLeft(e[loc[1]:], " \t\n"); strings.HasPrefix(rest, "(") {
			continue // a function or an aggregation
		}
		if !slices.Contains(names, tok) {
			names = append(names, tok)
		}
	}
	return names
}

type labelMatcher struct{ metric, label, op, value string }

// matchers returns the label matchers of an expression's selectors.
func matchers(expr string) []labelMatcher {
	var out []labelMatcher
	for _, sel := range selector.FindAllStringSubmatch(expr, -1) {
		for _, m := range matcher.FindAllStringSubmatch(sel[2], -1) {
			out = append(out, labelMatcher{metric: sel[1], label: m[1], op: m[2], value: m[3]})
		}
	}
	return out
}

func TestMetricNameExtraction(t *testing.T) {
	for expr, want := range map[string][]string{
		`sum by (job) (rate(http_requests_total{job="x", status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.01`: {"http_requests_total"},
		`histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket{job="x"}[5m])))`:           {"http_request_duration_seconds_bucket"},
		`up{job="x"} == 0 or absent(up{job="x"})`:                                                 {"up"},
		`count(up{job="x"} == 0) or vector(0)`:                                                    {"up"},
		`bazi_ready == 0 and on (instance) bazi_dependency_up{dependency="or"} offset 5m * 60`:    {"bazi_ready", "bazi_dependency_up"},
		`sum without (instance) (increase(bazi_ai_readings_total{outcome="fallback"}[10m])) >= 3`: {"bazi_ai_readings_total"},
	} {
		if got := metricNames(expr); !slices.Equal(got, want) {
			t.Errorf("metricNames(%s) = %v, want %v", expr, got, want)
		}
	}
	got := matchers(`rate(x_total{job="j", status=~"5..", route!~"/ready|/health"}[5m])`)
	want := []labelMatcher{{"x_total", "job", "=", "j"}, {"x_total", "status", "=~", "5.."}, {"x_total", "route", "!~", "/ready|/health"}}
	if !slices.Equal(got, want) {
		t.Errorf("matchers: %v, want %v", got, want)
	}
}

// prometheusMade are series Prometheus adds itself, not the app.
var prometheusMade = map[string]bool{"up": true, "scrape_duration_seconds": true, "scrape_samples_scraped": true}

// scrapedLabels are set by Prometheus from the scrape configuration.
var scrapedLabels = map[string]bool{"job": true, "instance": true}

var sampleLabel = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"`)

// parseExposition maps each metric name in Prometheus text to its
// samples' label sets.
func parseExposition(text string) map[string][]map[string]string {
	out := map[string][]map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, rest := line, ""
		if i := strings.IndexAny(line, "{ "); i >= 0 {
			name, rest = line[:i], line[i:]
		}
		labels := map[string]string{}
		if strings.HasPrefix(rest, "{") {
			end := strings.LastIndex(rest, "}")
			for _, m := range sampleLabel.FindAllStringSubmatch(rest[1:end], -1) {
				labels[m[1]] = m[2]
			}
		}
		out[name] = append(out[name], labels)
	}
	return out
}

// Every metric the rules and the dashboard use is exported by a running
// app under that name, and every label value they select by (route
// "/ready", outcome "fallback", status 5xx, …) occurs. The app serves a
// guest reading whose AI provider is unreachable (a fallback), a 500 from
// a probe route, /ready and a page, so those series exist.
func TestRulesAndDashboardUseMetricsTheAppExports(t *testing.T) {
	app := testutil.StartApp(t,
		testutil.WithEnv("AI_PROVIDER", "openai", "OPENAI_API_KEY", "sk-test-key", "OPENAI_MODEL", "fake-model",
			"OPENAI_BASE_URL", fmt.Sprintf("http://127.0.0.1:%d/v1", testutil.FreePort(t)),
			"READING_DAILY_QUOTA_GUEST", "0"),
		testutil.WithServerOptions(server.WithReadingStreams(250*time.Millisecond, 0)),
		testutil.WithRoutes(func(r fiber.Router) {
			r.Get("/test/fail", func(*fiber.Ctx) error { return fiber.ErrInternalServerError })
		}))
	for path, want := range map[string]int{"/": 200, "/ready": 200, "/test/fail": 500} {
		if res := app.Get(t, path); res.StatusCode != want {
			t.Fatalf("%s: %d, want %d", path, res.StatusCode, want)
		}
	}
	readFallbackReading(t, app)

	var samples map[string][]map[string]string
	testutil.Eventually(t, 10*time.Second, func() error {
		samples = parseExposition(app.Get(t, "/metrics").Body)
		for _, ls := range samples["bazi_ai_readings_total"] {
			if ls["outcome"] == "fallback" {
				return nil
			}
		}
		return testutil.Errorf("no fallback reading counted yet")
	})

	rf := loadRules(t)
	exprs := map[string]string{} // expression → where it comes from
	for _, g := range rf.Groups {
		for _, r := range g.Rules {
			exprs[r.Expr] = "alert " + r.Alert
		}
	}
	for _, e := range dashboardExprs(t) {
		exprs[e] = "dashboard"
	}
	checked := 0
	for expr, where := range exprs {
		for _, name := range metricNames(expr) {
			if prometheusMade[name] {
				continue
			}
			checked++
			if len(samples[name]) == 0 {
				t.Errorf("%s uses %s, which the app's /metrics does not export", where, name)
			}
		}
		for _, m := range matchers(expr) {
			if prometheusMade[m.metric] || scrapedLabels[m.label] || strings.Contains(m.value, "$") || len(samples[m.metric]) == 0 {
				continue
			}
			if !labelOccurs(samples[m.metric], m) {
				t.Errorf("%s selects %s{%s%s%q}, which no exported series has", where, m.metric, m.label, m.op, m.value)
			}
		}
	}
	if checked < 5 {
		t.Fatalf("only %d metric uses checked: the extraction found nothing", checked)
	}
}

// labelOccurs reports whether some sample satisfies m: for = and =~ a
// matching value, for != and !~ (which any value satisfies) the label
// existing at all, to catch a misspelt label name.
func labelOccurs(samples []map[string]string, m labelMatcher) bool {
	for _, ls := range samples {
		v, ok := ls[m.label]
		switch m.op {
		case "=":
			if ok && v == m.value {
				return true
			}
		case "=~":
			if ok && regexp.MustCompile(`^(?:`+m.value+`)$`).MatchString(v) {
				return true
			}
		default:
			if ok {
				return true
			}
		}
	}
	return false
}

// readFallbackReading starts a guest reading from the reading panel's
// form and reads its stream to the end.
func readFallbackReading(t *testing.T, app *testutil.App) {
	t.Helper()
	v := url.Values{
		"query": {"date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male&name=Deploy+Test"},
		"topic": {"overall"},
	}
	path := testutil.StreamPath(t, app.PostForm(t, "/readings", v, "HX-Request", "true"))
	s := app.OpenStream(t, path)
	if s.Response.StatusCode != http.StatusOK {
		t.Fatalf("reading stream: %d", s.Response.StatusCode)
	}
	if _, _, done := testutil.SplitReading(t, s.All(t)); !strings.Contains(done.Data, "reading-fallback") {
		t.Fatalf("reading stream ended without the fallback note:\n%.1500s", done.Data)
	}
}
