package reading

// overviewPhrasesEN is the synthesis reader's English phrase table: one
// phrase per fact, with fmt-style slots (see builtin_overview.go).
var overviewPhrasesEN = map[string]string{
	"label": "*Written by BaZi Master's built-in reader.*",
	"sep":   ", ",
	"and":   " and ",
	"semi":  "; ",
	"side":  "%[1]s, %[2]s → %[3]s",
	"item":  "**%[1]s**: %[2]s",

	"title":      "One birth, three systems",
	"intro.name": "For **%s**.",
	"intro":      "Here your birth is read by three traditions side by side: BaZi, Zi Wei Dou Shu and Western astrology. Each sees you through its own lens. Where they point the same way the picture is firmer; where they differ you are looking at two sides of one life, and each point below says by which rule it was compared.",

	"h.self":  "Self and temperament",
	"h.work":  "Work and career",
	"h.love":  "Relationships",
	"h.agree": "Where the systems agree and differ",
	"h.close": "In closing",

	"self.bazi":         "**BaZi**: your day master is **%[1]s**, %[2]s %[3]s, and its strength is **%[4]s** (%[5]d/100).",
	"strength.strong":   "A strong day master carries its own weight: you tend to push outward and do best with something worth spending your energy on.",
	"strength.weak":     "A lighter day master draws on support: you do best with good allies, steady routines and room to gather strength before you spend it.",
	"strength.balanced": "A balanced day master bends either way: you adapt, and the years that lean one way or the other are what tip you.",
	"self.dominant":     "The strongest element of the chart is **%s**.",
	"self.zw":           "**Zi Wei Dou Shu**: your Life Palace (命宫) is in **%[1]s**, holding %[2]s; the Body Palace (身宫) falls in the %[3]s, and the five-element class is **%[4]s**.",
	"zw.empty":          "no major star (it borrows those of the opposite palace)",
	"zw.none":           "**Zi Wei Dou Shu**: without the hour of birth no board can be drawn, so Zi Wei stays silent in this reading. Add the birth time to hear it.",
	"self.as":           "**Western astrology**: your Sun is in **%[1]s**, your Moon in **%[2]s** and **%[3]s** is rising.",
	"self.as.notime":    "**Western astrology**: your Sun is in **%[1]s** and your Moon (at noon) in **%[2]s**; the Ascendant needs a birth time.",

	"pt.agree":   "**%[1]s: agree.** Rule: %[2]s Here: %[3]s. They meet on **%[4]s**.",
	"pt.differ":  "**%[1]s: differ.** Rule: %[2]s Here: %[3]s. BaZi's value is not echoed by the others: read the difference as a second side of you rather than a contradiction.",
	"pt.unknown": "**%[1]s: not compared.** Rule: %[2]s Without a birth time only BaZi can speak to this.",

	"work.bazi":     "**BaZi**: the dominant ten-god group is **%[1]s**, whose element for your day master is **%[2]s**.",
	"grp.companion": "Peers lead: you work best with autonomy or among equals, and your drive grows with healthy competition.",
	"grp.output":    "Output leads: skill, craft and expression are your currency; work that lets you make and show things suits you.",
	"grp.wealth":    "Wealth leads: you read results, resources and opportunities well, and practical, measurable goals motivate you.",
	"grp.officer":   "Officers lead: structure, responsibility and standing matter to you; you rise through roles with clear duties.",
	"grp.resource":  "Resources lead: learning, mentors and credentials carry you; work that lets you study, teach or advise suits you.",
	"work.zw":       "**Zi Wei Dou Shu**: the Career Palace (官禄宫) in %[1]s holds %[2]s.",
	"work.as":       "**Western astrology**: the Midheaven, the sign of your public aims, is in **%s**.",
	"needs.zw":      "**Zi Wei Dou Shu** needs the hour of birth to speak to this.",
	"needs.as":      "**Western astrology** needs the birth time for the angles and houses this rests on.",

	"love.bazi": "**BaZi**: the spouse palace (the day branch) is **%[1]s**, of %[2]s.",
	"love.zw":   "**Zi Wei Dou Shu**: the Spouse Palace (夫妻宫) in %[1]s holds %[2]s.",
	"love.as":   "**Western astrology**: the Descendant, the cusp of the 7th house, is in **%s**.",

	"agree.sum": "Of the points the systems could compare, they agree on %d of %d:",
	"close":     "Read the three as voices in one conversation. Where they agree, lean on it: that is the part of you most clearly written. Where they differ, you hold more than one way of being and can choose which to grow. Each system's own page has the full detail.",

	"fu.system":      "What %s says here",
	"fu.system.more": "Its own page and reading go further; ask about self, work or relationships to see all three systems side by side.",
	"fu.general":     "Ask about self, work or relationships, or name a system (BaZi, Zi Wei, astrology), and the answer will draw on that part of the comparison.",
}
