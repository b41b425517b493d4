package sqlstore

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

// DashboardGrouped exposes the grouping dashboard to tests, which compare
// it with the one read from counts.
var DashboardGrouped = (*Store).dashboardGrouped

// CountReportAgain forgets the report's counts and counts them again from
// the events: tests compare the counts kept step by step with these.
func (s *Store) CountReportAgain(ctx context.Context) error {
	if err := s.db.inTx(ctx, func(tx *sql.Tx) error { return CountAgainAfterCopy(ctx, tx) }); err != nil {
		return err
	}
	s.reportKept.Store(false)
	return s.ensureReportCounts(ctx)
}

// MigrateUp runs every migration not yet run.
func MigrateUp(ctx context.Context, db *DB) error { return MigrateTo(ctx, db, 1<<62) }

// MigrateTo moves db's schema to version, down or up, as the migrations
// say: tests run a migration over rows written before it.
func MigrateTo(ctx context.Context, db *DB, version int64) error {
	sub, err := migrationsFor(db.Dialect)
	if err != nil {
		return err
	}
	dialect := goose.DialectSQLite3
	if db.Dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, db.DB, sub)
	if err != nil {
		return err
	}
	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return err
	}
	if version < current {
		_, err = p.DownTo(ctx, version)
	} else {
		_, err = p.UpTo(ctx, version)
	}
	return err
}
