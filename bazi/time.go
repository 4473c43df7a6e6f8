package bazi

import (
	"math"
	"time"
)

// Wall is a local wall-clock reading (no zone), stored as seconds since
// 1970-01-01T00:00:00 of that clock. It marshals as "YYYY-MM-DDTHH:MM:SS",
// or "YYYY-MM-DD" when DateOnly (birth time unknown). Formatting is deferred
// to marshalling so that computing a chart does not build strings.
type Wall struct {
	Sec      int64
	DateOnly bool
}

const secondsPerDay = 86400

// wallOf builds a Wall from civil fields.
func wallOf(y, mo, d, h, mi, s int) Wall {
	return Wall{Sec: daysFromCivil(y, mo, d)*secondsPerDay + int64(h*3600+mi*60+s)}
}

// floorDiv returns floor(a/b) for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// Days returns the day number (days since 1970-01-01) of the reading.
func (w Wall) Days() int64 { return floorDiv(w.Sec, secondsPerDay) }

// Date returns the civil date.
func (w Wall) Date() (year, month, day int) { return civilFromDays(w.Days()) }

// Clock returns hour, minute and second.
func (w Wall) Clock() (hour, min, sec int) {
	s := int(w.Sec - w.Days()*secondsPerDay)
	return s / 3600, s / 60 % 60, s % 60
}

// Time returns the reading as a time.Time in UTC with the same fields.
func (w Wall) Time() time.Time { return time.Unix(w.Sec, 0).UTC() }

// Add returns the reading moved by sec seconds.
func (w Wall) Add(sec int64) Wall { return Wall{Sec: w.Sec + sec, DateOnly: w.DateOnly} }

// AppendText appends the ISO form ("YYYY-MM-DDTHH:MM:SS" or "YYYY-MM-DD").
func (w Wall) AppendText(b []byte) ([]byte, error) {
	y, mo, d := w.Date()
	if y < 0 || y > 9999 {
		b = append(b, '?')
		return b, nil
	}
	b = append4(b, y)
	b = append(b, '-')
	b = append2(b, mo)
	b = append(b, '-')
	b = append2(b, d)
	if w.DateOnly {
		return b, nil
	}
	h, mi, s := w.Clock()
	b = append(b, 'T')
	b = append2(b, h)
	b = append(b, ':')
	b = append2(b, mi)
	b = append(b, ':')
	b = append2(b, s)
	return b, nil
}

// String returns the ISO form.
func (w Wall) String() string {
	b, _ := w.AppendText(make([]byte, 0, 20))
	return string(b)
}

// MarshalText implements encoding.TextMarshaler.
func (w Wall) MarshalText() ([]byte, error) { return w.AppendText(make([]byte, 0, 20)) }

// UnmarshalText reads the ISO form back.
func (w *Wall) UnmarshalText(b []byte) error {
	s := string(b)
	layout := "2006-01-02T15:04:05"
	if len(s) == 10 {
		layout = "2006-01-02"
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return err
	}
	*w = Wall{Sec: t.Unix(), DateOnly: len(s) == 10}
	return nil
}

func append2(b []byte, v int) []byte { return append(b, byte('0'+v/10%10), byte('0'+v%10)) }
func append4(b []byte, v int) []byte {
	return append(b, byte('0'+v/1000%10), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
}

// daysFromCivil converts a proleptic Gregorian date to days since 1970-01-01
// (H. Hinnant's algorithm; exact for all years, no time.Time needed).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := int(z - era*146097)
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + int(era)*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// daysIn returns the number of days of a Gregorian month.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// offsetAt returns the UTC offset (seconds) of loc at Unix second u and
// whether it is daylight-saving time.
func offsetAt(loc *time.Location, u int64) (off int, dst bool) {
	t := time.Unix(u, 0).In(loc)
	_, off = t.Zone()
	return off, t.IsDST()
}

// standardOffset returns the zone's standard (non-DST) offset at instant u.
// tzdata flags summer time as DST, so during a DST period the offset of the
// nearest non-DST period is taken. Zones with "negative DST" (Dublin, where
// winter GMT is flagged DST) are read the conventional way: the smaller of
// the two offsets is standard time.
func standardOffset(loc *time.Location, u int64) int {
	t := time.Unix(u, 0).In(loc)
	_, off := t.Zone()
	dst := t.IsDST()
	// Walk to neighbouring periods until one has the opposite DST flag.
	look := func(forward bool) (int, bool) {
		cur := t
		for i := 0; i < 4; i++ {
			start, end := cur.ZoneBounds()
			var next time.Time
			if forward {
				if end.IsZero() {
					return 0, false
				}
				next = end.In(loc)
			} else {
				if start.IsZero() {
					return 0, false
				}
				next = start.Add(-time.Second).In(loc)
			}
			if next.IsDST() != dst {
				_, o := next.Zone()
				return o, true
			}
			cur = next
		}
		return 0, false
	}
	if dst {
		o, ok := look(false)
		if !ok {
			o, ok = look(true)
		}
		if ok && o < off {
			return o
		}
		// No standard period found, or negative DST (this DST period has
		// the smaller offset): the offset in force is standard.
		return off
	}
	// Not DST: a neighbouring DST period with a smaller offset means
	// negative DST, whose offset is the conventional standard time.
	if o, ok := look(false); ok && o < off {
		return o
	}
	if o, ok := look(true); ok && o < off {
		return o
	}
	return off
}

// equationOfTime returns apparent minus mean solar time in seconds at
// Unix second u (Smart's series as given by Meeus, Astronomical Algorithms
// ch. 28; error a few seconds over 1800–2200, far below the minute).
func equationOfTime(u int64) float64 {
	const deg = math.Pi / 180
	// Julian centuries since J2000.0 (UT used for TT: ΔT changes E by < 0.1 s).
	T := (float64(u)/secondsPerDay + 2440587.5 - 2451545.0) / 36525
	L0 := math.Mod(280.46646+T*(36000.76983+T*0.0003032), 360) * deg
	M := (357.52911 + T*(35999.05029-T*0.0001537)) * deg
	e := 0.016708634 - T*(0.000042037+T*0.0000001267)
	eps := (23.0 + 26.0/60 + (21.448-T*(46.8150+T*(0.00059-T*0.001813)))/3600) * deg
	y := math.Tan(eps / 2)
	y *= y
	E := y*math.Sin(2*L0) - 2*e*math.Sin(M) + 4*e*y*math.Sin(M)*math.Cos(2*L0) -
		0.5*y*y*math.Sin(4*L0) - 1.25*e*e*math.Sin(2*M)
	return E / deg * 240 // radians → degrees → seconds of time (1° = 4 min)
}
