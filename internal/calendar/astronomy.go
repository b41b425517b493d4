package calendar

import "math"

// The lunar calendar needs only two astronomical quantities: the moments of
// new moon and the Sun's apparent longitude. Both are computed with the
// series published by Jean Meeus, "Astronomical Algorithms", 2nd ed.
// (Willmann-Bell, 1998): chapter 49 for the new moons (accurate to a few
// seconds over 1900–2100) and chapter 25 for the Sun (about 0.01°, i.e. a
// quarter of an hour in the time of a solar term). This is the method Hồ Ngọc
// Đức describes for the Vietnamese calendar; the code here is written from
// Meeus's formulas rather than ported from any program.
//
// Meeus's formulas run on Terrestrial Time (JDE); the calendar is kept in
// civil time, so every conversion goes through deltaT.

const (
	deg = math.Pi / 180

	// vietnamOffsetDays is UTC+7 as a fraction of a day. The Vietnamese
	// calendar is computed for the meridian 105° E; this single constant is
	// what makes it differ from the Chinese calendar (120° E, UTC+8).
	vietnamOffsetDays = 7.0 / 24

	// synodicMonth is the mean length of a lunation in days.
	synodicMonth = 29.530588861

	// newMoonEpochJDE is the mean new moon with k = 0 (2000-01-06).
	newMoonEpochJDE = 2451550.09766
)

// newMoonJDE returns the instant (JDE, Terrestrial Time) of the k-th new
// moon counted from 2000-01-06 (Meeus ch. 49, with the 14 planetary terms).
func newMoonJDE(k int) float64 {
	kf := float64(k)
	t := kf / 1236.85
	t2, t3, t4 := t*t, t*t*t, t*t*t*t

	jde := newMoonEpochJDE + synodicMonth*kf + 0.00015437*t2 - 0.000000150*t3 + 0.00000000073*t4
	e := 1 - 0.002516*t - 0.0000074*t2
	m := (2.5534 + 29.10535670*kf - 0.0000014*t2 - 0.00000011*t3) * deg
	mp := (201.5643 + 385.81693528*kf + 0.0107582*t2 + 0.00001238*t3 - 0.000000058*t4) * deg
	f := (160.7108 + 390.67050284*kf - 0.0016118*t2 - 0.00000227*t3 + 0.000000011*t4) * deg
	om := (124.7746 - 1.56375588*kf + 0.0020672*t2 + 0.00000215*t3) * deg

	s := math.Sin
	jde += -0.40720*s(mp) +
		0.17241*e*s(m) +
		0.01608*s(2*mp) +
		0.01039*s(2*f) +
		0.00739*e*s(mp-m) -
		0.00514*e*s(mp+m) +
		0.00208*e*e*s(2*m) -
		0.00111*s(mp-2*f) -
		0.00057*s(mp+2*f) +
		0.00056*e*s(2*mp+m) -
		0.00042*s(3*mp) +
		0.00042*e*s(m+2*f) +
		0.00038*e*s(m-2*f) -
		0.00024*e*s(2*mp-m) -
		0.00017*s(om) -
		0.00007*s(mp+2*m) +
		0.00004*s(2*mp-2*f) +
		0.00004*s(3*m) +
		0.00003*s(mp+m-2*f) +
		0.00003*s(2*mp+2*f) -
		0.00003*s(mp+m+2*f) +
		0.00003*s(mp-m+2*f) -
		0.00002*s(mp-m-2*f) -
		0.00002*s(3*mp+m) +
		0.00002*s(4*mp)

	// Planetary arguments: each term is (amplitude, A0, rate per lunation).
	for i, p := range planetaryTerms {
		a := p[1] + p[2]*kf
		if i == 0 {
			a -= 0.009173 * t2 // only A1 has a secular term
		}
		jde += p[0] * s(a*deg)
	}
	return jde
}

var planetaryTerms = [14][3]float64{
	{0.000325, 299.77, 0.107408},
	{0.000165, 251.88, 0.016321},
	{0.000164, 251.83, 26.651886},
	{0.000126, 349.42, 36.412478},
	{0.000110, 84.66, 18.206239},
	{0.000062, 141.74, 53.303771},
	{0.000060, 207.14, 2.453732},
	{0.000056, 154.84, 7.306860},
	{0.000047, 34.52, 27.261239},
	{0.000042, 207.19, 0.121824},
	{0.000040, 291.34, 1.844379},
	{0.000037, 161.72, 24.198154},
	{0.000035, 239.56, 25.513099},
	{0.000023, 331.55, 3.592518},
}

// newMoonDay returns the civil day (days since 1970-01-01) in Vietnam on
// which the k-th new moon falls. That day is mùng 1 of a lunar month.
func newMoonDay(k int) int {
	jde := newMoonJDE(k)
	jd := jde - deltaT(jde)/86400
	// A Julian Date starts at noon UTC; +0.5 moves to midnight UTC and the
	// offset to midnight in Hanoi.
	return int(math.Floor(jd+0.5+vietnamOffsetDays)) - jdnUnixEpoch
}

// newMoonIndexNear returns the k of the mean new moon closest to day.
func newMoonIndexNear(day int) int {
	jd := float64(day + jdnUnixEpoch)
	return int(math.Round((jd - newMoonEpochJDE) / synodicMonth))
}

// sunLongitude returns the Sun's apparent geocentric longitude in degrees,
// in [0, 360), at the instant jde (Meeus ch. 25, low-accuracy method with
// the corrections for nutation and aberration).
func sunLongitude(jde float64) float64 {
	t := (jde - 2451545.0) / 36525
	l0 := 280.46646 + 36000.76983*t + 0.0003032*t*t
	m := (357.52911 + 35999.05029*t - 0.0001537*t*t) * deg
	c := (1.914602-0.004817*t-0.000014*t*t)*math.Sin(m) +
		(0.019993-0.000101*t)*math.Sin(2*m) +
		0.000289*math.Sin(3*m)
	om := (125.04 - 1934.136*t) * deg
	lambda := l0 + c - 0.00569 - 0.00478*math.Sin(om)
	return math.Mod(math.Mod(lambda, 360)+360, 360)
}

// sunSectorAtDayStart returns which 30° sector of the ecliptic (0 = 0°–30°,
// …, 9 = 270°–300°, the winter solstice onwards) the Sun is in at midnight
// starting the civil day in Vietnam. A lunar month contains a principal
// solar term (trung khí) exactly when the sector changes between the start
// of the month and the start of the next one.
func sunSectorAtDayStart(day int) int {
	jd := float64(day+jdnUnixEpoch) - 0.5 - vietnamOffsetDays
	jde := jd + deltaT(jd)/86400
	return int(sunLongitude(jde) / 30)
}

// deltaT returns ΔT = TT − UT in seconds at the Julian Date jd, from the
// polynomial fits of Espenak and Meeus (NASA, "Five Millennium Canon of
// Solar Eclipses", 2006).
//
// How good is good enough: a lunar month starts a day early or late only
// if the new moon is closer to midnight in Hanoi than the error of the
// method. Checked against the libastro ephemerides (PyEphem), the first
// days of all 2,487 months of 1900–2100 agree except one, 1967-07-07, whose
// new moon falls at 23:59:58 here and 00:00:03 there; five seconds is
// beyond any method's certainty, and that year predates Vietnam's use of
// UTC+7 for the calendar anyway.
func deltaT(jd float64) float64 {
	y := 2000 + (jd-2451545.0)/365.25
	switch {
	case y < 1800:
		t := y - 1700
		return 8.83 + 0.1603*t - 0.0059285*t*t + 0.00013336*t*t*t - t*t*t*t/1174000
	case y < 1860:
		t := y - 1800
		return 13.72 - 0.332447*t + 0.0068612*t*t + 0.0041116*t*t*t - 0.00037436*math.Pow(t, 4) +
			0.0000121272*math.Pow(t, 5) - 0.0000001699*math.Pow(t, 6) + 0.000000000875*math.Pow(t, 7)
	case y < 1900:
		t := y - 1860
		return 7.62 + 0.5737*t - 0.251754*t*t + 0.01680668*t*t*t - 0.0004473624*math.Pow(t, 4) + math.Pow(t, 5)/233174
	case y < 1920:
		t := y - 1900
		return -2.79 + 1.494119*t - 0.0598939*t*t + 0.0061966*t*t*t - 0.000197*math.Pow(t, 4)
	case y < 1941:
		t := y - 1920
		return 21.20 + 0.84493*t - 0.076100*t*t + 0.0020936*t*t*t
	case y < 1961:
		t := y - 1950
		return 29.07 + 0.407*t - t*t/233 + t*t*t/2547
	case y < 1986:
		t := y - 1975
		return 45.45 + 1.067*t - t*t/260 - t*t*t/718
	case y < 2005:
		t := y - 2000
		return 63.86 + 0.3345*t - 0.060374*t*t + 0.0017275*t*t*t + 0.000651814*math.Pow(t, 4) + 0.00002373599*math.Pow(t, 5)
	case y < 2050:
		t := y - 2000
		return 62.92 + 0.32217*t + 0.005589*t*t
	case y < 2150:
		u := (y - 1820) / 100
		return -20 + 32*u*u - 0.5628*(2150-y)
	default:
		u := (y - 1820) / 100
		return -20 + 32*u*u
	}
}
