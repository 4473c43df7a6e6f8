// Package astro computes Western (tropical) natal charts: the positions of
// the Sun, the Moon, Mercury to Neptune, Pluto and the Moon's mean and
// true node; the ascendant and midheaven; house cusps (Placidus, whole
// sign, equal); and the five Ptolemaic aspects. It is pure: no I/O at run
// time (its ephemeris is embedded), no app imports; it uses bazi only for
// the birth date, time and zone rules.
//
// # Use
//
//	in, err := astro.Request{Date: "1990-01-01", Time: "06:30", TZ: "America/New_York",
//		Lat: &lat, Lon: &lon, HouseSystem: "placidus"}.Parse()
//	// err is a *bazi.FieldError (astro.FieldError) naming date, time, tz,
//	// lat, lon or house_system.
//	c, err := astro.Compute(in)
//	c.Bodies[astro.Moon].Lon, c.Bodies[astro.Moon].Sign, c.Ascendant, c.Houses, c.Aspects
//
// Positions(t) gives every body at any instant in 1800–2200 (transits,
// synastry, progressions build on it); AnglesAt(t, lat, lon) the angles;
// FindAspects the aspects within a set of positions, CrossAspects those
// between two sets (transits to a chart, synastry).
//
// # Time
//
// The birth time follows the BaZi chart's rules (bazi.Request.Parse): an
// IANA zone with its daylight-saving history, or a fixed offset; a clock
// time skipped by DST is refused with a field error on "time"; one that
// occurred twice is read as the earlier and flagged (dst_overlap). With the
// time unknown the positions are for local noon, and the chart has no
// angles or houses (HasAngles false) and a time_unknown warning. Latitude
// and longitude are required with a time.
//
// # Positions
//
// Longitudes and latitudes are geocentric, apparent (light time and
// aberration), on the true ecliptic and equinox of date, as astronomy-engine
// 2.1.19 computes them (SunPosition, EclipticGeoMoon, Ecliptic of GeoVector
// with aberration). They come from Chebyshev series fitted to
// astronomy-engine over 1799-11 to 2201-04 (Terrestrial Time) by the
// committed generator internal/gen and embedded as ephem.bin (2.7 MB of
// float32 coefficients). Segment lengths and degrees are chosen per body
// (the Moon: 32 days, 28 longitude and 22 latitude terms; Pluto: 128 days,
// 14 and 10) so that the fit error stays under 0.0003° — a tenth or less of
// the accuracy bar (Sun 0.01°, Moon and planets 0.05°). TestDifferential
// checks 10,000 random instants against astronomy-engine itself. Speed is
// the rate of longitude in degrees per day (the derivative of the series);
// Retrograde means a negative speed.
//
// UT becomes TT with astronomy-engine's ΔT (Espenak and Meeus' polynomials,
// ported). Nutation (IAU 2000B, the five terms astronomy-engine keeps), the
// IAU 2006 mean obliquity, the Earth rotation angle and apparent sidereal
// time are ports of astronomy-engine's iau2000b, mean_obliq, e_tilt, era and
// sidereal_time, so the angles agree with it to rounding.
//
// # Nodes
//
// The mean node is Meeus' polynomial (Astronomical Algorithms, 2nd ed.,
// eq. 47.7), plus the nutation in longitude like every other position; it
// matches Meeus' example 47.a. The true node is the ascending node of the
// Moon's osculating geocentric orbit: the orbit's pole is along r × v,
// parallel to u × du/dt for the Moon's direction u, so it follows from the
// fitted longitude, latitude and their rates. astronomy-engine has no node,
// so there is no differential check: TestTrueNodeOscillates checks that it
// swings about the mean node by up to about ±1.9° (Meeus' periodic terms
// add to 1.97°) and averages to it. Node is TrueNode; only the true node
// takes aspects.
//
// # Angles and houses
//
// With RAMC = 15° × local apparent sidereal time and ε the true obliquity:
// MC = atan2(sin RAMC, cos RAMC cos ε), ASC = atan2(cos RAMC, −(sin RAMC cos ε
// + tan φ sin ε)). Placidus cusps 11, 12, 2, 3 trisect the diurnal and
// nocturnal semi-arcs of their own degree (fixed-point iteration on the
// right ascension); cusps 4–9 are opposite 10–3. Beyond PlacidusMaxLat
// (66°), or if an iteration leaves its domain, the chart uses equal houses
// and says so (placidus_polar). Whole sign starts at 0° of the
// ascendant's sign; equal at the ascendant.
//
// # Aspects
//
// Conjunction, sextile, square, trine and opposition. Orbs are by body
// (Orbs): Sun and Moon 10°, Mercury, Venus, Mars 8°, Jupiter to Pluto 6°,
// the node 4°; a pair is in aspect within the mean of its two orbs (Lilly's
// rule of moieties), whatever the aspect. Orb is the distance from exact;
// Applying means the orb is shrinking at the bodies' present speeds.
//
// # Accuracy (against astronomy-engine 2.1.19, 10,000 random instants)
//
// Largest differences: Sun 0.00008°, Moon 0.0001°, Mercury 0.00008°, Venus
// 0.00006°, Mars 0.00012°, Jupiter 0.0003°, Saturn 0.0002°, Uranus
// 0.0002°, Neptune 0.0002°, Pluto 0.0002° (longitude or latitude); rates
// within 0.0005°/day of a ±1 hour difference; sidereal time, ascendant and
// midheaven agree to rounding (1e-13°).
//
// # Regenerating
//
// make astro-ref installs astronomy-engine under .cache; go generate ./astro
// rewrites ephem.bin. TestEphemUpToDate and TestDifferential use it
// (ASTRO_REF_DIR); without it they are skipped, except under CI=true where
// they fail.
package astro
