package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tietopankki/internal/testwait"
)

// runServe runs Main with args until the test ends and returns the
// address it listens on.
func runServe(t *testing.T, args ...string) string {
	t.Helper()
	addr, _ := startServe(t, args...)
	return addr
}

// startServe is runServe that also gives what the command printed.
func startServe(t *testing.T, args ...string) (string, *hostWriter) {
	t.Helper()
	m, out, errw := hostMain()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, args) }()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("%v exited %d:\n%s", args, code, errw)
		}
	})
	select {
	case addr := <-out.addr:
		return addr, out
	case code := <-done:
		done <- code
		t.Fatalf("%v exited %d:\n%s", args, code, errw)
	case <-time.After(testwait.Deadline):
		t.Fatalf("%v did not start:\n%s", args, errw)
	}
	return "", out
}

// hostGetAs fetches u with the request's Host set to host.
func hostGetAs(t *testing.T, u, host string, hdr ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := hostClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s (Host %s): %v", u, host, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestDevServerHostCheck runs `serve` (the dev server) on an address that
// is not "localhost": it answers that address and the localhost names, and
// refuses every other Host with 403 (DNS rebinding).
func TestDevServerHostCheck(t *testing.T) {
	addr := runServe(t, "serve", "--content", hostCopyContent(t), "--addr", "127.0.0.2:0")
	_, port, _ := net.SplitHostPort(addr)
	for host, want := range map[string]int{
		addr: 200, "localhost:" + port: 200, "127.0.0.1:" + port: 200, "[::1]:" + port: 200,
		"rebind.example:" + port: 403, "127.0.0.3:" + port: 403,
	} {
		code, body := hostGetAs(t, "http://"+addr+"/", host)
		if code != want {
			t.Errorf("Host %s: %d, want %d", host, code, want)
		}
		if want == 403 && !strings.Contains(body, "DNS rebinding") {
			t.Errorf("Host %s: %q does not say why", host, body)
		}
	}
	// Listening on every address, the dev server answers only localhost.
	addr = runServe(t, "serve", "--content", hostCopyContent(t), "--addr", "0.0.0.0:0")
	_, port, _ = net.SplitHostPort(addr)
	if code, _ := hostGetAs(t, "http://127.0.0.1:"+port+"/", "0.0.0.0:"+port); code != 403 {
		t.Errorf("Host 0.0.0.0 on a wildcard address: %d", code)
	}
	if code, _ := hostGetAs(t, "http://127.0.0.1:"+port+"/", "localhost:"+port); code != 200 {
		t.Errorf("Host localhost on a wildcard address: %d", code)
	}
}

// TestProductionTrustedHeaderAddress: --trusted-user-header refuses to
// start on an address others can reach unless --trusted-proxy-only says
// the proxy is the only way in.
func TestProductionTrustedHeaderAddress(t *testing.T) {
	public := filepath.Join(t.TempDir(), "public")
	hostBuild(t, hostCopyContent(t), public)
	m, out, errw := hostMain()
	args := []string{"serve", "--production", "--public", public, "--trusted-user-header", "X-Remote-User", "--addr", "0.0.0.0:0", "--lang", "en"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, args) }()
	select {
	case code := <-done:
		if code != exitUsage {
			t.Fatalf("exit %d, want %d", code, exitUsage)
		}
	case addr := <-out.addr:
		cancel()
		<-done
		t.Fatalf("started on %s", addr)
	}
	for _, want := range []string{"--trusted-user-header", "not a loopback address", "127.0.0.1", "--trusted-proxy-only"} {
		if !strings.Contains(errw.String(), want) {
			t.Errorf("the message does not say %q:\n%s", want, errw)
		}
	}
	addr := runServe(t, append(args, "--trusted-proxy-only")...)
	_, port, _ := net.SplitHostPort(addr)
	if code, _ := hostGetAs(t, "http://127.0.0.1:"+port+"/", "127.0.0.1:"+port, "X-Remote-User", "anna"); code != 200 {
		t.Errorf("with --trusted-proxy-only: %d", code)
	}
	addr = runServe(t, "serve", "--production", "--public", public, "--trusted-user-header", "X-Remote-User", "--addr", "127.0.0.1:0")
	if code, _ := hostGetAs(t, "http://"+addr+"/", addr, "X-Remote-User", "anna"); code != 200 {
		t.Errorf("on loopback: %d", code)
	}
}
