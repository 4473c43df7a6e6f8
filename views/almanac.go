package views

import "strconv"

// AlmanacName is a name of the almanac: Zh is the Chinese (in the page's
// script on Chinese pages), Label the page language's name (equal to Zh
// on Chinese pages, so the view shows it once).
type AlmanacName struct{ Zh, Label string }

// AlmanacView is a day's almanac (黄历), already worded.
type AlmanacView struct {
	Lunar      string // "正月初一" in the page's script
	LunarLabel string // English pages: "lunar month 1, day 1"
	GanZhi     string // "甲辰年 丙寅月 甲辰日"
	Zodiac     string
	SolarTerm  AlmanacName // Zh "" when no term falls on the day
	Yi, Ji     []AlmanacName
	Officer    AlmanacName
	Clash      string // worded in the page's language
	ClashZh    string // "冲狗(戊戌)煞南"
	Deity      AlmanacName
	DeityPath  AlmanacName
	Lucky      bool // the day is 黄道
	Mansion    string
	PengZu     []AlmanacName
	Directions []AlmanacDirection
	Hours      []AlmanacHour
	LuckyHours string
	APIURL     string
}

// AlmanacDirection is one spirit's direction.
type AlmanacDirection struct{ Key, Label, Trigram, Direction string }

// AlmanacHour is one double hour.
type AlmanacHour struct {
	Branch, GanZhi, Range, Luck string
	Lucky                       bool
	Deity                       AlmanacName
}

// ScoreView is a day's score for the reader's main chart, with its
// breakdown and summary.
type ScoreView struct {
	Total, Base int
	Band        string // good, fair, mixed, poor
	Summary     []string
	Parts       []ScorePart
}

// ScorePart is one line of the breakdown.
type ScorePart struct {
	Key        string
	Points     int
	Text, Rule string
}

// TZForm is the time-zone field of /daily and /calendar: a GET form, so
// it works without JavaScript.
type TZForm struct {
	Action, Date string // Date: the page's ?date=, kept when the zone changes
	Year, Month  int    // the calendar's month, kept likewise (0: none)
	Value        string
	Error        string
	FromProfile  bool
}

// TodayWidget is the home page's "today" card for a signed-in user.
type TodayWidget struct {
	Date      string
	Lunar     string
	ChartName string // "" when the user has no saved chart
	Score     *ScoreView
}

// signedPoints is "+8", "−10", "0".
func signedPoints(n int) string {
	switch {
	case n > 0:
		return "+" + strconv.Itoa(n)
	case n < 0:
		return "−" + strconv.Itoa(-n)
	}
	return "0"
}

func scoreBandClass(band string) string {
	switch band {
	case "good":
		return "text-emerald-700 dark:text-emerald-400"
	case "poor":
		return "text-red-700 dark:text-red-400"
	}
	return "text-amber-700 dark:text-amber-400"
}

func pointsClass(n int) string {
	switch {
	case n > 0:
		return "text-emerald-700 dark:text-emerald-400"
	case n < 0:
		return "text-red-700 dark:text-red-400"
	}
	return "text-stone-500"
}

func hourClass(lucky bool) string {
	if lucky {
		return "font-semibold text-emerald-700 dark:text-emerald-400"
	}
	return "text-stone-500"
}
