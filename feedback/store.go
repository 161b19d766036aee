package feedback

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// File is the database's file name under the data folder.
const File = "feedback.db"

// Defaults of Options.
const (
	DefaultRetentionDays = 365
	DefaultBusyTimeout   = 2 * time.Second
)

// Limits of what is stored.
const (
	// MaxComment is the most characters (runes) a comment may have.
	MaxComment = 500
	// MaxQuery is the most characters a stored search query keeps.
	MaxQuery = 100
	// MaxPage is the longest page path accepted.
	MaxPage = 300
	// maxBatch is the most writes committed in one transaction.
	maxBatch = 256
	// queueSize is how many writes may wait for the writer; searches
	// beyond it are dropped (counted in Dropped), feedback waits.
	queueSize = 4096
	// checkpointEvery is how often the write-ahead log is copied into the
	// database and synced: at most this much feedback is lost on a power
	// cut (none on a crash of the server).
	checkpointEvery = 10 * time.Second
)

// Options configure a Store.
type Options struct {
	// RetentionDays: records older than this many days are deleted by
	// Prune (0: DefaultRetentionDays).
	RetentionDays int
	// BusyTimeout is how long a write waits for a database another
	// process has locked before it fails (0: DefaultBusyTimeout).
	BusyTimeout time.Duration
	// Now is the clock (nil: time.Now). Days are the clock's local days.
	Now func() time.Time

	pragmas []string // extra PRAGMAs for every connection (tests)
}

// Store is the feedback database. It is safe for concurrent use; all
// writes go through one goroutine that commits them in batches (group
// commit), so many posts at once cost one disk sync, not one each.
type Store struct {
	db        *sql.DB
	path      string
	now       func() time.Time
	retention int

	ops     chan op
	quit    chan struct{}
	stopped chan struct{}
	mu      sync.RWMutex // held to send on ops; Close takes it to stop the sends
	closed  bool
	dropped atomic.Int64
}

// Entry is one answer to "Oliko tästä ohjeesta apua?" (or, with Query,
// to "Etkö löytänyt? Kerro mitä etsit" on a search page).
type Entry struct {
	Day     string `json:"day"`               // YYYY-MM-DD; Add sets today
	Page    string `json:"page"`              // site-relative path of the page: "tools/teams/liity/"
	Helpful bool   `json:"helpful"`           // Kyllä (true) or Ei
	Comment string `json:"comment,omitempty"` // scrubbed, at most MaxComment characters
	Query   string `json:"query,omitempty"`   // the normalised search, for feedback on search pages
}

// op is one write for the writer goroutine.
type op struct {
	ctx    context.Context
	entry  *Entry
	search string // a normalised query that found nothing
	day    string
	source string // for imports: the submission id, skipped when seen
	done   chan error
}

// Open opens (creating when needed) the database under dir, upgrades its
// schema and starts the writer.
func Open(dir string, opts Options) (*Store, error) {
	if dir == "" {
		return nil, errors.New("feedback: no data folder")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, File)
	// Created by us first, so that only the server's user can read it.
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600); err != nil {
		return nil, err
	} else {
		f.Close()
	}
	if opts.RetentionDays <= 0 {
		opts.RetentionDays = DefaultRetentionDays
	}
	if opts.BusyTimeout <= 0 {
		opts.BusyTimeout = DefaultBusyTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	db, err := sql.Open("sqlite", dsn(path, opts))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(0)
	if err := migrate(context.Background(), db); err != nil {
		db.Close()
		return nil, fmt.Errorf("feedback: %s: %w", path, err)
	}
	s := &Store{db: db, path: path, now: opts.Now, retention: opts.RetentionDays,
		ops: make(chan op, queueSize), quit: make(chan struct{}), stopped: make(chan struct{})}
	go s.write()
	go s.checkpoints()
	return s, nil
}

// checkpoints copies the write-ahead log into the database and syncs it,
// every checkpointEvery until Close. A PASSIVE checkpoint never waits for
// the writer or readers: what it cannot copy now, the next one does.
func (s *Store) checkpoints() {
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-s.quit:
			return
		case <-t.C:
			s.db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
		}
	}
}

// dsn is the connection string. Every connection runs in WAL mode with
// synchronous=NORMAL: a commit returns once its transaction is written to
// the write-ahead log, which is then in the operating system's hands, so
// a post the server has answered survives kill -9 of the server (the
// requirement), and the database stays consistent through a power cut or
// a kernel crash, which may lose only the posts since the log was last
// synced. synchronous=FULL would sync the log at every commit: 2 ms at the
// median on this project's machine, but 70 ms at the 99th percentile and
// up to 0.3 s when other work writes to the same disk, which no feedback
// post should wait for (see docs/benchmarks-publishing.md). The log is
// synced by checkpoints, which a goroutine runs every checkpointEvery,
// off the posts' path (wal_autocheckpoint is off: SQLite would otherwise
// run them inside the commit that fills the log). Transactions start
// IMMEDIATE, taking the write lock at BEGIN, so that two writers never
// deadlock upgrading a read lock.
func dsn(path string, opts Options) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", opts.BusyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "wal_autocheckpoint(0)")
	q.Add("_pragma", "foreign_keys(ON)")
	for _, p := range opts.pragmas {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Today is the clock's day as stored (YYYY-MM-DD).
func (s *Store) Today() string { return s.now().Format(time.DateOnly) }

// Dropped returns how many search records were dropped because the writer
// was behind.
func (s *Store) Dropped() int64 { return s.dropped.Load() }

// ErrClosed is returned by writes after Close.
var ErrClosed = errors.New("feedback: the store is closed")

// Add stores one entry (its Day set to today when empty) and returns when
// it is on disk. The entry must already be checked and scrubbed (see
// Form). An error means it was not stored; the rows stored before are
// never touched by a failed write.
func (s *Store) Add(ctx context.Context, e Entry) error {
	if e.Day == "" {
		e.Day = s.Today()
	}
	return s.do(op{ctx: ctx, entry: &e})
}

// addImported stores an entry unless its source (a Netlify submission id)
// was imported before; it reports whether it was new.
func (s *Store) addImported(ctx context.Context, e Entry, source string) error {
	return s.do(op{ctx: ctx, entry: &e, source: source})
}

func (s *Store) do(o op) error {
	o.done = make(chan error, 1)
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return ErrClosed
	}
	select {
	case s.ops <- o:
		s.mu.RUnlock()
	case <-o.ctx.Done():
		s.mu.RUnlock()
		return o.ctx.Err()
	}
	return <-o.done
}

// errDuplicate marks an imported row seen before.
var errDuplicate = errors.New("already imported")

// CountSearch counts one search that found nothing, by its query as
// NormalizeQuery made it, for today. It does not wait for the disk: the
// count is committed with the next batch (within milliseconds), and it is
// dropped when the writer is far behind. Empty queries are not counted.
func (s *Store) CountSearch(query string) {
	if query == "" {
		return
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return
	}
	select {
	case s.ops <- op{search: query, day: s.Today()}:
	default:
		s.dropped.Add(1)
	}
}

// write is the writer goroutine: it takes the waiting writes, up to
// maxBatch, and commits them in one transaction.
func (s *Store) write() {
	defer close(s.stopped)
	batch := make([]op, 0, maxBatch)
	for {
		var first op
		select {
		case first = <-s.ops:
		case <-s.quit:
			// Commit what is queued, then stop.
			for {
				select {
				case o := <-s.ops:
					batch = append(batch[:0], o)
					s.commit(batch)
				default:
					return
				}
			}
		}
		batch = append(batch[:0], first)
	more:
		for len(batch) < maxBatch {
			select {
			case o := <-s.ops:
				batch = append(batch, o)
			default:
				break more
			}
		}
		s.commit(batch)
	}
}

// commit writes a batch in one transaction and tells each waiting writer.
// Feedback whose caller has given up is skipped. When the batch fails
// (disk full, database locked), every write in it fails and nothing of it
// is kept.
func (s *Store) commit(batch []op) {
	live := batch[:0]
	for _, o := range batch {
		if o.ctx != nil && o.ctx.Err() != nil {
			o.done <- o.ctx.Err()
			continue
		}
		live = append(live, o)
	}
	if len(live) == 0 {
		return
	}
	results := make([]error, len(live))
	err := s.tx(context.Background(), func(tx *sql.Tx) error {
		for i, o := range live {
			switch {
			case o.entry != nil && o.source != "":
				res, err := tx.Exec(`INSERT OR IGNORE INTO imported(source, day) VALUES (?, ?)`, o.source, o.entry.Day)
				if err != nil {
					return err
				}
				if n, _ := res.RowsAffected(); n == 0 {
					results[i] = errDuplicate
					continue
				}
				fallthrough
			case o.entry != nil:
				e := o.entry
				if _, err := tx.Exec(`INSERT INTO feedback(day, page, helpful, comment, query) VALUES (?, ?, ?, ?, ?)`,
					e.Day, e.Page, e.Helpful, e.Comment, e.Query); err != nil {
					return err
				}
			default:
				if _, err := tx.Exec(`INSERT INTO searches(day, query, count) VALUES (?, ?, 1)
					ON CONFLICT(day, query) DO UPDATE SET count = count + 1`, o.day, o.search); err != nil {
					return err
				}
			}
		}
		return nil
	})
	for i, o := range live {
		if o.done == nil {
			continue
		}
		if err != nil {
			o.done <- err
		} else {
			o.done <- results[i]
		}
	}
}

// tx runs f in a transaction, committing when it returns nil.
func (s *Store) tx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Prune deletes the records older than the retention period and returns
// how many rows went.
func (s *Store) Prune(ctx context.Context) (int64, error) {
	cutoff := s.now().AddDate(0, 0, -s.retention).Format(time.DateOnly)
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM feedback WHERE day < ?`, `DELETE FROM searches WHERE day < ?`, `DELETE FROM imported WHERE day < ?`} {
			res, err := tx.ExecContext(ctx, q, cutoff)
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			n += k
		}
		return nil
	})
	return n, err
}

// Retain prunes now and then at every tick until ctx ends: the server
// passes a daily time.Ticker's channel, tests their own. Errors go to
// report (which may be nil).
func (s *Store) Retain(ctx context.Context, ticks <-chan time.Time, report func(deleted int64, err error)) {
	for {
		n, err := s.Prune(ctx)
		if report != nil && ctx.Err() == nil {
			report(n, err)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticks:
		}
	}
}

// Close commits the writes waiting and closes the database.
func (s *Store) Close() error {
	s.mu.Lock()
	already := s.closed
	s.closed = true
	s.mu.Unlock()
	if !already {
		close(s.quit)
	}
	<-s.stopped
	// SQLite checkpoints and removes the log when the last connection
	// closes (unless another process still has the database open).
	return s.db.Close()
}

// Unavailable reports whether err is the database being unable to take a
// write for now: the disk or the database is full, another process holds
// a lock, or the file cannot be written. The handler answers 503 to them.
func Unavailable(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_FULL, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_READONLY,
		sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN:
		return true
	}
	return false
}
