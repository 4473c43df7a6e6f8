package bazi

import "errors"

// NaYin is one of the 30 sound-elements (纳音), shared by each pair of
// consecutive GanZhi: 0 = 海中金 (甲子乙丑) … 29 = 大海水 (壬戌癸亥).
type NaYin uint8

const NumNaYin = 30

var naYinNames = [NumNaYin]string{
	"海中金", "炉中火", "大林木", "路旁土", "剑锋金", "山头火",
	"涧下水", "城头土", "白蜡金", "杨柳木", "泉中水", "屋上土",
	"霹雳火", "松柏木", "长流水", "沙中金", "山下火", "平地木",
	"壁上土", "金箔金", "覆灯火", "天河水", "大驿土", "钗钏金",
	"桑柘木", "大溪水", "沙中土", "天上火", "石榴木", "大海水",
}

var naYinElements = func() (e [NumNaYin]Element) {
	for i, n := range naYinNames {
		last := string([]rune(n)[2])
		for j, en := range elementNames {
			if en == last {
				e[i] = Element(j)
			}
		}
	}
	return e
}()

// NaYinOf returns the 纳音 of a GanZhi.
func NaYinOf(g GanZhi) NaYin { return NaYin((g % NumGanZhi) / 2) }

// String returns the Chinese name, e.g. "海中金".
func (n NaYin) String() string { return naYinNames[n%NumNaYin] }

// Element returns the 纳音's element (its last character).
func (n NaYin) Element() Element { return naYinElements[n%NumNaYin] }

// MarshalText writes the Chinese name.
func (n NaYin) MarshalText() ([]byte, error) { return []byte(n.String()), nil }

// UnmarshalText reads the Chinese name.
func (n *NaYin) UnmarshalText(b []byte) error {
	for i, s := range naYinNames {
		if s == string(b) {
			*n = NaYin(i)
			return nil
		}
	}
	return errors.New("bazi: unknown nayin " + string(b))
}
