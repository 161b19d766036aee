package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"

	"tietopankki/i18n"
)

// defaultAddr is where serve listens unless --addr says otherwise.
const defaultAddr = "localhost:1313"

// start is what the program does without arguments, as when a mentor
// double-clicks it: with a content folder in the working folder, or else
// beside the program, it previews it (serve) and opens the browser; with
// none, it prints the usage. In a console window of its own (OwnConsole)
// it waits for Enter before it ends with an error, so that the window
// stays open until the message has been read.
func (m *Main) start(ctx context.Context) int {
	content, themes, found := m.findContent()
	if !found {
		m.usage(m.Stdout)
		if m.OwnConsole {
			c := m.catalog("")
			wd, _ := os.Getwd()
			fmt.Fprintln(m.Stdout, "\n"+c.T("cli.start.no-content", wd, m.exeDir()))
			m.waitForEnter(c)
		}
		return exitUsage
	}
	// A second preview (the program double-clicked twice) gets a port of
	// its own instead of failing.
	addr := defaultAddr
	if ln, err := net.Listen("tcp", addr); err != nil {
		addr = "localhost:0"
	} else {
		ln.Close()
	}
	saved := m.Themes
	m.Themes = themes
	defer func() { m.Themes = saved }()
	code := m.runServe(ctx, []string{"--content", content, "--addr", addr, "--open"})
	if code != exitOK && m.OwnConsole {
		m.waitForEnter(m.catalog(""))
	}
	return code
}

// findContent finds the content folder of a start without arguments:
// content/ in the working folder, else beside the program (a program
// double-clicked on a Mac runs in the home folder). It returns the folder
// and the themes folder beside it.
func (m *Main) findContent() (content, themes string, ok bool) {
	if isDir("content") {
		return "content", m.Themes, true
	}
	if dir := m.exeDir(); dir != "" && isDir(filepath.Join(dir, "content")) {
		return filepath.Join(dir, "content"), filepath.Join(dir, "themes"), true
	}
	return "", "", false
}

// exeDir is the folder of the program, "" when it is not known.
func (m *Main) exeDir() string {
	if m.Executable == nil {
		return ""
	}
	exe, err := m.Executable()
	if err != nil {
		return ""
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	return filepath.Dir(exe)
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// waitForEnter asks for Enter and waits for it (or for the end of Stdin).
func (m *Main) waitForEnter(c *i18n.Catalog) {
	if m.Stdin == nil {
		return
	}
	fmt.Fprintln(m.Stdout, c.T("cli.start.press-enter"))
	bufio.NewReader(m.Stdin).ReadString('\n')
}

// openBrowser opens url in the default browser with the system's own
// command, without waiting for the browser.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // the opener ends soon; collect it
	return nil
}

// localURL is the address of a server listening on a: http://host:port
// and the site's base path. An every-address listener (0.0.0.0, ::) is
// opened at localhost.
func localURL(a net.Addr, base string) string {
	host := a.String()
	if ta, ok := a.(*net.TCPAddr); ok && ta.IP.IsUnspecified() {
		host = net.JoinHostPort("localhost", strconv.Itoa(ta.Port))
	}
	return "http://" + host + base
}
