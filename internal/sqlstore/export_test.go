package sqlstore

// CalendarTTL lets tests shorten how long a cached calendar is trusted.
var CalendarTTL = &calendarTTL
