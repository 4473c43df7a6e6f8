package bazi

// Element weights used for the weighted scores (ElementBalance.Scores):
//
//   - each visible stem (天干) counts 1.0;
//   - each branch counts through its hidden stems: main qi (本气) 1.0,
//     middle qi (中气) 0.5, residual qi (余气) 0.3;
//   - the month branch (月令) is emphasised: its hidden stems count ×2.
//
// Counts (ElementBalance.Counts) are plain: one per visible stem and one per
// branch by the branch's own element.
var hiddenWeights = [3]float64{1.0, 0.5, 0.3}

const (
	stemWeight      = 1.0
	monthMultiplier = 2.0
)

// ElementWeights documents the weights in the JSON output.
type ElementWeights struct {
	Stem            float64 `json:"stem"`
	HiddenMain      float64 `json:"hidden_main"`
	HiddenMiddle    float64 `json:"hidden_middle"`
	HiddenResidual  float64 `json:"hidden_residual"`
	MonthMultiplier float64 `json:"month_branch_multiplier"`
}

// DefaultElementWeights are the weights Analyze uses.
var DefaultElementWeights = ElementWeights{stemWeight, hiddenWeights[0], hiddenWeights[1], hiddenWeights[2], monthMultiplier}

// ElementCounts counts characters per element.
type ElementCounts struct {
	Wood  int `json:"wood"`
	Fire  int `json:"fire"`
	Earth int `json:"earth"`
	Metal int `json:"metal"`
	Water int `json:"water"`
}

// Get returns the count of e.
func (c ElementCounts) Get(e Element) int {
	return [5]int{c.Wood, c.Fire, c.Earth, c.Metal, c.Water}[e%5]
}

// ElementScores holds a number per element.
type ElementScores struct {
	Wood  float64 `json:"wood"`
	Fire  float64 `json:"fire"`
	Earth float64 `json:"earth"`
	Metal float64 `json:"metal"`
	Water float64 `json:"water"`
}

// Get returns the score of e.
func (s ElementScores) Get(e Element) float64 {
	return [5]float64{s.Wood, s.Fire, s.Earth, s.Metal, s.Water}[e%5]
}

func scoresOf(a [5]float64) ElementScores { return ElementScores{a[0], a[1], a[2], a[3], a[4]} }

// ElementBalance is the five-element distribution of a chart.
type ElementBalance struct {
	Counts   ElementCounts  `json:"counts"`   // visible stems + branches (own element)
	Scores   ElementScores  `json:"scores"`   // weighted, see Weights
	Percent  ElementScores  `json:"percent"`  // Scores as shares of their total, 0–100, one decimal
	Missing  []string       `json:"missing"`  // elements with a zero count (shared slice, read-only)
	Dominant string         `json:"dominant"` // element with the highest weighted score
	Weights  ElementWeights `json:"weights"`
}

// missingLists[mask] lists the element keys whose bit is set; shared, read-only.
var missingLists = func() (t [32][]string) {
	for m := range t {
		t[m] = []string{}
		for e := 0; e < 5; e++ {
			if m&(1<<e) != 0 {
				t[m] = append(t[m], elementKeys[e])
			}
		}
	}
	return t
}()

func round1(x float64) float64 {
	return float64(int64(x*10+0.5)) / 10
}

// elementTotals computes counts and weighted scores for the first n pillars.
func elementTotals(st *[4]Stem, br *[4]Branch, n int) (counts [5]int, scores [5]float64) {
	for i := 0; i < n; i++ {
		counts[st[i].Element()]++
		counts[br[i].Element()]++
		scores[st[i].Element()] += stemWeight
		mul := 1.0
		if i == PosMonth {
			mul = monthMultiplier
		}
		for j, h := range branchHidden[br[i]] {
			scores[h.Element()] += hiddenWeights[j] * mul
		}
	}
	return
}

func elementBalance(counts [5]int, scores [5]float64) ElementBalance {
	var total float64
	var missing int
	dom := 0
	for e := 0; e < 5; e++ {
		total += scores[e]
		if counts[e] == 0 {
			missing |= 1 << e
		}
		if scores[e] > scores[dom] {
			dom = e
		}
	}
	var pct [5]float64
	var rs [5]float64
	for e := 0; e < 5; e++ {
		pct[e] = round1(scores[e] * 100 / total)
		rs[e] = float64(int64(scores[e]*100+0.5)) / 100
	}
	return ElementBalance{
		Counts:   ElementCounts{counts[0], counts[1], counts[2], counts[3], counts[4]},
		Scores:   scoresOf(rs),
		Percent:  scoresOf(pct),
		Missing:  missingLists[missing],
		Dominant: elementKeys[dom],
		Weights:  DefaultElementWeights,
	}
}
