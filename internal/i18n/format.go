package i18n

import (
	"strconv"
	"strings"
	"time"
)

// VietnamZone is the civil time of Vietnam (UTC+7, no daylight saving).
var VietnamZone = time.FixedZone("ICT", 7*3600)

// FormatInt writes n with the separator Vietnamese uses for thousands
// ("1.234.567") or English ("1,234,567").
func FormatInt(n int64, lang Lang) string {
	sep := "."
	if lang == EN {
		sep = ","
	}
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// FormatVND writes an amount of money the way an official document does:
// "1.234.567 đồng" in Vietnamese, "1,234,567 VND" in English.
func FormatVND(n int64, lang Lang) string {
	if lang == EN {
		return FormatInt(n, lang) + " VND"
	}
	return FormatInt(n, lang) + " đồng"
}

// FormatDate writes t as dd/mm/yyyy in Vietnam's time zone (both languages:
// the users are in Vietnam and read dates that way).
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(VietnamZone).Format("02/01/2006")
}

// FormatDateTime writes t as dd/mm/yyyy hh:mm in Vietnam's time zone.
func FormatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(VietnamZone).Format("02/01/2006 15:04")
}
