// Command load is a bounded load test of the production server on the
// loopback interface: a fixed number of clients, each sending its next
// request when the previous one is answered, for a fixed time, then
// requests/s, latency percentiles and errors.
//
//	go run . build --out /tmp/site
//	go run ./bench/load -public /tmp/site                 # server in this process
//	go run ./bench/load -url http://127.0.0.1:8080        # a running `serve --production`
//	go run ./bench/load -mode search -c 16 -d 10s
//	go run ./bench/load -public /tmp/site -data /tmp/fb -mode feedback -rate 200
//
// Pages are every URL in the site's sitemap.xml plus the assets they link,
// sent with Accept-Encoding: gzip like a browser; searches are the queries
// of search/testdata/relevance.yaml against /api/search. Only loopback
// addresses are accepted.
//
// -mode feedback measures the feedback widget's posts side by side with
// the site: pages, then pages while feedback is posted at -rate posts a
// second (open loop: each post is sent on time, whether the earlier ones
// were answered or not), then the same for searches; it prints each
// run's figures and the posts' latencies. It needs the server in this
// process with -data (a feedback database folder) and a build whose
// site.yaml says feedback: server; the posts come from 5,000 simulated
// staff members, told apart by X-Forwarded-For as a reverse proxy on
// this machine would send it (the server trusts it from loopback only).
package main

import (
	"context"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"

	"tietopankki/feedback"
	"tietopankki/server"
)

func main() {
	public := flag.String("public", "public", "the built site to serve in this process (without -url)")
	target := flag.String("url", "", "the base URL of a running server on a loopback address")
	mode := flag.String("mode", "both", "pages, search or both (one after the other)")
	conc := flag.Int("c", 32, "concurrent clients")
	dur := flag.Duration("d", 10*time.Second, "duration of each run")
	queries := flag.String("queries", "search/testdata/relevance.yaml", "the relevance test set (its q fields are the searches)")
	accessLog := flag.Bool("log", true, "with the server in this process: write its access log (to /dev/null), as in production")
	unique := flag.Bool("unique", false, "make every search URL unique (&n=N), so that no answer comes from the server's search cache")
	data := flag.String("data", "", "with the server in this process: the feedback database folder (-mode feedback needs it)")
	rate := flag.Int("rate", 200, "-mode feedback: feedback posts a second")
	flag.Parse()

	base := *target
	if base == "" {
		var stop func()
		var err error
		base, stop, err = serve(*public, *accessLog, *data)
		if err != nil {
			fail(err)
		}
		defer stop()
	}
	if err := loopbackOnly(base); err != nil {
		fail(err)
	}
	fmt.Printf("# load test: %s, %d clients, %v per run, GOMAXPROCS %d, %s/%s\n", base, *conc, *dur, runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH)
	if *mode == "feedback" {
		if *target != "" || *data == "" {
			fail(fmt.Errorf("-mode feedback needs the server in this process and -data DIR"))
		}
		pages, err := pageURLs(base)
		if err != nil {
			fail(err)
		}
		qs, err := searchURLs(base, *queries)
		if err != nil {
			fail(err)
		}
		fmt.Printf("# feedback posts: %d/s, open loop\n", *rate)
		report("pages", run(pages, *conc, *dur, false), len(pages))
		posts := startPosts(base, *rate, *dur)
		report("pages+feedback", run(pages, *conc, *dur, false), len(pages))
		report("  feedback posts", posts(), 0)
		report("search", run(qs, *conc, *dur, *unique), len(qs))
		posts = startPosts(base, *rate, *dur)
		report("search+feedback", run(qs, *conc, *dur, *unique), len(qs))
		report("  feedback posts", posts(), 0)
		posts = startPosts(base, *rate, *dur)
		time.Sleep(*dur)
		report("feedback alone", posts(), 0)
		return
	}
	if *mode == "pages" || *mode == "both" {
		pages, err := pageURLs(base)
		if err != nil {
			fail(err)
		}
		report("pages", run(pages, *conc, *dur, false), len(pages))
	}
	if *mode == "search" || *mode == "both" {
		qs, err := searchURLs(base, *queries)
		if err != nil {
			fail(err)
		}
		name := "search"
		if *unique {
			name = "search (uncached)"
		}
		report(name, run(qs, *conc, *dur, *unique), len(qs))
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "load:", err)
	os.Exit(1)
}

// serve starts the production server in this process on 127.0.0.1, with
// a feedback database in data when it is not "".
func serve(public string, accessLog bool, data string) (string, func(), error) {
	log := slog.New(slog.DiscardHandler)
	if accessLog {
		null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			return "", nil, err
		}
		log = slog.New(slog.NewTextHandler(null, nil))
	}
	opts := server.Options{Public: public, Log: log}
	var store *feedback.Store
	if data != "" {
		var err error
		if store, err = feedback.Open(data, feedback.Options{}); err != nil {
			return "", nil, err
		}
		opts.Feedback = store
	}
	s, err := server.New(opts)
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { server.Serve(ctx, ln, s); close(done) }()
	return "http://" + ln.Addr().String(), func() {
		cancel()
		<-done
		s.Close()
		if store != nil {
			store.Close()
		}
	}, nil
}

// startPosts posts feedback at rate posts a second for dur, each post on
// its own schedule, and returns a function that waits for the last one
// and gives their latencies (from the time each was due).
func startPosts(base string, rate int, dur time.Duration) func() result {
	tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, DisableCompression: true}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var mu sync.Mutex
	var all result
	var wg sync.WaitGroup
	start := time.Now()
	n := int(dur.Seconds() * float64(rate))
	interval := time.Second / time.Duration(rate)
	wg.Go(func() {
		for i := range n {
			due := start.Add(time.Duration(i) * interval)
			time.Sleep(time.Until(due))
			wg.Go(func() {
				f := url.Values{"page": {"tools/teams/"}, "helpful": {[]string{"yes", "no"}[i%2]}}
				if i%4 == 1 {
					f.Set("comment", "Ohjeesta puuttui kuva kirjautumisesta, soita 040 123 4567. Kuormitustesti "+strconv.Itoa(i))
				}
				req, _ := http.NewRequest("POST", base+"/api/feedback", strings.NewReader(f.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Accept", "application/json")
				req.Header.Set("Origin", base)
				req.Header.Set("X-Forwarded-For", "2001:db8::"+strconv.FormatInt(int64(i%5000), 16)) // documentation addresses
				res, err := client.Do(req)
				if err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != 200 {
						err = fmt.Errorf("POST /api/feedback: %s", res.Status)
					}
				}
				took := time.Since(due)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					all.errors++
					if all.firstErr == "" {
						all.firstErr = err.Error()
					}
					return
				}
				all.latencies = append(all.latencies, took)
			})
		}
	})
	return func() result {
		wg.Wait()
		tr.CloseIdleConnections()
		all.took = time.Since(start)
		return all
	}
}

func loopbackOnly(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	if h := u.Hostname(); h != "localhost" {
		if ip := net.ParseIP(h); ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("%s is not a loopback address: this tool only loads this machine", base)
		}
	}
	return nil
}

// pageURLs lists the sitemap's pages and the assets they link.
func pageURLs(base string) ([]string, error) {
	body, err := get(base + "/sitemap.xml")
	if err != nil {
		return nil, err
	}
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(body, &sm); err != nil {
		return nil, fmt.Errorf("sitemap.xml: %w", err)
	}
	var urls []string
	assets := map[string]bool{}
	assetRE := regexp.MustCompile(`(?:href|src)="(/assets/[^"]+)"`)
	for _, e := range sm.URLs {
		u, err := url.Parse(e.Loc)
		if err != nil {
			return nil, err
		}
		urls = append(urls, base+u.Path)
		page, err := get(base + u.Path)
		if err != nil {
			return nil, err
		}
		for _, m := range assetRE.FindAllSubmatch(page, -1) {
			assets[string(m[1])] = true
		}
	}
	for a := range assets {
		urls = append(urls, base+a)
	}
	slices.Sort(urls)
	return urls, nil
}

// searchURLs are /api/search for every query of the relevance set.
func searchURLs(base, file string) ([]string, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var set []struct {
		Q string `yaml:"q"`
	}
	if err := yaml.Unmarshal(b, &set); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var urls []string
	for _, e := range set {
		urls = append(urls, base+"/api/search?q="+url.QueryEscape(e.Q))
	}
	if len(urls) == 0 {
		return nil, fmt.Errorf("%s: no queries", file)
	}
	return urls, nil
}

func get(u string) ([]byte, error) {
	res, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		return nil, fmt.Errorf("GET %s: %s", u, res.Status)
	}
	return io.ReadAll(res.Body)
}

// result is one run's measurements.
type result struct {
	took      time.Duration
	latencies []time.Duration
	errors    int
	firstErr  string
	bytes     int64
}

// run sends the URLs round-robin from conc clients for dur, with
// Accept-Encoding: gzip like a browser; unique adds &n=N to each URL.
func run(urls []string, conc int, dur time.Duration, unique bool) result {
	tr := &http.Transport{MaxIdleConns: conc, MaxIdleConnsPerHost: conc, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	var mu sync.Mutex
	var all result
	var wg sync.WaitGroup
	start := time.Now()
	for w := range conc {
		wg.Go(func() {
			var r result
			r.latencies = make([]time.Duration, 0, 1<<14)
			buf := make([]byte, 32<<10)
			for i := w; ctx.Err() == nil; i++ {
				u := urls[i%len(urls)]
				if unique {
					u += "&n=" + strconv.Itoa(w) + "-" + strconv.Itoa(i)
				}
				req, _ := http.NewRequest("GET", u, nil)
				req.Header.Set("Accept-Encoding", "gzip")
				t := time.Now()
				res, err := client.Do(req)
				if err == nil {
					var n int64
					n, err = io.CopyBuffer(io.Discard, res.Body, buf)
					res.Body.Close()
					r.bytes += n
					if err == nil && res.StatusCode >= 400 {
						err = fmt.Errorf("%s: %s", req.URL, res.Status)
					}
				}
				if err != nil {
					if ctx.Err() != nil {
						break // cut off by the end of the run
					}
					r.errors++
					if r.firstErr == "" {
						r.firstErr = err.Error()
					}
					continue
				}
				r.latencies = append(r.latencies, time.Since(t))
			}
			mu.Lock()
			all.latencies = append(all.latencies, r.latencies...)
			all.errors += r.errors
			all.bytes += r.bytes
			if all.firstErr == "" {
				all.firstErr = r.firstErr
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	all.took = time.Since(start)
	return all
}

func report(name string, r result, distinct int) {
	slices.Sort(r.latencies)
	pct := func(p float64) time.Duration {
		if len(r.latencies) == 0 {
			return 0
		}
		return r.latencies[min(len(r.latencies)-1, int(p*float64(len(r.latencies))))]
	}
	n := len(r.latencies)
	fmt.Printf("%-17s %8d requests (%d distinct URLs) in %v: %8.0f req/s, p50 %v, p99 %v, max %v, %.1f MB/s, %d errors\n",
		name, n, distinct, r.took.Round(time.Millisecond), float64(n)/r.took.Seconds(),
		pct(0.50).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), pct(1).Round(time.Microsecond),
		float64(r.bytes)/1e6/r.took.Seconds(), r.errors)
	if r.firstErr != "" {
		fmt.Printf("  first error: %s\n", strings.TrimSpace(r.firstErr))
	}
}
