package bazi

import "errors"

// HiddenRole is the rank of a hidden stem (藏干) in its branch.
type HiddenRole uint8

const (
	RoleMain     HiddenRole = iota // 本气
	RoleMiddle                     // 中气
	RoleResidual                   // 余气
)

var hiddenRoleKeys = [3]string{"main", "middle", "residual"}
var hiddenRoleNames = [3]string{"本气", "中气", "余气"}

// String returns "main", "middle" or "residual".
func (r HiddenRole) String() string { return hiddenRoleKeys[r%3] }

// Name returns the Chinese name (本气, 中气, 余气).
func (r HiddenRole) Name() string { return hiddenRoleNames[r%3] }

// MarshalText writes the key ("main", "middle", "residual").
func (r HiddenRole) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads the key.
func (r *HiddenRole) UnmarshalText(b []byte) error {
	for i, k := range hiddenRoleKeys {
		if string(b) == k {
			*r = HiddenRole(i)
			return nil
		}
	}
	return errors.New("bazi: unknown hidden stem role " + string(b))
}

// HiddenStem is one stem hidden in a branch, with its ten god relative to the
// day master of the chart it was computed for.
type HiddenStem struct {
	Stem     Stem       `json:"-"`
	Char     string     `json:"stem"`     // "甲"
	Element  string     `json:"element"`  // "wood"
	Polarity string     `json:"polarity"` // "yang"
	Role     HiddenRole `json:"role"`     // main / middle / residual
	Weight   float64    `json:"weight"`   // role weight in the element scores (1, 0.5, 0.3), before the month ×2
	TenGod   TenGod     `json:"ten_god"`
}

// branchHidden follows lunar-go's ZHI_HIDE_GAN (main, middle, residual).
var branchHidden = [NumBranches][]Stem{
	{9},       // 子 癸
	{5, 9, 7}, // 丑 己癸辛
	{0, 2, 4}, // 寅 甲丙戊
	{1},       // 卯 乙
	{4, 1, 9}, // 辰 戊乙癸
	{2, 6, 4}, // 巳 丙庚戊
	{3, 5},    // 午 丁己
	{5, 3, 1}, // 未 己丁乙
	{6, 8, 4}, // 申 庚壬戊
	{7},       // 酉 辛
	{4, 7, 3}, // 戌 戊辛丁
	{8, 0},    // 亥 壬甲
}

// hiddenTable[dm][b] is shared read-only by every Analysis: callers must not modify it.
var hiddenTable = func() (t [NumStems][NumBranches][]HiddenStem) {
	for d := Stem(0); d < NumStems; d++ {
		for b := Branch(0); b < NumBranches; b++ {
			hs := make([]HiddenStem, len(branchHidden[b]))
			for i, s := range branchHidden[b] {
				hs[i] = HiddenStem{
					Stem: s, Char: s.String(), Element: s.Element().Key(), Polarity: s.Polarity().String(),
					Role: HiddenRole(i), Weight: hiddenWeights[i], TenGod: TenGodOf(d, s),
				}
			}
			t[d][b] = hs
		}
	}
	return t
}()
