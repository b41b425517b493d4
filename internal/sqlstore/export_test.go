package sqlstore

import (
	"context"

	"github.com/pressly/goose/v3"
)

// DashboardGrouped exposes the grouping dashboard to tests, which compare
// it with the one read from counts.
var DashboardGrouped = (*Store).dashboardGrouped

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
