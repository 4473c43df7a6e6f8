package bazi

import (
	"errors"
	"time"
)

// Match is a stretch of Beijing time (UTC+8) during which given pillars hold.
type Match struct {
	Start    Wall      `json:"start"` // Beijing wall time, inclusive
	End      Wall      `json:"end"`   // Beijing wall time, exclusive
	StartUTC time.Time `json:"start_utc"`
}

// beijing is the offset reverse lookups are expressed in.
const beijing = 8 * 3600

// ErrReverseRange is returned for a year range outside 1800–2200 or reversed.
var ErrReverseRange = errors.New("bazi: reverse lookup years must lie within 1800–2200, from <= to")

// ReverseLookup lists, in time order, the Beijing-time windows between the
// years from and to (inclusive, by ganzhi year) whose pillars are p under
// the zi rule. With p.HasHour each window is at most a 时辰 (clipped at a
// 节); without, a whole day. Like lunar-go's reverse lookup, a window start
// is the start of the 时辰 (or the 节 instant when that falls inside it).
func ReverseLookup(p Pillars, from, to int, zi ZiRule) ([]Match, error) {
	if from > to || from < MinYear || to > MaxYear {
		return nil, ErrReverseRange
	}
	p.Year %= NumGanZhi
	p.Month %= NumGanZhi
	p.Day %= NumGanZhi
	p.Hour %= NumGanZhi
	var out []Match
	// First year in range with the year pillar; then every 60 years.
	y := from + mod(int(p.Year)-int(yearGanZhi(from)), NumGanZhi)
	mb := int(p.Month.Branch()) // 寅 = 2 … 丑 = 1
	for ; y <= to; y += NumGanZhi {
		// The 节 of the month: 立春 (p=1) … 大雪 (p=11) in year y; 丑 is
		// 小寒 of y+1.
		pos := mod(mb-1, 12)
		k := (y-tableFirstYear)*NumSolarTerms + 2*pos
		if mb == 1 {
			k = (y+1-tableFirstYear)*NumSolarTerms + 0
		}
		if k < 0 || k+2 >= termCount {
			continue
		}
		lo, hi := termTable[k]+beijing, termTable[k+2]+beijing // Beijing wall seconds
		if _, mg, _, _ := yearMonthAt(termTable[k]); mg != p.Month {
			continue // month stem inconsistent with the year stem
		}
		// The day whose date pillar is p.Day (a month is shorter than the
		// 60-day cycle, so there is at most one), and the day before it for
		// the late 子 hour, which belongs to the next day under ZiNextDay.
		d0 := floorDiv(lo, secondsPerDay)
		first := d0 + int64(mod(int(p.Day)-int(mod(int(d0%NumGanZhi)+unixEpochDayGanZhi, NumGanZhi)), NumGanZhi))
		for _, d := range [2]int64{first - 1, first} {
			out = appendWindows(out, p, d, lo, hi, zi)
		}
	}
	return mergeAdjacent(out), nil
}

// mergeAdjacent joins windows that touch (under ZiNextDay the 子 hour runs
// 23:00–01:00 across midnight, found as two halves), so each stretch of
// time is listed once.
func mergeAdjacent(ms []Match) []Match {
	if len(ms) < 2 {
		return ms
	}
	out := ms[:1]
	for _, m := range ms[1:] {
		last := &out[len(out)-1]
		if m.Start.Sec == last.End.Sec {
			last.End = m.End
			continue
		}
		out = append(out, m)
	}
	return out
}

// appendWindows adds the windows of day d (day number, Beijing) inside
// [lo, hi) whose pillars are p.
func appendWindows(out []Match, p Pillars, d int64, lo, hi int64, zi ZiRule) []Match {
	base := d * secondsPerDay
	var cands [13][2]int64
	n := 0
	if p.HasHour {
		b := int64(p.Hour.Branch())
		if b == 0 {
			cands[n] = [2]int64{base, base + 3600}
			cands[n+1] = [2]int64{base + 23*3600, base + 24*3600}
			n = 2
		} else {
			cands[0] = [2]int64{base + (2*b-1)*3600, base + (2*b+1)*3600}
			n = 1
		}
	} else if zi == ZiSplit {
		cands[0] = [2]int64{base, base + secondsPerDay}
		n = 1
	} else {
		cands[0] = [2]int64{base - 3600, base + 23*3600}
		n = 1
	}
	for _, c := range cands[:n] {
		s, e := max(c[0], lo), min(c[1], hi)
		if s >= e {
			continue
		}
		// Verify with the forward computation at the window start.
		yg, mg, _, ok := yearMonthAt(s - beijing)
		if !ok || yg != p.Year || mg != p.Month {
			continue
		}
		// The day is read with the hour even when p has none, so that
		// 23:00 counts for the next day under ZiNextDay.
		dg, hg := dayHourAt(Wall{Sec: s}, true, zi)
		if dg != p.Day || (p.HasHour && hg != p.Hour) {
			continue
		}
		if len(out) > 0 && out[len(out)-1].Start.Sec == s {
			continue
		}
		out = append(out, Match{Start: Wall{Sec: s}, End: Wall{Sec: e}, StartUTC: timeOf(s - beijing)})
	}
	return out
}
