package devserver

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tietopankki/i18n"
	"tietopankki/internal/cputime"
	"tietopankki/internal/synth"
)

// TestRoundChange: saving a maturity round renders the meter's pages
// again (incrementally) and reloads open pages; a broken round shows its
// errors and keeps the last good pages until it is fixed.
func TestRoundChange(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := synth.Write(dir, synth.Config{Cards: 30, Seed: 1, Tools: 3, Rounds: 2, Units: 4}); err != nil {
		t.Fatal(err)
	}
	srv, err := New(dir, "", loader, io.Discard, i18n.MustGet("fi"))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	f := &fixture{dir: dir, srv: srv}
	events, stop := srv.Subscribe()
	defer stop()
	f.events = events
	page := func() string {
		t.Helper()
		b, ok := srv.current().out.file(context.Background(), "kypsyys/teams/index.html") // once rendered
		if !ok {
			t.Fatal("no page kypsyys/teams/")
		}
		return string(b)
	}
	if before := page(); strings.Contains(before, "Uusi yksikkö") || !strings.Contains(before, "4 yksikköä") {
		t.Fatalf("the synthetic rounds are not what the test expects:\n%s", before)
	}
	round := "maturity/round-02.csv"
	abs := filepath.Join(dir, round)
	good := "yksikkö;palvelualue;työkalu;arvioitu;taso\nUusi yksikkö;terveys;Teams;1.12.2021;500\n"
	f.write(t, round, good)
	srv.Changed([]string{abs})
	f.wait(t, "reload")
	if after := page(); !strings.Contains(after, "arvioitiin 1 yksikkö.") {
		t.Errorf("the round's change is not on the page:\n%s", after)
	}

	f.write(t, round, "yksikkö;palvelualue;työkalu;arvioitu;taso\nUusi yksikkö;terveys;Teams;1.12.2021;5000\n")
	srv.Changed([]string{abs})
	f.wait(t, "errors")
	if errs := srv.current().errors; len(errs) != 1 || !strings.Contains(errs[0], "round-02.csv:2:") {
		t.Errorf("errors: %q", errs)
	}
	if !strings.Contains(page(), "arvioitiin 1 yksikk") {
		t.Error("the last good page is gone")
	}

	if err := os.Remove(abs); err != nil {
		t.Fatal(err)
	}
	srv.Changed([]string{abs})
	f.wait(t, "reload")
	if !strings.Contains(page(), "4 yksikköä") {
		t.Error("with the round removed, the page does not show the first round")
	}
}

// BenchmarkRoundEdit times what a mentor waits for after saving a round in
// a site of 1,000 cards with 10 rounds of 500 units and 10 tools: the
// incremental rebuild (the rounds read again, the meter's pages and the
// tool pages rendered again, no search indexing), and for comparison the
// full rebuild that a change of site.yaml makes.
func BenchmarkRoundEdit(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "content")
	if err := synth.Write(dir, synth.Config{Cards: 1000, Seed: 1, Rounds: 10, Units: 500}); err != nil {
		b.Fatal(err)
	}
	srv, err := New(dir, "", loader, io.Discard, i18n.MustGet("fi"))
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	events, stop := srv.Subscribe()
	defer stop()
	for _, file := range []string{"maturity/round-10.csv", "site.yaml"} {
		b.Run(file, func(b *testing.B) {
			abs := filepath.Join(dir, file)
			before := cputime.Used()
			for b.Loop() {
				srv.Changed([]string{abs}) // the file is unchanged: the same work as an edit
				if e := <-events; e != "reload" {
					b.Fatalf("event %q", e)
				}
			}
			b.ReportMetric((cputime.Used()-before).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}
