package bazi

// Strength is the day master's strength (身强身弱).
//
// Score is the share (0–100) of the weighted element scores (see
// elements.go) held by the day master's own element and the element that
// produces it (比劫 + 印), the day stem itself included. Labels:
// score < 28 very_weak, < 40 weak, ≤ 50 balanced, ≤ 62 strong, above very_strong.
// The thresholds are calibrated on uniformly random pillars, where the
// median score is about 45 and the labels split about 12/26/26/25/11 %;
// a balanced chart leans strong from 45 up.
type Strength struct {
	Score       float64  `json:"score"`
	Label       string   `json:"label"`        // very_weak, weak, balanced, strong, very_strong
	Support     float64  `json:"support"`      // weighted score of same element + resource
	Oppose      float64  `json:"oppose"`       // weighted score of output + wealth + officer
	InSeason    bool     `json:"in_season"`    // 得令: the month branch's main qi is the same element or produces the day master
	SeasonState string   `json:"season_state"` // 旺相休囚死 of the day master in the month: wang, xiang, xiu, qiu, si
	Rooted      bool     `json:"rooted"`       // 得地: a branch hides a stem of the day master's element (通根)
	RootPillars []string `json:"root_pillars"` // the pillars giving a root (shared slice, read-only)
	Supported   bool     `json:"supported"`    // 得势: at least half of the other stems and non-month branches (main qi) are peers or resources
}

// Strength label thresholds on Score.
const (
	VeryWeakBelow = 28.0
	WeakBelow     = 40.0
	BalancedUpTo  = 50.0
	StrongUpTo    = 62.0
	LeanStrongAt  = 45.0
)

var seasonStates = [5]string{"wang", "xiu", "qiu", "si", "xiang"} // by (month element − day master element) mod 5

func strengthLabel(score float64) string {
	switch {
	case score < VeryWeakBelow:
		return "very_weak"
	case score < WeakBelow:
		return "weak"
	case score <= BalancedUpTo:
		return "balanced"
	case score <= StrongUpTo:
		return "strong"
	}
	return "very_strong"
}

func strengthOf(st *[4]Stem, br *[4]Branch, n int, scores *[5]float64) Strength {
	dm := st[PosDay].Element()
	res := (dm + 4) % 5
	var support, total float64
	for e := Element(0); e < 5; e++ {
		total += scores[e]
	}
	support = scores[dm] + scores[res]
	s := Strength{}
	if total > 0 {
		s.Score = round1(support * 100 / total)
	}
	s.Support = float64(int64(support*100+0.5)) / 100
	s.Oppose = float64(int64((total-support)*100+0.5)) / 100
	s.Label = strengthLabel(s.Score)
	monthEl := branchHidden[br[PosMonth]][0].Element()
	rel := (monthEl + 5 - dm) % 5
	s.SeasonState = seasonStates[rel]
	s.InSeason = rel == 0 || rel == 4
	var roots PillarMask
	for i := 0; i < n; i++ {
		for _, h := range branchHidden[br[i]] {
			if h.Element() == dm {
				roots |= 1 << i
			}
		}
	}
	s.Rooted = roots != 0
	s.RootPillars = maskMembers[roots]
	var sup, all int
	for i := 0; i < n; i++ {
		if i != PosDay {
			all++
			if e := st[i].Element(); e == dm || e == res {
				sup++
			}
		}
		if i != PosMonth {
			all++
			if e := branchHidden[br[i]][0].Element(); e == dm || e == res {
				sup++
			}
		}
	}
	s.Supported = sup*2 >= all
	return s
}

// Favourable lists the useful (喜用) and harmful (忌) elements.
type Favourable struct {
	Favourable   []string  `json:"favourable"`             // element keys, most useful first (shared slice, read-only)
	Unfavourable []string  `json:"unfavourable"`           // element keys (shared slice, read-only)
	Reason       string    `json:"reason"`                 // machine-readable reason code
	ClimateNeed  string    `json:"climate_need,omitempty"` // 调候: element the season calls for, if any
	ClimateNote  string    `json:"climate_note,omitempty"` // e.g. summer_birth_needs_water
	Elements     []Element `json:"-"`
	Avoid        []Element `json:"-"`
}

// Reason codes.
const (
	ReasonWeak           = "weak_day_master_needs_resource_and_peer"
	ReasonStrong         = "strong_day_master_needs_output_wealth_officer"
	ReasonBalancedWeak   = "balanced_day_master_leaning_weak_prefers_resource_and_peer"
	ReasonBalancedStrong = "balanced_day_master_leaning_strong_prefers_output_and_wealth"
)

const (
	favWeak = iota
	favStrong
	favBalancedWeak
	favBalancedStrong
)

var favReasons = [4]string{ReasonWeak, ReasonStrong, ReasonBalancedWeak, ReasonBalancedStrong}

// favTable[dm element][case] holds the shared lists.
type favLists struct {
	fav, avoid       []Element
	favKeys, avoidKy []string
}

var favTable = func() (t [5][4]favLists) {
	keys := func(es []Element) []string {
		out := make([]string, len(es))
		for i, e := range es {
			out[i] = e.Key()
		}
		return out
	}
	for d := Element(0); d < 5; d++ {
		same, out, wealth, officer, res := d, (d+1)%5, (d+2)%5, (d+3)%5, (d+4)%5
		cases := [4][2][]Element{
			favWeak:           {{res, same}, {officer, wealth, out}},
			favStrong:         {{out, wealth, officer}, {res, same}},
			favBalancedWeak:   {{res, same}, {officer}},
			favBalancedStrong: {{out, wealth}, {res}},
		}
		for c, l := range cases {
			t[d][c] = favLists{l[0], l[1], keys(l[0]), keys(l[1])}
		}
	}
	return t
}()

func favourableOf(dm Stem, month Branch, s *Strength) Favourable {
	c := favWeak
	switch s.Label {
	case "strong", "very_strong":
		c = favStrong
	case "balanced":
		if s.Score >= LeanStrongAt {
			c = favBalancedStrong
		} else {
			c = favBalancedWeak
		}
	}
	l := &favTable[dm.Element()][c]
	f := Favourable{Favourable: l.favKeys, Unfavourable: l.avoidKy, Reason: favReasons[c], Elements: l.fav, Avoid: l.avoid}
	switch month {
	case 5, 6, 7: // 巳午未
		f.ClimateNeed, f.ClimateNote = "water", "summer_birth_needs_water"
	case 11, 0, 1: // 亥子丑
		f.ClimateNeed, f.ClimateNote = "fire", "winter_birth_needs_fire"
	}
	return f
}
