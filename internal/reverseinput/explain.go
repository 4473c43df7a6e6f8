package reverseinput

import (
	"strconv"
	"strings"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
)

// Problem is why no birth time has the pillars: the rule that rules the
// combination out. Code and Args:
//   - wu_hu_dun: the month stem does not follow the year stem by 五虎遁.
//     Args: year stem, month branch, the month pillar that year has, the
//     month pillar given; Line is the rhyme's line for the year stem (0–4).
//   - wu_shu_dun: the hour stem does not follow the day stem by 五鼠遁.
//     Args: day stem, hour branch, the hour pillar that day has, the hour
//     pillar given; Line is the rhyme's line for the day stem.
//   - wu_shu_dun_split: as wu_shu_dun for the 子 hour under the 早晚子时
//     rule, where the late 子 hour takes the next day's stem. Args as
//     wu_shu_dun, then the late 子 hour's pillar.
//   - no_year: no year in the range has the year pillar. Args: the year
//     pillar, from, to, the nearest such year before from and after to.
//   - no_hour: the day is in the range but its month begins or ends (at a
//     节) before or after that hour. Args: year, month, day and hour
//     pillars, the dates of those days.
//   - no_date: the pillars agree, but the day pillar falls in that month
//     in none of the range's years with the year pillar (a solar month has
//     about 30 of the 60 day pillars). Args: year pillar, from, to, those
//     years, month pillar, day pillar.
type Problem struct {
	Code string
	Args []any
	Line int
}

// wuHuStem is the stem of the 寅 month in a year of stem y (五虎遁: 甲己之年
// 丙作首, 乙庚之岁戊为头, 丙辛必定寻庚起, 丁壬壬位顺行流, 戊癸甲寅).
func wuHuStem(y bazi.Stem) bazi.Stem { return bazi.Stem((int(y)%5*2 + 2) % bazi.NumStems) }

// wuShuStem is the stem of the 子 hour on a day of stem d (五鼠遁: 甲己还加甲,
// 乙庚丙作初, 丙辛从戊起, 丁壬庚子居, 戊癸壬子).
func wuShuStem(d bazi.Stem) bazi.Stem { return bazi.Stem(int(d) % 5 * 2) }

// MonthOf is the month pillar of branch b in a year of stem y.
func MonthOf(y bazi.Stem, b bazi.Branch) bazi.GanZhi {
	steps := (int(b) - 2 + bazi.NumBranches) % bazi.NumBranches // months since 寅
	g, _ := bazi.NewGanZhi(bazi.Stem((int(wuHuStem(y))+steps)%bazi.NumStems), b)
	return g
}

// HourOf is the hour pillar of branch b on a day of stem d.
func HourOf(d bazi.Stem, b bazi.Branch) bazi.GanZhi {
	g, _ := bazi.NewGanZhi(bazi.Stem((int(wuShuStem(d))+int(b))%bazi.NumStems), b)
	return g
}

// yearPillar is the pillar of ganzhi year y (1984 is 甲子).
func yearPillar(y int) bazi.GanZhi {
	return bazi.GanZhi(((y-1984)%bazi.NumGanZhi + bazi.NumGanZhi) % bazi.NumGanZhi)
}

// Explain says why r has no birth time; call it when the lookup found
// none. The stem rules come first: they hold in every year.
func Explain(r Request) Problem {
	p := r.Pillars
	ys, mb := p.Year.Stem(), p.Month.Branch()
	if want := MonthOf(ys, mb); want != p.Month {
		return Problem{Code: "wu_hu_dun", Args: []any{ys.String(), mb.String(), want.String(), p.Month.String()}, Line: int(ys) % 5}
	}
	if p.HasHour {
		ds, hb := p.Day.Stem(), p.Hour.Branch()
		want := HourOf(ds, hb)
		if hb == 0 && r.Zi == bazi.ZiSplit {
			late := HourOf(ds+1, hb)
			if want != p.Hour && late != p.Hour {
				return Problem{Code: "wu_shu_dun_split", Args: []any{ds.String(), hb.String(), want.String(), p.Hour.String(), late.String()}, Line: int(ds) % 5}
			}
		} else if want != p.Hour {
			return Problem{Code: "wu_shu_dun", Args: []any{ds.String(), hb.String(), want.String(), p.Hour.String()}, Line: int(ds) % 5}
		}
	}
	if p.HasHour {
		// The day is there but not at that hour: a 节 that day starts or
		// ends the month before or after the hour.
		day := p
		day.HasHour = false
		if found, err := bazi.ReverseLookup(day, r.From, r.To, r.Zi); err == nil && len(found) > 0 {
			var dates []string
			for _, m := range found {
				if len(dates) == 5 {
					dates = append(dates, "…")
					break
				}
				dates = append(dates, CandidateOf(Request{Pillars: day, Zi: r.Zi}, m).Date)
			}
			return Problem{Code: "no_hour", Args: []any{p.Year.String(), p.Month.String(), p.Day.String(), p.Hour.String(), strings.Join(dates, ", ")}}
		}
	}
	var years []string
	first := r.From + (int(p.Year)-int(yearPillar(r.From))+bazi.NumGanZhi)%bazi.NumGanZhi
	for y := first; y <= r.To; y += bazi.NumGanZhi {
		years = append(years, strconv.Itoa(y))
	}
	if len(years) == 0 {
		return Problem{Code: "no_year", Args: []any{p.Year.String(), r.From, r.To, first - bazi.NumGanZhi, first}}
	}
	return Problem{Code: "no_date", Args: []any{p.Year.String(), r.From, r.To, strings.Join(years, ", "), p.Month.String(), p.Day.String()}}
}

// Beijing is the zone reverse lookups are in, and the zone of the chart
// links (a fixed offset: the chart then reads the clock as the lookup
// does, without China's 1986–1991 summer time).
const Beijing = "+08:00"

// Candidate is one stretch of birth time with the pillars, and the chart
// query that opens it.
type Candidate struct {
	Match bazi.Match
	// Date and Time are the birth the chart link gives: the whole date when
	// the stretch is a whole day and no hour was asked, else the middle of
	// the stretch (to the minute, or second when it is that short), safely
	// inside it whatever a 节's instant rounds to.
	Date, Time string
	// FullDay is true when the stretch is a whole day (no hour asked).
	FullDay bool
}

// CandidateOf is the candidate of one match of r.
func CandidateOf(r Request, m bazi.Match) Candidate {
	c := Candidate{Match: m}
	span := m.End.Sec - m.Start.Sec
	mid := bazi.Wall{Sec: m.Start.Sec + span/2}
	if !r.Pillars.HasHour && span == 24*3600 {
		c.FullDay = true
		// Under the next-day rule the day runs 23:00–23:00: its date is the
		// one the stretch ends on, the middle's.
		y, mo, d := mid.Date()
		c.Date = datef(y, mo, d)
		return c
	}
	t := bazi.Wall{Sec: mid.Sec - ((mid.Sec%60)+60)%60}
	y, mo, d := mid.Date()
	h, mi, s := mid.Clock()
	c.Date = datef(y, mo, d)
	if t.Sec >= m.Start.Sec {
		c.Time = pad2(h) + ":" + pad2(mi)
	} else {
		c.Time = pad2(h) + ":" + pad2(mi) + ":" + pad2(s)
	}
	return c
}

// ChartQuery is the chart page's query of a candidate: its date and time
// in Beijing time, the 子-hour rule of the lookup, and gender (which the
// chart needs for its luck pillars; the pillars do not depend on it).
func (c Candidate) ChartQuery(r Request) string {
	req := chartinput.Request{Request: bazi.Request{Date: c.Date, Time: c.Time, TZ: Beijing, Gender: r.Gender}}
	if r.Zi == bazi.ZiSplit {
		req.ZiRule = "split"
	}
	return req.Query("")
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func datef(y, m, d int) string {
	ys := strconv.Itoa(y)
	for len(ys) < 4 {
		ys = "0" + ys
	}
	return ys + "-" + pad2(m) + "-" + pad2(d)
}
