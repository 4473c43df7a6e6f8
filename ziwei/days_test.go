package ziwei

import "time"

// daysFromCivil and civilFromDays count days since 1970-01-01, for the
// tests' random births.
func daysFromCivil(y, m, d int) int {
	return int(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func civilFromDays(z int) (y, m, d int) {
	t := time.Unix(int64(z)*86400, 0).UTC()
	return t.Year(), int(t.Month()), t.Day()
}
