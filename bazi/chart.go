package bazi

import (
	"errors"
	"math"
	"time"
)

// TermRef is a solar term at a given instant, for display. It marshals as
// {"name":"立春","pinyin":"lìchūn","key":"start_of_spring","english":"Start
// of Spring","jie":true,"utc":"2024-02-04T08:27:07Z","local":"2024-02-04T16:27:07"}.
type TermRef struct {
	Term  SolarTerm
	UTC   time.Time
	Local Wall // on the birthplace's civil clock
}

// MarshalJSON writes the object described on TermRef.
func (r TermRef) MarshalJSON() ([]byte, error) { return appendTermRef(make([]byte, 0, 192), &r), nil }

func termRef(k int, in *Input) TermRef {
	u := termTable[k]
	return TermRef{Term: SolarTerm(k % NumSolarTerms), UTC: timeOf(u), Local: Wall{Sec: u + int64(in.clockOffsetAt(u))}}
}

// Corrections are the differences between the clock and the reading used
// for the day and hour pillars, in minutes.
type Corrections struct {
	// DSTMinutes is standard time minus clock time (-60 in summer time).
	DSTMinutes float64 `json:"dst_minutes"`
	// LongitudeMinutes is local mean time minus standard time
	// (4 min per degree east of the zone meridian); 0 without a longitude.
	LongitudeMinutes float64 `json:"longitude_minutes"`
	// EquationOfTimeMinutes is true minus mean solar time.
	EquationOfTimeMinutes float64 `json:"equation_of_time_minutes"`
	// TotalMinutes is the pillar reading minus the clock.
	TotalMinutes float64 `json:"total_minutes"`
}

// SolarTimeInfo tells which clock readings the chart used.
type SolarTimeInfo struct {
	// UTC is the birth instant (null when the time is unknown).
	UTC *time.Time `json:"utc"`
	// Clock is the birth time as entered (date only when unknown).
	Clock                 Wall   `json:"clock"`
	TZ                    string `json:"tz"`
	Zone                  string `json:"zone"`
	UTCOffsetMinutes      int    `json:"utc_offset_minutes"`
	StandardOffsetMinutes int    `json:"standard_offset_minutes"`
	// Standard is the clock with daylight saving taken off.
	Standard Wall `json:"standard"`
	// TrueSolar is local true solar time (null without longitude or time).
	TrueSolar *Wall `json:"true_solar"`
	// PillarTime is the reading the day and hour pillars were taken from.
	PillarTime  Wall        `json:"pillar_time"`
	Corrections Corrections `json:"corrections"`
	PrevTerm    TermRef     `json:"prev_term"`
	NextTerm    TermRef     `json:"next_term"`
	PrevJie     TermRef     `json:"prev_jie"`
	NextJie     TermRef     `json:"next_jie"`
	Warnings    []Warning   `json:"warnings"`

	utc       time.Time
	trueSolar Wall
}

// Options are the effective options of a chart.
type Options struct {
	TrueSolarTime bool       `json:"true_solar_time"`
	ZiRule        ZiRule     `json:"zi_rule"`
	LuckMethod    LuckMethod `json:"luck_method"`
	Calendar      string     `json:"calendar"`
	TimeKnown     bool       `json:"time_known"`
	Gender        Gender     `json:"gender"`
}

// LunarInfo is the Chinese lunar date of the birth (local standard date).
type LunarInfo struct {
	LunarDate
	Text string `json:"text"`
}

// Chart is the complete document the API and CLI return. Analysis is
// embedded so its keys (pillars, day_master, relations …) sit at the top.
type Chart struct {
	Input     Request       `json:"input"`
	Options   Options       `json:"options"`
	SolarTime SolarTimeInfo `json:"solar_time"`
	Lunar     *LunarInfo    `json:"lunar_date"`
	Analysis
	// Commander is the 人元司令 on the birth day.
	Commander Commander `json:"commander"`
	Luck      Luck      `json:"luck"`

	// FourPillars are the raw pillars.
	FourPillars Pillars `json:"-"`

	lunar   LunarInfo
	warnBuf [4]Warning // backs SolarTime.Warnings in the common case
}

// ErrInput is returned by Compute for an Input not made by Request.Parse.
var ErrInput = errors.New("bazi: input not parsed (use Request.Parse)")

// nearSeconds is how close to a boundary a birth must be for a warning.
const nearSeconds = 10 * 60

// Compute computes the chart of a parsed input; now decides which luck
// pillar and year are current.
func Compute(in Input, now time.Time) (*Chart, error) {
	c := new(Chart)
	if err := computeInto(c, &in, now); err != nil {
		return nil, err
	}
	return c, nil
}

// ComputeInto is Compute writing into c, which it overwrites entirely: a
// server can reuse Charts from a pool and compute without allocating the
// 4.5 KB document each time. On error c is left unspecified.
func ComputeInto(c *Chart, in Input, now time.Time) error {
	*c = Chart{}
	return computeInto(c, &in, now)
}

// PillarWall returns the wall reading the day and hour pillars are read
// on: local standard time, or local true solar time when TrueSolarTime was
// asked for and a longitude and the time are known (as Compute does).
// DateOnly is set when the time is unknown.
func (in *Input) PillarWall() Wall {
	std, tst, tstOK, _ := pillarReading(in, in.UTC.Unix())
	w := std
	if in.TrueSolarTime && tstOK {
		w = tst
	}
	w.DateOnly = !in.HasTime
	return w
}

// pillarReading returns the standard wall reading, the true-solar reading
// (ok only with a longitude and a known time) and the corrections.
func pillarReading(in *Input, u int64) (std, tst Wall, tstOK bool, cor Corrections) {
	std = Wall{Sec: u + int64(in.StandardOffset)}
	cor.DSTMinutes = float64(in.StandardOffset-in.ClockOffset) / 60
	if in.HasLon {
		lonSec := in.Lon*240 - float64(in.StandardOffset)
		cor.LongitudeMinutes = math.Round(lonSec/6) / 10
		if in.HasTime {
			eot := equationOfTime(u)
			cor.EquationOfTimeMinutes = math.Round(eot/6) / 10
			tst = Wall{Sec: std.Sec + int64(math.Round(lonSec+eot))}
			tstOK = true
		}
	}
	if in.TrueSolarTime && tstOK {
		cor.TotalMinutes = float64(tst.Sec-std.Sec)/60 + cor.DSTMinutes
	} else {
		cor.TotalMinutes = cor.DSTMinutes
	}
	return std, tst, tstOK, cor
}

func computeInto(c *Chart, in *Input, now time.Time) error {
	if in.Location == nil || in.UTC.IsZero() {
		return ErrInput
	}
	u := in.UTC.Unix()
	year, month, k, ok := yearMonthAt(u)
	if !ok {
		return &FieldError{Field: "date", Code: "out_of_range", Message: "Supported birth years are 1800 to 2200."}
	}
	std, tst, tstOK, cor := pillarReading(in, u)
	pw := std
	useTST := in.TrueSolarTime && tstOK
	if useTST {
		pw = tst
	}
	day, hour := dayHourAt(pw, in.HasTime, in.ZiRule)
	p := Pillars{Year: year, Month: month, Day: day, Hour: hour, HasHour: in.HasTime}
	c.FourPillars = p
	// analyze is Analyze writing in place: it saves copying ~2 KB of
	// pointer-holding struct into the heap (write barriers under GC).
	analyze(&c.Analysis, p)

	c.Commander = commanderOf(month.Branch(), SolarTerm(k%NumSolarTerms), u-termTable[k])

	c.Input = in.Request
	cal := "solar"
	if in.Lunar != nil {
		cal = "lunar"
	}
	c.Options = Options{TrueSolarTime: useTST, ZiRule: in.ZiRule, LuckMethod: in.LuckMethod,
		Calendar: cal, TimeKnown: in.HasTime, Gender: in.Gender}

	st := &c.SolarTime
	st.utc = in.UTC
	if in.HasTime {
		st.UTC = &st.utc
	}
	st.Clock = wallOf(in.Year, in.Month, in.Day, in.Hour, in.Minute, in.Second)
	st.Clock.DateOnly = !in.HasTime
	st.TZ = in.Location.String()
	st.Zone = in.ZoneAbbrev
	st.UTCOffsetMinutes = in.ClockOffset / 60
	st.StandardOffsetMinutes = in.StandardOffset / 60
	st.Standard = std
	st.Standard.DateOnly = !in.HasTime
	if tstOK {
		st.trueSolar = tst
		st.TrueSolar = &st.trueSolar
	}
	st.PillarTime = pw
	st.PillarTime.DateOnly = !in.HasTime
	st.Corrections = cor
	kt := termAtOrBefore(u, false)
	st.PrevTerm = termRef(kt, in)
	st.NextTerm = termRef(kt+1, in)
	if kt == k {
		st.PrevJie = st.PrevTerm
	} else {
		st.PrevJie = termRef(k, in)
	}
	if kt+1 == k+2 {
		st.NextJie = st.NextTerm
	} else {
		st.NextJie = termRef(k+2, in)
	}
	st.Warnings = chartWarnings(c.warnBuf[:0], in, u, k, pw)

	if ld, ok := lunarOfDays(pw.Days()); ok {
		c.lunar = LunarInfo{LunarDate: ld, Text: ld.String()}
		c.Lunar = &c.lunar
	}

	a := luckArgs{u: u, wall: std, k: k, year: year, month: month, hour: hour, hasHour: in.HasTime,
		dm: day.Stem(), gender: in.Gender, method: in.LuckMethod, natal: natalOf(year, month, day, hour, in.HasTime), loc: wallZone{off: int64(in.StandardOffset)}, now: now}
	computeLuck(&a, &c.Luck)
	if c.Luck.Forward {
		c.Luck.GoverningJie = st.NextJie
	} else {
		c.Luck.GoverningJie = st.PrevJie
	}
	return nil
}

// chartWarnings adds the boundary warnings to the parse warnings.
func chartWarnings(buf []Warning, in *Input, u int64, k int, pw Wall) []Warning {
	ws := append(buf[:0], in.Warnings...)
	if in.HasTime {
		if d := u - termTable[k]; d < nearSeconds {
			ws = append(ws, Warning{WarnNearSolarTerm, "Birth is within 10 minutes after the solar term " + SolarTerm(k%NumSolarTerms).String() + " (" + SolarTerm(k%NumSolarTerms).English() + "): the month (and perhaps year) pillar depends on the exact time."})
		} else if d := termTable[k+2] - u; d < nearSeconds {
			ws = append(ws, Warning{WarnNearSolarTerm, "Birth is within 10 minutes before the solar term " + SolarTerm((k+2)%NumSolarTerms).String() + " (" + SolarTerm((k+2)%NumSolarTerms).English() + "): the month (and perhaps year) pillar depends on the exact time."})
		}
		h, m, s := pw.Clock()
		sod := h*3600 + m*60 + s
		x := (sod + 3600) % 7200
		if x < nearSeconds || 7200-x < nearSeconds {
			ws = append(ws, Warning{WarnNearHourBoundary, "Birth is within 10 minutes of a two-hour (时辰) boundary: the hour pillar depends on the exact time."})
		} else if in.ZiRule == ZiSplit && (sod < nearSeconds || secondsPerDay-sod < nearSeconds) {
			ws = append(ws, Warning{WarnNearHourBoundary, "Birth is within 10 minutes of midnight: under the split zi rule the day pillar depends on the exact time."})
		}
	} else {
		// A 节 on the birth date makes the month pillar depend on the time.
		day0 := pw.Days()*secondsPerDay - int64(in.StandardOffset)
		for _, j := range [2]int{k, k + 2} {
			if t := termTable[j]; t >= day0 && t < day0+secondsPerDay {
				ws = append(ws, Warning{WarnJieOnBirthDate, "The solar term " + SolarTerm(j%NumSolarTerms).String() + " falls on the birth date: without the time, the month (and perhaps year) pillar may be wrong."})
			}
		}
	}
	return ws
}

// PillarsOf returns only the four pillars of a parsed input (no analysis).
func PillarsOf(in Input) (Pillars, error) {
	if in.Location == nil || in.UTC.IsZero() {
		return Pillars{}, ErrInput
	}
	u := in.UTC.Unix()
	year, month, _, ok := yearMonthAt(u)
	if !ok {
		return Pillars{}, &FieldError{Field: "date", Code: "out_of_range", Message: "Supported birth years are 1800 to 2200."}
	}
	std, tst, tstOK, _ := pillarReading(&in, u)
	pw := std
	if in.TrueSolarTime && tstOK {
		pw = tst
	}
	day, hour := dayHourAt(pw, in.HasTime, in.ZiRule)
	return Pillars{Year: year, Month: month, Day: day, Hour: hour, HasHour: in.HasTime}, nil
}
