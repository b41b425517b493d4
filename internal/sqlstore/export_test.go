package sqlstore

// DashboardGrouped exposes the grouping dashboard to tests, which compare
// it with the one read from counts.
var DashboardGrouped = (*Store).dashboardGrouped
