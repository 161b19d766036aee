package feedback

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// migrations are the schema's versions, in order: migrations[i] takes a
// database from version i to i+1. Only ever append: a migration that has
// run somewhere is never changed.
var migrations = []string{
	// 1: feedback and searches that found nothing. No timestamp finer
	// than the day, and nothing about who answered or searched.
	`CREATE TABLE feedback (
		id      INTEGER PRIMARY KEY,
		day     TEXT    NOT NULL,
		page    TEXT    NOT NULL,
		helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
		comment TEXT    NOT NULL DEFAULT '',
		query   TEXT    NOT NULL DEFAULT ''
	);
	CREATE TABLE searches (
		day   TEXT    NOT NULL,
		query TEXT    NOT NULL,
		count INTEGER NOT NULL,
		PRIMARY KEY (day, query)
	) WITHOUT ROWID;`,
	// 2: indexes for the report and retention, and the Netlify
	// submissions already imported (their random ids), so that importing
	// the same export twice counts nothing twice.
	`CREATE INDEX feedback_day ON feedback(day);
	CREATE INDEX feedback_page ON feedback(page, day);
	CREATE TABLE imported (
		source TEXT NOT NULL PRIMARY KEY,
		day    TEXT NOT NULL
	) WITHOUT ROWID;`,
}

// Version is the schema version this code writes.
func Version() int { return len(migrations) }

// migrate brings the database to Version, each migration in its own
// transaction together with its row in schema_migrations, so a crash
// leaves the database at one version or the next, never between.
func migrate(ctx context.Context, db *sql.DB) error {
	return migrateTo(ctx, db, len(migrations))
}

func migrateTo(ctx context.Context, db *sql.DB, target int) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		applied TEXT NOT NULL
	)`); err != nil {
		return err
	}
	var have int
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return err
	}
	if have > len(migrations) {
		return fmt.Errorf("the database has schema version %d, newer than this program's %d: use a newer tietopankki", have, len(migrations))
	}
	for v := have; v < target; v++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("schema version %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied) VALUES (?, ?)`,
			v+1, time.Now().UTC().Format(time.DateOnly)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}
