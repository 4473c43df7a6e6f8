package almanac

// ParseDate reads a date written YYYY-MM-DD (exactly: four-digit year,
// two-digit month and day), as the API's ?date= and the pages' links
// write it, and checks it is one the almanac answers for.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, &ErrRange{"write the date as YYYY-MM-DD"}
	}
	num := func(t string) (int, bool) {
		n := 0
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return 0, false
			}
			n = n*10 + int(t[i]-'0')
		}
		return n, true
	}
	y, ok1 := num(s[0:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, &ErrRange{"write the date as YYYY-MM-DD"}
	}
	date := Date{y, m, d}
	if err := date.Valid(); err != nil {
		return Date{}, err
	}
	return date, nil
}
