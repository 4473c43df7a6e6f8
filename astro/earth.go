package astro

import (
	"math"
	"time"
)

// Time scales, nutation, obliquity and sidereal time: ports of
// astronomy-engine 2.1.19 (DeltaT_EspenakMeeus, iau2000b, mean_obliq,
// e_tilt, era, sidereal_time) so that the angles agree with it.

const (
	deg2rad  = math.Pi / 180
	rad2deg  = 180 / math.Pi
	asec2rad = 4.848136811095359935899141e-6
	asec360  = 1296000.0

	// j2000Unix is 2000-01-01 12:00 UTC as a Unix time.
	j2000Unix = 946728000

	daysPerTropicalYear = 365.24217
)

// utDays returns t as days from J2000 on the UTC scale (astronomy-engine
// takes UTC for UT1).
func utDays(t time.Time) float64 {
	s := t.Unix() - j2000Unix
	return (float64(s) + float64(t.Nanosecond())*1e-9) / 86400
}

// deltaT is TT − UT in seconds (Espenak and Meeus' polynomials).
func deltaT(ut float64) float64 {
	y := 2000 + (ut-14)/daysPerTropicalYear
	switch {
	case y < -500:
		u := (y - 1820) / 100
		return -20 + 32*u*u
	case y < 500:
		u := y / 100
		u2 := u * u
		u3 := u * u2
		u4 := u2 * u2
		u5 := u2 * u3
		u6 := u3 * u3
		return 10583.6 - 1014.41*u + 33.78311*u2 - 5.952053*u3 - 0.1798452*u4 + 0.022174192*u5 + 0.0090316521*u6
	case y < 1600:
		u := (y - 1000) / 100
		u2 := u * u
		u3 := u * u2
		u4 := u2 * u2
		u5 := u2 * u3
		u6 := u3 * u3
		return 1574.2 - 556.01*u + 71.23472*u2 + 0.319781*u3 - 0.8503463*u4 - 0.005050998*u5 + 0.0083572073*u6
	case y < 1700:
		u := y - 1600
		u2 := u * u
		u3 := u * u2
		return 120 - 0.9808*u - 0.01532*u2 + u3/7129.0
	case y < 1800:
		u := y - 1700
		u2 := u * u
		u3 := u * u2
		u4 := u2 * u2
		return 8.83 + 0.1603*u - 0.0059285*u2 + 0.00013336*u3 - u4/1174000
	case y < 1860:
		u := y - 1800
		u2 := u * u
		u3 := u * u2
		u4 := u2 * u2
		u5 := u2 * u3
		u6 := u3 * u3
		u7 := u3 * u4
		return 13.72 - 0.332447*u + 0.0068612*u2 + 0.0041116*u3 - 0.00037436*u4 + 0.0000121272*u5 - 0.0000001699*u6 + 0.000000000875*u7
	case y < 1900:
		u := y - 1860
		u2 := u * u
		u3 := u * u2
		u4 := u2 * u2
		u5 := u2 * u3
		return 7.62 + 0.5737*u - 0.251754*u2 + 0.01680668*u3 - 0.0004473624*u4 + u5/233174
	case y < 1920:
		u := y - 1900
		u2 := u * u
		u3 := u * u2
		u4 := u2 * u2
		return -2.79 + 1.494119*u - 0.0598939*u2 + 0.0061966*u3 - 0.000197*u4
	case y < 1941:
		u := y - 1920
		u2 := u * u
		u3 := u * u2
		return 21.20 + 0.84493*u - 0.076100*u2 + 0.0020936*u3
	case y < 1961:
		u := y - 1950
		u2 := u * u
		u3 := u * u2
		return 29.07 + 0.407*u - u2/233 + u3/2547
	case y < 1986:
		u := y - 1975
		u2 := u * u
		u3 := u * u2
		return 45.45 + 1.067*u - u2/260 - u3/718
	case y < 2005:
		u := y - 2000
		u2 := u * u
		u3 := u * u2
		u4 := u2 * u2
		u5 := u2 * u3
		return 63.86 + 0.3345*u - 0.060374*u2 + 0.0017275*u3 + 0.000651814*u4 + 0.00002373599*u5
	case y < 2050:
		u := y - 2000
		return 62.92 + 0.32217*u + 0.005589*u*u
	case y < 2150:
		u := (y - 1820) / 100
		return -20 + 32*u*u - 0.5628*(2150-y)
	}
	u := (y - 1820) / 100
	return -20 + 32*u*u
}

// ttOf returns Terrestrial Time in days from J2000 for UT days ut.
func ttOf(ut float64) float64 { return ut + deltaT(ut)/86400 }

// tilt is the Earth's orientation at an instant.
type tilt struct {
	dpsi, deps float64 // nutation in longitude and obliquity, arcseconds
	mobl, tobl float64 // mean and true obliquity, degrees
	ee         float64 // equation of the equinoxes, hours
}

// eTilt ports astronomy-engine's e_tilt (IAU 2000B nutation, five terms).
func eTilt(tt float64) tilt {
	t := tt / 36525
	mod := func(x float64) float64 { return math.Mod(x, asec360) * asec2rad }
	elp := mod(1287104.79305 + t*129596581.0481)
	f := mod(335779.526232 + t*1739527262.8478)
	d := mod(1072260.70369 + t*1602961601.2090)
	om := mod(450160.398036 - t*6962890.5431)

	sarg, carg := math.Sincos(om)
	dp := (-172064161.0-174666.0*t)*sarg + 33386.0*carg
	de := (92052331.0+9086.0*t)*carg + 15377.0*sarg

	sarg, carg = math.Sincos(2 * (f - d + om))
	dp += (-13170906.0-1675.0*t)*sarg - 13696.0*carg
	de += (5730336.0-3015.0*t)*carg - 4587.0*sarg

	sarg, carg = math.Sincos(2 * (f + om))
	dp += (-2276413.0-234.0*t)*sarg + 2796.0*carg
	de += (978459.0-485.0*t)*carg + 1374.0*sarg

	sarg, carg = math.Sincos(2 * om)
	dp += (2074554.0+207.0*t)*sarg - 698.0*carg
	de += (-897492.0+470.0*t)*carg - 291.0*sarg

	sarg, carg = math.Sincos(elp)
	dp += (1475877.0-3633.0*t)*sarg + 11817.0*carg
	de += (73871.0-184.0*t)*carg - 1924.0*sarg

	var e tilt
	e.dpsi = -0.000135 + dp*1.0e-7
	e.deps = 0.000388 + de*1.0e-7
	e.mobl = meanObliquity(tt)
	e.tobl = e.mobl + e.deps/3600
	e.ee = e.dpsi * math.Cos(e.mobl*deg2rad) / 15
	return e
}

// meanObliquity is the IAU 2006 mean obliquity of the ecliptic in degrees.
func meanObliquity(tt float64) float64 {
	t := tt / 36525
	asec := ((((-0.0000000434*t-0.000000576)*t+0.00200340)*t-0.0001831)*t-46.836769)*t + 84381.406
	return asec / 3600
}

// era is the Earth rotation angle in degrees.
func era(ut float64) float64 {
	thet1 := 0.7790572732640 + 0.00273781191135448*ut
	thet3 := math.Mod(ut, 1)
	theta := 360 * math.Mod(thet1+thet3, 1)
	if theta < 0 {
		theta += 360
	}
	return theta
}

// siderealTime is Greenwich apparent sidereal time in hours, [0, 24).
func siderealTime(ut, tt float64, e tilt) float64 {
	t := tt / 36525
	eqeq := 15 * e.ee
	theta := era(ut)
	st := eqeq + 0.014506 + ((((-0.0000000368*t-0.000029956)*t-0.00000044)*t+1.3915817)*t+4612.156534)*t
	gst := math.Mod(st/3600+theta, 360) / 15
	if gst < 0 {
		gst += 24
	}
	return gst
}
