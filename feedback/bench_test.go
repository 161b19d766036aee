package feedback

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tietopankki/i18n"
)

// BenchmarkPost posts feedback through the handler into a store on disk
// from many goroutines at once (the parallelism of -cpu times 100), as a
// crowd of staff would, and reports the posts' p50 and p99 latencies.
// Each post is committed (synced to disk) before it is answered.
func BenchmarkPost(b *testing.B) {
	s, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	h := NewHandler(s, "/", i18n.MustGet("fi"))
	h.Limit = nil
	body := url.Values{"page": {"tools/teams/liity/"}, "helpful": {"no"}, "comment": {"Ohjeesta puuttui kuva kirjautumisesta, soita 040 123 4567."}}.Encode()
	var mu sync.Mutex
	var lat []time.Duration
	b.SetParallelism(100)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			r := httptest.NewRequest("POST", "http://tp.test/api/feedback", strings.NewReader(body))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set("Accept", "application/json")
			r.Header.Set("Origin", "http://tp.test")
			w := httptest.NewRecorder()
			t := time.Now()
			h.ServeHTTP(w, r)
			mine = append(mine, time.Since(t))
			if w.Code != http.StatusOK {
				b.Errorf("status %d: %s", w.Code, w.Body)
				return
			}
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
}

// BenchmarkAdd is one writer adding entries one after another: the cost
// of a commit (a disk sync) without batching.
func BenchmarkAdd(b *testing.B) {
	s, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		if err := s.Add(ctx, Entry{Page: "tools/teams/liity/", Comment: "kommentti " + strconv.Itoa(i)}); err != nil {
			b.Fatal(err)
		}
	}
}
