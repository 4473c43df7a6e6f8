package reading

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bazi-master/bazi-master/astro"
	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/astroinput"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/ichinginput"
	"github.com/bazi-master/bazi-master/internal/kv"
	"github.com/bazi-master/bazi-master/internal/overviewinput"
	"github.com/bazi-master/bazi-master/internal/tarotinput"
	"github.com/bazi-master/bazi-master/internal/ziweiinput"
	"github.com/bazi-master/bazi-master/models"
)

// Limits of the follow-up chat (MaxQuestionRunes bounds a question).
const (
	MaxFollowUps   = 10 // questions per reading
	maxChatHistory = 8  // earlier messages sent with a question (the reading comes first)
)

// Reasons a reading or a question is refused (Refusal.Reason).
const (
	RefuseTopic             = "topic"              // not a topic the page offers
	RefusePartnerMissing    = "partner_missing"    // a compatibility reading without person B
	RefusePartnerUnexpected = "partner_unexpected" // person B on a single-chart topic
	RefusePartner           = "partner"            // person B's chart cannot be computed
	RefuseChart             = "chart"              // the chart cannot be computed
	RefuseBusy              = "busy"               // the owner has a generation in progress
	RefuseQuotaGuest        = "quota_guest"        // a guest used the day's generations
	RefuseQuotaUser         = "quota_user"         // a user used the day's generations
	RefuseQuotaNone         = "quota_none"         // an admin allows this user none
	RefuseQuestionEmpty     = "question_empty"
	RefuseQuestionLong      = "question_long" // more than MaxQuestionRunes (Limit)
	RefuseNotDone           = "not_done"      // questions only about a reading written to the end
	RefuseTooManyQuestions  = "too_many"      // MaxFollowUps (Limit) asked already
)

// Refusal is why a reading or a question was not started; the caller
// shows it in the page's language.
type Refusal struct {
	Reason string // one of the Refuse… constants
	// Limit is the number the message names: the quota, the longest
	// question or the most questions.
	Limit int
	// RetryAfter is, for a quota, the time until it renews (midnight UTC),
	// and ResetsAt that instant.
	RetryAfter time.Duration
	ResetsAt   time.Time
	// Zone is, for a quota, the time zone of the chart being read (nil
	// when unknown): the page states ResetsAt on that clock, the one
	// place known server-side that is likely the reader's own.
	Zone *time.Location
}

func (r *Refusal) Error() string { return "reading refused: " + r.Reason }

// RetryAfterSeconds is RetryAfter in whole seconds, rounded up: the
// Retry-After of the refusal.
func (r *Refusal) RetryAfterSeconds() int { return int(r.RetryAfter.Seconds()) + 1 }

func refuse(reason string, limit int) error { return &Refusal{Reason: reason, Limit: limit} }

// Visitor is who asks for a reading or an answer.
type Visitor struct {
	UserID int64 // the signed-in user; 0 for a guest
	// OwnQuota is the signed-in user's daily cap as an admin set it (nil:
	// the default applies).
	OwnQuota *int
	GuestIP  string // the guest's IP subject (used when UserID is 0)
}

// owner is who the visitor's own readings count for.
func (v Visitor) owner() models.Owner {
	if v.UserID != 0 {
		return models.Owner{UserID: v.UserID}
	}
	return models.Owner{GuestIP: v.GuestIP}
}

// ownQuota is the visitor's own cap when o is the visitor's account.
func (v Visitor) ownQuota(o models.Owner) *int {
	if o.UserID != 0 && o.UserID == v.UserID {
		return v.OwnQuota
	}
	return nil
}

// Order is a request for a reading, as the reading panel sends it.
type Order struct {
	Query string // the chart's query
	Topic Topic
	// Partner is person B's chart query or chart link, required for
	// TopicCompatibility and refused on any other topic.
	Partner string
	// ChartID is the saved chart the reading is kept with (0: none); only
	// the user's own chart is linked, another id is ignored.
	ChartID int64
	Lang    i18n.Lang
}

// DeskConfig configures a Desk.
type DeskConfig struct {
	Readings *models.Readings
	Charts   *models.Charts
	// Provider and Model name the configured provider, stored with each
	// reading (the outcome replaces them with the one that wrote it).
	Provider, Model string
	// QuotaUser and QuotaGuest cap generations per UTC day; 0 = no cap.
	QuotaUser, QuotaGuest int
	Now                   func() time.Time
	// Cache, when set, keeps the quota count shown on chart pages (Quota.Shown).
	Cache kv.Store
}

// Desk takes readings and follow-up questions: it checks them, the daily
// quota and that the owner has nothing else in progress, stores them as
// pending, and turns a pending one into a Job for the first stream that
// claims it.
type Desk struct {
	readings *models.Readings
	charts   *models.Charts
	cfg      DeskConfig
	quota    Quota
}

// NewDesk returns a desk on cfg's stores.
func NewDesk(cfg DeskConfig) *Desk {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Desk{
		readings: cfg.Readings, charts: cfg.Charts, cfg: cfg,
		quota: Quota{User: cfg.QuotaUser, Guest: cfg.QuotaGuest, Counter: cfg.Readings, Now: cfg.Now, Shown: cfg.Cache},
	}
}

// ValidTopic reports whether t is a single-chart topic the page offers.
func ValidTopic(t Topic) bool {
	for _, x := range Topics {
		if x == t {
			return true
		}
	}
	return false
}

// Start checks an order, in this order: topic, partner, chart, quota, and
// that the visitor has nothing in progress; then stores a pending reading,
// returned for the page that connects to its stream. A refusal is a
// *Refusal.
func (d *Desk) Start(ctx context.Context, v Visitor, o Order) (*models.Reading, error) {
	compat := o.Topic == TopicCompatibility
	if !compat && !moduleTopic(o.Topic) && !ValidTopic(o.Topic) {
		return nil, refuse(RefuseTopic, 0)
	}
	partnerRaw := strings.TrimSpace(o.Partner)
	partner := ""
	switch {
	case compat && partnerRaw == "":
		return nil, refuse(RefusePartnerMissing, 0)
	case !compat && partnerRaw != "":
		return nil, refuse(RefusePartnerUnexpected, 0)
	case compat:
		q, ok := d.canonical(chartinput.LinkQuery(partnerRaw))
		if !ok {
			return nil, refuse(RefusePartner, 0)
		}
		partner = q
	}
	query, zone, err := d.open(o.Topic, o.Query)
	if err != nil {
		return nil, refuse(RefuseChart, 0)
	}
	owner := v.owner()
	r := &models.Reading{
		ChartQuery: query, PartnerQuery: partner, Topic: string(o.Topic), Lang: string(o.Lang),
		Provider: d.cfg.Provider, Model: d.cfg.Model,
	}
	if owner.UserID != 0 {
		uid := owner.UserID
		r.UserID = &uid
		if id := o.ChartID; id > 0 {
			if _, err := d.charts.Get(ctx, uid, id); err == nil {
				r.ChartID = &id
			}
		}
	} else {
		r.GuestIP = owner.GuestIP
	}
	if err := d.quota.Check(ctx, owner, v.ownQuota(owner)); err != nil {
		return nil, inZone(err, zone)
	}
	if err := d.readings.Start(ctx, r); errors.Is(err, models.ErrBusy) {
		return nil, refuse(RefuseBusy, 0)
	} else if err != nil {
		return nil, err
	}
	return r, nil
}

// Allowance is what is left of the visitor's daily quota (Capped false:
// no cap).
func (d *Desk) Allowance(ctx context.Context, v Visitor) (Allowance, error) {
	o := v.owner()
	return d.quota.Allowance(ctx, o, v.ownQuota(o))
}

// moduleTopic reports whether t is the topic of a module page's reading
// (a Zi Wei board, an astrology chart, an I Ching cast) rather than one of
// a BaZi chart's Topics; a Tarot draw's too.
func moduleTopic(t Topic) bool {
	for _, x := range ModuleTopics {
		if x == t {
			return true
		}
	}
	return false
}

// ModuleTopics are the topics of the other modules' pages, each read from
// its own page's query: not in Topics, which the chart page offers.
var ModuleTopics = []Topic{TopicZiwei, TopicAstro, TopicIChing, TopicTarot, TopicOverview}

// open computes the chart (or, for TopicZiwei, the board) of a query and
// returns its canonical query, the one the reading is stored under, and
// its birthplace's time zone (nil for a cast or a draw, which have no
// birthplace).
func (d *Desk) open(topic Topic, query string) (string, *time.Location, error) {
	if topic == TopicTarot {
		dr, err := tarotinput.ParseQuery(query)
		if err != nil {
			return "", nil, err
		}
		return dr.Query(), nil, nil
	}
	if topic == TopicIChing {
		res, err := ichinginput.Open(query)
		if err != nil {
			return "", nil, err
		}
		return res.Request.Query(), nil, nil
	}
	if topic == TopicOverview {
		o, err := overviewinput.Open(query, d.cfg.Now())
		if err != nil {
			return "", nil, err
		}
		return o.Query(), o.Astro.Input.Location, nil
	}
	if topic == TopicAstro {
		c, name, err := astroinput.Open(query, d.cfg.Now())
		if err != nil {
			return "", nil, err
		}
		return c.Request.Query(name), c.Input.Location, nil
	}
	if topic == TopicZiwei {
		b, name, err := ziweiinput.Open(query, d.cfg.Now())
		if err != nil {
			return "", nil, err
		}
		return b.Request.Query(name), b.Input.Location, nil
	}
	chart, err := chartinput.Open(query, d.cfg.Now())
	if err != nil {
		return "", nil, err
	}
	loc, ferr := bazi.LoadZone(chart.SolarTime.TZ)
	if ferr != nil {
		loc = nil
	}
	return chart.Query(), loc, nil
}

// inZone sets a quota refusal's Zone to the chart's time zone.
func inZone(err error, zone *time.Location) error {
	var r *Refusal
	if errors.As(err, &r) && zone != nil {
		r.Zone = zone
	}
	return err
}

// ownerOf is the owner a reading's generations count against.
func ownerOf(r *models.Reading) models.Owner {
	if r.UserID != nil {
		return models.Owner{UserID: *r.UserID}
	}
	return models.Owner{GuestIP: r.GuestIP}
}

// canonical returns the canonical form of a chart query whose chart can
// be computed.
func (d *Desk) canonical(query string) (string, bool) {
	chart, err := chartinput.Open(query, d.cfg.Now())
	if err != nil {
		return "", false
	}
	return chart.Query(), true
}

// Questions counts the follow-up questions among a reading's messages.
func Questions(msgs []models.ReadingMessage) int {
	n := 0
	for _, m := range msgs {
		if m.Role == "user" {
			n++
		}
	}
	return n
}

// CanAsk reports whether a reading takes another question: it was written
// to the end and has fewer than MaxFollowUps.
func CanAsk(r *models.Reading, msgs []models.ReadingMessage) bool {
	return r.Status == models.ReadingDone && Questions(msgs) < MaxFollowUps
}

// Ask checks a follow-up question about r, in this order: the question,
// the reading, the number asked, the quota of the reading's owner (its
// user, or its guest IP) and that the owner has nothing in progress; then
// stores it with its pending answer, which is returned. A refusal is a
// *Refusal.
func (d *Desk) Ask(ctx context.Context, v Visitor, r *models.Reading, question string) (*models.ReadingMessage, error) {
	q := strings.TrimSpace(question)
	switch {
	case q == "":
		return nil, refuse(RefuseQuestionEmpty, 0)
	case utf8.RuneCountInString(q) > MaxQuestionRunes:
		return nil, refuse(RefuseQuestionLong, MaxQuestionRunes)
	case r.Status != models.ReadingDone:
		return nil, refuse(RefuseNotDone, 0)
	}
	msgs, err := d.readings.Messages(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	if Questions(msgs) >= MaxFollowUps {
		return nil, refuse(RefuseTooManyQuestions, MaxFollowUps)
	}
	o := ownerOf(r)
	if err := d.quota.Check(ctx, o, v.ownQuota(o)); err != nil {
		if _, zone, cerr := d.open(Topic(r.Topic), r.ChartQuery); cerr == nil {
			err = inZone(err, zone)
		}
		return nil, err
	}
	if busy, err := d.readings.InProgress(ctx, o); err != nil {
		return nil, err
	} else if busy {
		return nil, refuse(RefuseBusy, 0)
	}
	answer, err := d.readings.Ask(ctx, r.ID, q)
	if errors.Is(err, models.ErrBusy) {
		return nil, refuse(RefuseBusy, 0)
	}
	return answer, err
}

// Answer is the answer mid under r; a question or another reading's
// message is models.ErrNotFound.
func (d *Desk) Answer(ctx context.Context, r *models.Reading, mid int64) (*models.ReadingMessage, error) {
	m, err := d.readings.Message(ctx, r.ID, mid)
	if err == nil && m.Role != "assistant" {
		return nil, models.ErrNotFound
	}
	return m, err
}

// ClaimReading lets the first stream connecting to a pending reading write
// it: that one gets the Job (written in lang). Any other gets no Job and
// the reading as stored now, to show it or to say it is being written, so
// a reading is never generated twice.
func (d *Desk) ClaimReading(ctx context.Context, r *models.Reading, lang i18n.Lang) (*Job, *models.Reading, error) {
	if r.Status != models.ReadingPending {
		return nil, r, nil
	}
	won, err := d.readings.Claim(ctx, r.ID)
	if err != nil {
		return nil, nil, err
	}
	if won {
		req := d.chartRequest(r.ChartQuery, Topic(r.Topic), lang)
		d.addPartner(&req, r.PartnerQuery)
		id := r.ID
		owner := ownerOf(r)
		return &Job{Request: req, store: func(ctx context.Context, o models.ReadingOutcome) error {
			defer d.quota.Forget(owner)
			return d.readings.Finish(ctx, id, o)
		}}, r, nil
	}
	var owner int64
	if r.UserID != nil {
		owner = *r.UserID
	}
	now, err := d.readings.ByPublicID(ctx, r.PublicID, owner)
	return nil, now, err
}

// ClaimAnswer is ClaimReading for the answer m to a question about r: the
// Job has the chart, the reading and the earlier messages (capped) as
// context.
func (d *Desk) ClaimAnswer(ctx context.Context, r *models.Reading, m *models.ReadingMessage, lang i18n.Lang) (*Job, *models.ReadingMessage, error) {
	if m.Status != models.ReadingPending {
		return nil, m, nil
	}
	won, err := d.readings.ClaimMessage(ctx, m.ID)
	if err != nil {
		return nil, nil, err
	}
	if !won {
		now, err := d.readings.Message(ctx, r.ID, m.ID)
		return nil, now, err
	}
	msgs, err := d.readings.Messages(ctx, r.ID)
	if err != nil {
		return nil, nil, err
	}
	req := d.chartRequest(r.ChartQuery, Topic(r.Topic), lang)
	d.addPartner(&req, r.PartnerQuery)
	var earlier []Message
	for _, x := range msgs {
		if x.ID >= m.ID {
			break
		}
		if x.Role == "assistant" && x.Status != models.ReadingDone {
			continue
		}
		earlier = append(earlier, Message{Role: x.Role, Content: x.Content})
	}
	// The last earlier message is the question this answer is for.
	if n := len(earlier); n > 0 && earlier[n-1].Role == "user" {
		req.Question = earlier[n-1].Content
		earlier = earlier[:n-1]
	}
	if len(earlier) > maxChatHistory {
		earlier = earlier[len(earlier)-maxChatHistory:]
	}
	req.History = append([]Message{{Role: "assistant", Content: r.Text}}, earlier...)
	id, owner := m.ID, ownerOf(r)
	return &Job{Request: req, store: func(ctx context.Context, o models.ReadingOutcome) error {
		defer d.quota.Forget(owner)
		return d.readings.FinishMessage(ctx, id, o)
	}}, m, nil
}

// chartRequest recomputes the chart of a stored canonical query (the
// board, with its overlay, for TopicZiwei).
func (d *Desk) chartRequest(query string, topic Topic, lang i18n.Lang) Request {
	now := d.cfg.Now()
	req := Request{Topic: topic, Lang: lang, Now: now}
	if topic == TopicIChing {
		if res, err := ichinginput.Open(query); err == nil {
			req.IChing = res
		}
		return req
	}
	if topic == TopicTarot {
		if dr, err := tarotinput.ParseQuery(query); err == nil {
			req.Tarot = &dr
		}
		return req
	}
	if topic == TopicOverview {
		if o, err := overviewinput.Open(query, now); err == nil {
			req.Chart, req.Astro, req.Points, req.Name = o.Chart.Chart, o.Astro.Chart, o.Points, o.Name
			if o.Board != nil {
				req.Board, req.Horoscope = o.Board.Board, &o.Board.Horoscope
			}
		}
		return req
	}
	if topic == TopicAstro {
		req.Astro, req.Transits, req.Name = openAstro(query, now)
		return req
	}
	if topic == TopicZiwei {
		if b, name, err := ziweiinput.Open(query, now); err == nil {
			req.Board, req.Horoscope, req.Name = b.Board, &b.Horoscope, name
		}
		return req
	}
	if chart, err := chartinput.Open(query, now); err == nil {
		req.Chart, req.Name = chart.Chart, chart.Name
	}
	return req
}

// openAstro recomputes the natal chart of a stored astrology query and,
// when the query names a day, that day's transits (local noon on the
// birthplace's calendar): a query with day= is a transit reading. nil
// when the query no longer computes.
func openAstro(query string, now time.Time) (*astro.Chart, *astro.TransitReport, string) {
	c, name, err := astroinput.Open(query, now)
	if err != nil {
		return nil, nil, name
	}
	if c.Request.Day == "" {
		return c.Chart, nil, name
	}
	day, err := time.Parse("2006-01-02", c.Request.Day)
	if err != nil {
		return c.Chart, nil, name
	}
	loc := c.Input.Location
	if loc == nil {
		loc = time.UTC
	}
	tr, err := astro.Transits(c.Chart, time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, loc), loc)
	if err != nil {
		return c.Chart, nil, name
	}
	return c.Chart, &tr, name
}

// addPartner recomputes the partner's chart of a compatibility reading
// (a stored canonical query; "" for a single-chart reading).
func (d *Desk) addPartner(req *Request, query string) {
	if query == "" {
		return
	}
	p := d.chartRequest(query, req.Topic, req.Lang)
	req.Partner, req.PartnerName = p.Chart, p.Name
}

// Saved lists a user's finished readings of a saved chart (chartID) or of
// a chart query, newest first; nil when neither names a chart.
func (d *Desk) Saved(ctx context.Context, userID, chartID int64, query string) ([]models.Reading, error) {
	if query != "" {
		query = canonicalQuery(query)
	}
	if chartID <= 0 && query == "" {
		return nil, nil
	}
	return d.readings.ForChart(ctx, userID, max(chartID, 0), query, 20)
}

// canonicalQuery spells a stored or linked query the way its page's codec
// does, so a page finds the readings kept under its query. A module's
// query is the chart's plus its own fields: the astrology page's
// (house_system, day) or the Zi Wei board's (year, leap_rule, late_zi; a
// chart's query reads the same through the board's codec). A cast's query
// (it names lines=) is the I Ching codec's, a draw's (it names cards=) the
// Tarot codec's. "" when the query is not one.
func canonicalQuery(query string) string {
	vals, err := url.ParseQuery(query)
	if err != nil {
		return ""
	}
	if vals.Has("lines") {
		if res, err := ichinginput.Open(query); err == nil {
			return res.Request.Query()
		}
		return ""
	}
	if vals.Has("cards") {
		if dr, err := tarotinput.ParseQuery(query); err == nil {
			return dr.Query()
		}
		return ""
	}
	if vals.Has("house_system") || vals.Has("day") {
		if req, name, err := astroinput.ParseQuery(query); err == nil {
			return req.Query(name)
		}
		return ""
	}
	if req, name, err := ziweiinput.ParseQuery(query); err == nil {
		return req.Query(name)
	}
	return ""
}

// CheckQuota refuses (a *Refusal, as Start does) when the visitor used the
// day's generations: other generations than readings (a painted portrait)
// share the readings' quota.
func (d *Desk) CheckQuota(ctx context.Context, v Visitor) error {
	o := v.owner()
	return d.quota.Check(ctx, o, v.ownQuota(o))
}

// Counted drops the visitor's shown count: a generation of theirs (other
// than a reading, which the desk tracks itself) was stored.
func (d *Desk) Counted(v Visitor) { d.quota.Forget(v.owner()) }
