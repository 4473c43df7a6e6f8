// Package ichinginput is the I Ching module's codec: the cast request of
// POST /api/v1/iching, the /iching form and `bazi-master iching`, and the
// query of a cast's page, which names its lines (and how they were cast),
// so the page, its readings and its share link recompute the same cast.
package ichinginput

import (
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/iching"
	"github.com/bazi-master/bazi-master/internal/jsonstrict"
	"github.com/bazi-master/bazi-master/internal/question"
)

// AtLayout is the wall-clock form of the time method's moment.
const AtLayout = "2006-01-02T15:04"

// Request is a cast as asked for. Method is one of iching.Methods; Lines
// are the cast's lines for MethodLines (and, in a page's query, for every
// method: the result); Numbers the three numbers of MethodNumbers; At and
// TZ the moment of MethodTime (default now, UTC).
type Request struct {
	Method   string `json:"method"`
	Lines    string `json:"lines"`
	Numbers  []int  `json:"numbers"`
	At       string `json:"at"`
	TZ       string `json:"tz"`
	Question string `json:"question"`
}

func fieldErr(field, code, msg string) *bazi.FieldError {
	return &bazi.FieldError{Field: field, Code: code, Message: msg}
}

// Result is a cast with the request that made it, completed: Lines set,
// and At and TZ for the time method.
type Result struct {
	Request Request
	Cast    iching.Cast
	Time    *iching.TimeFacts // the time method's counts, else nil
}

// check validates the fields every request shares and fills defaults: the
// method (coins, or lines when only lines are given) and the question.
func (r *Request) check() *bazi.FieldError {
	r.Method = strings.ToLower(strings.TrimSpace(r.Method))
	r.Lines = strings.TrimSpace(r.Lines)
	if r.Method == "" {
		r.Method = string(iching.MethodCoins)
		if r.Lines != "" {
			r.Method = string(iching.MethodLines)
		}
	}
	if !iching.ValidMethod(iching.Method(r.Method)) {
		return fieldErr("method", "invalid_method", "The method must be coins, yarrow, time, numbers or lines.")
	}
	q, ferr := question.Clean(r.Question)
	if ferr != nil {
		return ferr
	}
	r.Question = q
	m := iching.Method(r.Method)
	if m != iching.MethodNumbers && len(r.Numbers) > 0 {
		return fieldErr("numbers", "unexpected", "Numbers are only taken with the numbers method.")
	}
	if m != iching.MethodTime && (r.At != "" || r.TZ != "") {
		field := "at"
		if r.At == "" {
			field = "tz"
		}
		return fieldErr(field, "unexpected", "A moment is only taken with the time method.")
	}
	return nil
}

// moment reads the time method's moment, now in UTC by default.
func (r *Request) moment(now time.Time) (time.Time, *bazi.FieldError) {
	loc := time.UTC
	if r.TZ = strings.TrimSpace(r.TZ); r.TZ != "" {
		l, err := bazi.LoadZone(r.TZ)
		if err != nil {
			return time.Time{}, fieldErr("tz", "invalid_timezone", "The time zone must be an IANA name such as Asia/Shanghai.")
		}
		loc = l
	} else {
		r.TZ = "UTC"
	}
	if r.At = strings.TrimSpace(r.At); r.At == "" {
		t := now.In(loc)
		r.At = t.Format(AtLayout)
		return t, nil
	}
	t, err := time.ParseInLocation(AtLayout, r.At, loc)
	if err != nil {
		return time.Time{}, fieldErr("at", "invalid_time", "The moment must be written YYYY-MM-DDTHH:MM.")
	}
	return t, nil
}

// Cast makes the cast a request asks for, drawing randomness from rand
// (crypto/rand.Reader in the app) for coins and yarrow. A refusal names
// its field.
func Cast(r Request, rand io.Reader, now time.Time) (*Result, error) {
	if ferr := r.check(); ferr != nil {
		return nil, ferr
	}
	res := &Result{}
	var err error
	switch iching.Method(r.Method) {
	case iching.MethodCoins:
		if r.Lines != "" {
			return nil, fieldErr("lines", "unexpected", "Lines are only taken with the lines method.")
		}
		res.Cast, err = iching.Coins(rand)
	case iching.MethodYarrow:
		if r.Lines != "" {
			return nil, fieldErr("lines", "unexpected", "Lines are only taken with the lines method.")
		}
		res.Cast, err = iching.Yarrow(rand)
	default:
		var ferr *bazi.FieldError
		res.Cast, res.Time, ferr = r.determined(now)
		if ferr != nil {
			return nil, ferr
		}
		if r.Lines != "" && r.Method != string(iching.MethodLines) {
			return nil, fieldErr("lines", "unexpected", "Lines are only taken with the lines method.")
		}
	}
	if err != nil {
		return nil, err
	}
	r.Lines = res.Cast.String()
	res.Request = r
	return res, nil
}

// determined is the cast of a method without chance: the lines entered,
// the time or the numbers.
func (r *Request) determined(now time.Time) (iching.Cast, *iching.TimeFacts, *bazi.FieldError) {
	switch iching.Method(r.Method) {
	case iching.MethodTime:
		t, ferr := r.moment(now)
		if ferr != nil {
			return iching.Cast{}, nil, ferr
		}
		c, f, err := iching.ByTime(t)
		if err != nil {
			return c, nil, fieldErr("at", "out_of_range", "The time method takes dates from 1800 to 2200.")
		}
		return c, &f, nil
	case iching.MethodNumbers:
		if len(r.Numbers) != 3 {
			return iching.Cast{}, nil, fieldErr("numbers", "invalid_numbers", "Give three whole numbers from 1 to 999999999.")
		}
		c, err := iching.ByNumbers([3]int{r.Numbers[0], r.Numbers[1], r.Numbers[2]})
		if err != nil {
			return c, nil, fieldErr("numbers", "invalid_numbers", "Give three whole numbers from 1 to 999999999.")
		}
		return c, nil, nil
	}
	if r.Lines == "" {
		return iching.Cast{}, nil, fieldErr("lines", "required", "Enter the six lines, bottom first, each 6, 7, 8 or 9.")
	}
	c, err := iching.ParseLines(r.Lines)
	if err != nil {
		return c, nil, fieldErr("lines", "invalid_lines", "Enter the six lines, bottom first, each 6, 7, 8 or 9.")
	}
	return c, nil, nil
}

// DecodeJSON reads POST /api/v1/iching's body.
func DecodeJSON(body []byte) (Request, *bazi.FieldError) {
	var r Request
	if err := jsonstrict.Decode(body, &r); err != nil {
		return r, fieldErr(err.Field, err.Code, err.Message)
	}
	return r, nil
}

// FormRequest reads the /iching form (or a query of the same fields):
// numbers come as three fields n1, n2, n3 or one "numbers" list.
func FormRequest(get func(string) string) (Request, *bazi.FieldError) {
	r := Request{Method: get("method"), Lines: get("lines"), At: get("at"), TZ: get("tz"), Question: get("question")}
	raw := []string{get("n1"), get("n2"), get("n3")}
	if s := strings.TrimSpace(get("numbers")); s != "" {
		raw = strings.FieldsFunc(s, func(c rune) bool { return c == ',' || c == ' ' })
	}
	any := false
	for _, s := range raw {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		any = true
		n, err := strconv.Atoi(s)
		if err != nil {
			return r, fieldErr("numbers", "invalid_numbers", "Give three whole numbers from 1 to 999999999.")
		}
		r.Numbers = append(r.Numbers, n)
	}
	if any && len(r.Numbers) != 3 {
		return r, fieldErr("numbers", "invalid_numbers", "Give three whole numbers from 1 to 999999999.")
	}
	// The form sends every method's fields; keep only the chosen one's.
	switch iching.Method(strings.TrimSpace(r.Method)) {
	case iching.MethodNumbers:
		r.Lines, r.At, r.TZ = "", "", ""
	case iching.MethodTime:
		r.Lines, r.Numbers = "", nil
	case iching.MethodLines:
		r.Numbers, r.At, r.TZ = nil, "", ""
	case iching.MethodCoins, iching.MethodYarrow:
		r.Lines, r.Numbers, r.At, r.TZ = "", nil, "", ""
	}
	return r, nil
}

// Open reads a cast page's query: the lines (required) and how they were
// cast. For the time and numbers methods the lines must be the ones those
// give, so a link cannot claim a cast its method did not make.
func Open(query string) (*Result, error) {
	vals, err := url.ParseQuery(query)
	if err != nil {
		return nil, fieldErr("lines", "invalid_query", "The address is not a cast.")
	}
	return FromQuery(vals.Get)
}

// FromQuery is Open on a query's values.
func FromQuery(get func(string) string) (*Result, error) {
	r := Request{Method: get("method"), Lines: get("lines"), At: get("at"), TZ: get("tz"), Question: get("question")}
	if r.Lines == "" {
		return nil, fieldErr("lines", "required", "Enter the six lines, bottom first, each 6, 7, 8 or 9.")
	}
	if s := get("numbers"); s != "" {
		for _, p := range strings.Split(s, ",") {
			n, err := strconv.Atoi(p)
			if err != nil {
				return nil, fieldErr("numbers", "invalid_numbers", "Give three whole numbers from 1 to 999999999.")
			}
			r.Numbers = append(r.Numbers, n)
		}
	}
	if r.Method == "" {
		r.Method = string(iching.MethodLines)
	}
	if ferr := r.check(); ferr != nil {
		return nil, ferr
	}
	c, ferr := iching.ParseLines(r.Lines)
	if ferr != nil {
		return nil, fieldErr("lines", "invalid_lines", "Enter the six lines, bottom first, each 6, 7, 8 or 9.")
	}
	res := &Result{Request: r, Cast: c}
	switch iching.Method(r.Method) {
	case iching.MethodTime, iching.MethodNumbers:
		if r.Method == string(iching.MethodTime) && r.At == "" {
			return nil, fieldErr("at", "required", "The moment must be written YYYY-MM-DDTHH:MM.")
		}
		want, f, ferr := res.Request.determined(time.Time{})
		if ferr != nil {
			return nil, ferr
		}
		if want != c {
			return nil, fieldErr("lines", "mismatch", "These lines are not the ones the method gives.")
		}
		res.Time = f
	}
	return res, nil
}

// Query is the cast page's canonical query: the lines, the method and
// what it counted, and the question.
func (r Request) Query() string {
	v := url.Values{}
	v.Set("lines", r.Lines)
	v.Set("method", r.Method)
	if len(r.Numbers) > 0 {
		s := make([]string, len(r.Numbers))
		for i, n := range r.Numbers {
			s[i] = strconv.Itoa(n)
		}
		v.Set("numbers", strings.Join(s, ","))
	}
	if r.At != "" {
		v.Set("at", r.At)
		v.Set("tz", r.TZ)
	}
	if r.Question != "" {
		v.Set("question", r.Question)
	}
	return v.Encode()
}
