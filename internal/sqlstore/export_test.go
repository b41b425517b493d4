package sqlstore

// CalendarTTL lets tests shorten how long a cached calendar is trusted.
var CalendarTTL = &calendarTTL

// DashboardGrouped exposes the grouping dashboard to tests, which compare
// it with the one read from counts.
var DashboardGrouped = (*Store).dashboardGrouped

// NarrowShare lets tests send every reader (0), or none (1<<40), through the indexes.
var NarrowShare = &narrowShare
