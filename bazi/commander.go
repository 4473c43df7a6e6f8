package bazi

import "strconv"

// Commander is the 人元司令: the hidden stem of the month branch in command
// on the birth day, counted in days from the month's governing 节.
type Commander struct {
	Stem         Stem
	Branch       Branch
	Jie          SolarTerm
	DaysSinceJie int // whole days from the 节 to the birth (0 on the first day)
	Rule         Rule
}

// commanderSpan is one stem's share of a month, in days.
type commanderSpan struct {
	stem Stem
	days int
}

// commanderTable is the 月令人元司令分野 of 《三命通会》 (卷二 论人元司令) and
// 《渊海子平》, by month branch, in the order the stems take command. The
// books' variants differ by a day or two in some months (申 is also given
// as 己七 戊三 壬三 庚十七); this table follows the common 戊七 壬七 庚十六.
// In 子, 卯, 午, 酉 and 亥 the first stem is the previous month's 本气
// carried over (余气), which the engine's hidden-stem table does not list
// under the branch itself.
var commanderTable = [NumBranches][]commanderSpan{
	{{8, 10}, {9, 20}},         // 子 壬10 癸20
	{{9, 9}, {7, 3}, {5, 18}},  // 丑 癸9 辛3 己18
	{{4, 7}, {2, 7}, {0, 16}},  // 寅 戊7 丙7 甲16
	{{0, 10}, {1, 20}},         // 卯 甲10 乙20
	{{1, 9}, {9, 3}, {4, 18}},  // 辰 乙9 癸3 戊18
	{{4, 5}, {6, 9}, {2, 16}},  // 巳 戊5 庚9 丙16
	{{2, 10}, {5, 9}, {3, 11}}, // 午 丙10 己9 丁11
	{{3, 9}, {1, 3}, {5, 18}},  // 未 丁9 乙3 己18
	{{4, 7}, {8, 7}, {6, 16}},  // 申 戊7 壬7 庚16
	{{6, 10}, {7, 20}},         // 酉 庚10 辛20
	{{7, 9}, {3, 3}, {4, 18}},  // 戌 辛9 丁3 戊18
	{{4, 7}, {0, 5}, {8, 18}},  // 亥 戊7 甲5 壬18
}

// commanderRows[b] words a month's row, e.g. "戊七日、丙七日、甲十六日".
var commanderRows = func() (t [NumBranches]string) {
	nums := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"}
	for b, row := range commanderTable {
		for i, s := range row {
			if i > 0 {
				t[b] += "、"
			}
			t[b] += s.stem.String() + nums[s.days] + "日"
		}
	}
	return t
}()

// CommanderSpans returns the month's row of the table: stems and days.
func CommanderSpans(b Branch) (stems []Stem, days []int) {
	for _, s := range commanderTable[b%NumBranches] {
		stems = append(stems, s.stem)
		days = append(days, s.days)
	}
	return stems, days
}

// commanderOf finds the stem in command elapsed seconds after the 节
// that began the month of branch b. A month longer than the table's 30
// days stays with the last stem.
func commanderOf(b Branch, jie SolarTerm, elapsed int64) Commander {
	days := 0
	if elapsed > 0 {
		days = int(elapsed / secondsPerDay)
	}
	row := commanderTable[b%NumBranches]
	stem := row[len(row)-1].stem
	sum := 0
	for _, s := range row {
		sum += s.days
		if days < sum {
			stem = s.stem
			break
		}
	}
	day := strconv.Itoa(days + 1) // small ints: strconv's own table, no allocation
	return Commander{Stem: stem, Branch: b, Jie: jie, DaysSinceJie: days,
		Rule: newRule("commander.rule", b.String(), commanderRows[b%NumBranches], jie.String(), day, stem.String())}
}

// AppendJSON appends the commander as the chart JSON writes it.
func (c *Commander) AppendJSON(b []byte) []byte {
	b = appendQuoted(append(b, `{"stem":`...), c.Stem.String())
	b = appendQuoted(append(b, `,"element":`...), c.Stem.Element().Key())
	b = appendQuoted(append(b, `,"branch":`...), c.Branch.String())
	b = appendQuoted(append(b, `,"jie":`...), c.Jie.String())
	b = appendQuoted(append(b, `,"jie_key":`...), c.Jie.Key())
	b = appendInt(append(b, `,"days_since_jie":`...), c.DaysSinceJie)
	b = appendQuoted(append(b, `,"table":`...), commanderRows[c.Branch%NumBranches])
	b = appendRuleText(append(b, `,"rule":`...), &c.Rule)
	b = appendJSONString(append(b, `,"rule_key":`...), c.Rule.Key)
	b = appendStrings(append(b, `,"rule_args":`...), c.Rule.Args())
	return append(b, '}')
}

// MarshalJSON writes the object AppendJSON appends.
func (c Commander) MarshalJSON() ([]byte, error) { return c.AppendJSON(make([]byte, 0, 320)), nil }
