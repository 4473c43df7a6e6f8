// Package iching casts and reads the I Ching (易经): the 64 hexagrams in
// the King Wen order with their classical texts, the ways of casting, and
// the hexagrams and texts a cast points to.
//
// Lines are numbered 1–6 from the bottom and valued as the tradition does:
// 6 old yin (changing), 7 young yang, 8 young yin, 9 old yang (changing).
// A hexagram's pattern is six bits, bit i for line i+1, 1 for yang.
//
// Methods (cast.go):
//   - three coins: heads 3, tails 2, the sum of three fair coins, so
//     6 : 7 : 8 : 9 = 1 : 3 : 3 : 1;
//   - yarrow stalks: the odds the stalk procedure gives,
//     6 : 7 : 8 : 9 = 1 : 5 : 7 : 3 (out of 16), drawn directly;
//   - 梅花易数 by time: upper trigram (year branch + lunar month + lunar
//     day) mod 8, lower (that + hour branch) mod 8, moving line that sum
//     mod 6, trigrams by their 先天 numbers (乾1 兑2 离3 震4 巽5 坎6 艮7
//     坤8), branches counted 子 = 1 … 亥 = 12; the hour from 23:00 is 子
//     of the same civil day (the time method's own convention, unlike
//     BaZi's day boundary);
//   - three numbers (报数): upper = first mod 8, lower = second mod 8,
//     moving line = the sum of all three mod 6 (0 counts as 8 or 6);
//   - lines entered by hand, for those who cast with real coins.
//
// Randomness is read from an io.Reader: crypto/rand.Reader in the app.
//
// Which texts to read (rules.go) follows 朱熹《易学启蒙·考变占》, the rule
// most readers use.
package iching
