package bazi

import "errors"

// LifeStage is one of the twelve stages of growth (长生十二宫), 0 = 长生 … 11 = 养.
type LifeStage uint8

const (
	StageChangSheng LifeStage = iota // 长生 birth
	StageMuYu                        // 沐浴 bath
	StageGuanDai                     // 冠带 crown and belt
	StageLinGuan                     // 临官 coming of age (禄)
	StageDiWang                      // 帝旺 prosperity peak
	StageShuai                       // 衰 decline
	StageBing                        // 病 sickness
	StageSi                          // 死 death
	StageMu                          // 墓 grave
	StageJue                         // 绝 extinction
	StageTai                         // 胎 conception
	StageYang                        // 养 nurture
	NumLifeStages   = 12
)

var lifeStageNames = [NumLifeStages]string{"长生", "沐浴", "冠带", "临官", "帝旺", "衰", "病", "死", "墓", "绝", "胎", "养"}
var lifeStageKeys = [NumLifeStages]string{"chang_sheng", "mu_yu", "guan_dai", "lin_guan", "di_wang", "shuai", "bing", "si", "mu", "jue", "tai", "yang"}
var lifeStageEnglish = [NumLifeStages]string{"Birth", "Bath", "Crown and Belt", "Coming of Age", "Prosperity Peak", "Decline", "Sickness", "Death", "Grave", "Extinction", "Conception", "Nurture"}

// stageOffset follows lunar-go's changShengOffset: the stage index of a stem
// on 子; yang stems advance with the branch, yin stems go back.
var stageOffset = [NumStems]int{1, 6, 10, 9, 10, 9, 7, 0, 4, 3}

var stageTable = func() (t [NumStems][NumBranches]LifeStage) {
	for s := 0; s < NumStems; s++ {
		for b := 0; b < NumBranches; b++ {
			i := stageOffset[s]
			if s%2 == 0 {
				i += b
			} else {
				i -= b
			}
			t[s][b] = LifeStage(((i % 12) + 12) % 12)
		}
	}
	return t
}()

// StageOf returns the life stage of stem s on branch b (earth follows fire:
// 戊 as 丙, 己 as 丁, as in lunar-go).
func StageOf(s Stem, b Branch) LifeStage { return stageTable[s%NumStems][b%NumBranches] }

// String returns the Chinese name, e.g. "长生".
func (l LifeStage) String() string { return lifeStageNames[l%NumLifeStages] }

// Key returns the pinyin key, e.g. "chang_sheng".
func (l LifeStage) Key() string { return lifeStageKeys[l%NumLifeStages] }

// English returns an English gloss.
func (l LifeStage) English() string { return lifeStageEnglish[l%NumLifeStages] }

var lifeStageJSON = func() (out [NumLifeStages][]byte) {
	for i := range out {
		l := LifeStage(i)
		out[i] = []byte(`{"name":"` + l.String() + `","key":"` + l.Key() + `","english":"` + l.English() + `"}`)
	}
	return out
}()

// MarshalJSON writes {"name":"长生","key":"chang_sheng","english":"Birth"}.
func (l LifeStage) MarshalJSON() ([]byte, error) { return lifeStageJSON[l%NumLifeStages], nil }

// UnmarshalJSON accepts the object or a bare name/key string.
func (l *LifeStage) UnmarshalJSON(b []byte) error {
	s, ok := jsonNameOrKey(b)
	if !ok {
		return errors.New("bazi: bad life stage JSON")
	}
	for i := range lifeStageNames {
		if s == lifeStageNames[i] || s == lifeStageKeys[i] {
			*l = LifeStage(i)
			return nil
		}
	}
	return errors.New("bazi: unknown life stage " + s)
}
