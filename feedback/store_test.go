package feedback

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// clock is a settable clock for the store.
type clock struct{ t atomic.Pointer[time.Time] }

func newClock(day string) *clock {
	c := &clock{}
	c.set(day)
	return c
}

func (c *clock) set(day string) {
	t, err := time.ParseInLocation(time.DateOnly, day, time.Local)
	if err != nil {
		panic(err)
	}
	t = t.Add(12 * time.Hour)
	c.t.Store(&t)
}

func (c *clock) now() time.Time { return *c.t.Load() }

func openStore(t *testing.T, dir string, opts Options) *Store {
	t.Helper()
	s, err := Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func count(t *testing.T, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAddReportAndReopen(t *testing.T) {
	dir := t.TempDir()
	clk := newClock("2026-03-01")
	s := openStore(t, dir, Options{Now: clk.now})
	ctx := context.Background()
	add := func(e Entry) {
		t.Helper()
		if err := s.Add(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	add(Entry{Page: "tools/teams/liity/", Helpful: true})
	add(Entry{Page: "tools/teams/liity/", Helpful: false, Comment: "Kuva puuttui."})
	clk.set("2026-03-02")
	add(Entry{Page: "tools/teams/liity/", Helpful: false, Comment: "Ääni ei kuulu."})
	add(Entry{Page: "tools/omaolo/kirjaudu/", Helpful: true})
	add(Entry{Page: SearchPage, Query: "etaaika", Comment: "Etsin etäajan varaamista."})
	s.CountSearch("etaaika")
	s.CountSearch("etaaika")
	s.CountSearch("kvanttipuhelin")
	if err := s.Close(); err != nil { // commits the counts still queued
		t.Fatal(err)
	}
	// Close leaves the database whole in its one file.
	if fi, err := os.Stat(filepath.Join(dir, File+"-wal")); err == nil && fi.Size() > 0 {
		t.Errorf("the write-ahead log has %d bytes after Close", fi.Size())
	}

	s = openStore(t, dir, Options{Now: clk.now})
	rep, err := s.Report(ctx, "", Lookup{Title: func(p string) (string, string) { return "Otsikko " + p, "/" + p }})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rep.Pages), 2; got != want {
		t.Fatalf("%d pages in the report, want %d: %+v", got, want, rep.Pages)
	}
	liity := rep.Pages[0] // the least helpful first
	if liity.Page != "tools/teams/liity/" || liity.Yes != 1 || liity.No != 2 || liity.Title != "Otsikko tools/teams/liity/" {
		t.Errorf("first page = %+v", liity)
	}
	if got, want := liity.Share, 1.0/3; got != want {
		t.Errorf("share %v, want %v", got, want)
	}
	if len(liity.Comments) != 2 || liity.Comments[0].Text != "Ääni ei kuulu." || liity.Comments[0].Day != "2026-03-02" {
		t.Errorf("comments, newest first: %+v", liity.Comments)
	}
	if len(rep.Searches) != 2 {
		t.Fatalf("searches: %+v", rep.Searches)
	}
	if sr := rep.Searches[0]; sr.Query != "etaaika" || sr.NoResults != 2 || sr.NotHelped != 1 || len(sr.Comments) != 1 {
		t.Errorf("first search = %+v", sr)
	}
	if sr := rep.Searches[1]; sr.Query != "kvanttipuhelin" || sr.NoResults != 1 {
		t.Errorf("second search = %+v", sr)
	}
	rep, err = s.Report(ctx, "2026-03-02", Lookup{})
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Pages[0].Yes + rep.Pages[0].No + rep.Pages[1].Yes + rep.Pages[1].No; got != 2 {
		t.Errorf("since 2026-03-02: %d answers, want 2", got)
	}
	sum, err := s.Summary(ctx, "tools/teams/liity/", 1)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Yes != 1 || sum.No != 2 || len(sum.Comments) != 1 || sum.Comments[0].Text != "Ääni ei kuulu." {
		t.Errorf("Summary = %+v", sum)
	}
}

// TestMigrationFromPreviousVersion makes a database of the schema before
// the newest, with a row in it, and opens it with this code.
func TestMigrationFromPreviousVersion(t *testing.T) {
	if Version() < 2 {
		t.Fatal("the test needs two schema versions")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, File)
	db, err := sql.Open("sqlite", dsn(path, Options{BusyTimeout: time.Second}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := migrateTo(ctx, db, Version()-1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO feedback(day, page, helpful, comment) VALUES ('2026-01-02', 'tools/teams/', 0, 'vanha')`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s := openStore(t, dir, Options{Now: newClock("2026-01-03").now})
	var v int
	if err := s.db.QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil || v != Version() {
		t.Fatalf("schema version %d (%v), want %d", v, err, Version())
	}
	rep, err := s.Report(ctx, "", Lookup{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pages) != 1 || rep.Pages[0].Comments[0].Text != "vanha" {
		t.Errorf("the old row after upgrading: %+v", rep.Pages)
	}
	if got := count(t, s, "imported"); got != 0 { // version 2's table is there
		t.Errorf("imported has %d rows", got)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`INSERT INTO schema_migrations(version, applied) VALUES (?, '2030-01-01')`, Version()+1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err := Open(dir, Options{}); err == nil {
		s.Close()
		t.Fatal("a database from a newer program opened")
	}
}

// TestFullDatabaseKeepsRows fills the database (a small max_page_count
// stands in for a full disk): the write that does not fit fails as
// Unavailable, and every row stored before is still there after.
func TestFullDatabaseKeepsRows(t *testing.T) {
	dir := t.TempDir()
	openStore(t, dir, Options{}).Close() // create the schema
	s := openStore(t, dir, Options{pragmas: []string{"max_page_count(12)"}})
	ctx := context.Background()
	stored := 0
	var err error
	for i := 0; i < 10000; i++ {
		long := make([]byte, 400)
		for j := range long {
			long[j] = 'a' + byte((i+j)%26)
		}
		if err = s.Add(ctx, Entry{Page: "tools/teams/", Comment: string(long)}); err != nil {
			break
		}
		stored++
	}
	if err == nil {
		t.Fatal("the database never filled")
	}
	if !Unavailable(err) {
		t.Fatalf("a full database gave %v, not an Unavailable error", err)
	}
	if stored == 0 {
		t.Fatal("nothing fitted")
	}
	s.Close()
	s = openStore(t, dir, Options{})
	if got := count(t, s, "feedback"); got != stored {
		t.Errorf("%d rows after the database was full, want the %d stored", got, stored)
	}
	if err := s.Add(ctx, Entry{Page: "tools/teams/"}); err != nil {
		t.Errorf("with room again: %v", err)
	}
}

// TestLockedDatabase holds the write lock from another connection (as a
// `feedback import` in another process would): a write fails as
// Unavailable after the busy timeout, and works once the lock is gone.
func TestLockedDatabase(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir, Options{BusyTimeout: 50 * time.Millisecond})
	ctx := context.Background()
	if err := s.Add(ctx, Entry{Page: "tools/teams/", Helpful: true}); err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("sqlite", dsn(s.Path(), Options{BusyTimeout: time.Second}))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.BeginTx(ctx, nil) // BEGIN IMMEDIATE: takes the write lock
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO feedback(day, page, helpful) VALUES ('2026-01-01', 'x/', 1)`); err != nil {
		t.Fatal(err)
	}
	err = s.Add(ctx, Entry{Page: "tools/teams/"})
	if err == nil || !Unavailable(err) {
		t.Fatalf("writing to a locked database: %v, want an Unavailable error", err)
	}
	tx.Rollback()
	if err := s.Add(ctx, Entry{Page: "tools/teams/"}); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
	if got := count(t, s, "feedback"); got != 2 {
		t.Errorf("%d rows, want 2", got)
	}
}

// TestRetention runs Retain on ticks the test sends: each tick deletes
// what is older than the retention period on the clock's day then.
func TestRetention(t *testing.T) {
	clk := newClock("2026-01-01")
	s := openStore(t, t.TempDir(), Options{Now: clk.now, RetentionDays: 30})
	ctx := context.Background()
	for _, day := range []string{"2025-11-01", "2025-12-01", "2025-12-15", "2026-01-01"} {
		if err := s.Add(ctx, Entry{Day: day, Page: "tools/teams/"}); err != nil {
			t.Fatal(err)
		}
	}
	clk.set("2025-11-20")
	s.CountSearch("vanha haku")
	clk.set("2026-01-01")
	s.CountSearch("uusi haku")
	if err := s.Add(ctx, Entry{Page: "tools/teams/"}); err != nil { // after the counts in the queue
		t.Fatal(err)
	}

	ticks := make(chan time.Time)
	type pruned struct {
		n   int64
		err error
	}
	done := make(chan pruned)
	rctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		s.Retain(rctx, ticks, func(n int64, err error) { done <- pruned{n, err} })
	})
	// At start: 30 days before 2026-01-01 is 2025-12-02.
	if p := <-done; p.err != nil || p.n != 3 { // 2025-11-01, 2025-12-01 and the count of 2025-11-20
		t.Errorf("first prune: %d rows, %v; want 3", p.n, p.err)
	}
	if got := count(t, s, "feedback"); got != 3 {
		t.Errorf("%d feedback rows after the first prune, want 3", got)
	}
	clk.set("2026-01-20") // cutoff 2025-12-21
	ticks <- clk.now()
	if p := <-done; p.err != nil || p.n != 1 {
		t.Errorf("second prune: %d rows, %v; want 1", p.n, p.err)
	}
	cancel()
	wg.Wait()
	if got := count(t, s, "feedback"); got != 2 {
		t.Errorf("%d feedback rows left, want 2", got)
	}
	if got := count(t, s, "searches"); got != 1 {
		t.Errorf("%d search rows left, want 1", got)
	}
}

func TestClosedStore(t *testing.T) {
	s := openStore(t, t.TempDir(), Options{})
	s.Close()
	if err := s.Add(context.Background(), Entry{Page: "x/"}); err != ErrClosed {
		t.Errorf("Add after Close: %v, want ErrClosed", err)
	}
	s.CountSearch("x") // must not block or panic
}
