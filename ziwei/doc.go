// Package ziwei computes Zi Wei Dou Shu (紫微斗数) boards. It is a port of
// iztro 2.6.1 (MIT) for iztro's default configuration — astro.bySolar(date,
// timeIndex, gender, fixLeap=true) with yearDivide, horoscopeDivide and
// ageDivide 'normal', dayDivide 'forward' and algorithm 'default' — and a
// differential test checks it star by star against iztro.
//
// It is pure: it imports only the standard library and the bazi package
// (lunar calendar, stems and branches). Name tables, brightness and 四化
// come from iztro's data through a generator (internal/gen); placement
// rules are code.
package ziwei
