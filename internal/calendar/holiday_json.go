package calendar

// MarshalText writes a holiday's kind by name (statutory, compensatory,
// announced), as every other closed value of the API is written, rather
// than as its position in a Go list.
func (k HolidayKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }
