// Package crawltest makes WARC files the way newslint's users get them:
// GNU wget crawls a directory that python3's http.server serves on
// 127.0.0.1. Without wget or python3 a test that needs one is skipped,
// unless CI is set (.ci/run installs both): then it fails.
package crawltest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Site is the fixture site of the repository (testdata/crawl/site): a
// front page linking to articles (one in ISO-8859-1), a text file, an image,
// a folder (http.server redirects "archiv" to "archiv/"), two links to
// pages that do not exist, and a robots.txt.
const Site = "testdata/crawl/site"

// Crawl is a WARC file wget wrote.
type Crawl struct {
	// WARC is the file's path.
	WARC string
	// Base is the URL the site was served at, "http://127.0.0.1:PORT";
	// Mask replaces it in output that must not depend on the port.
	Base string
}

// Mask replaces the crawl's base URL in s with http://127.0.0.1:PORT, and
// the capture dates of WARC records (2025-12-07T21:20:36Z) with DATE.
func (c Crawl) Mask(s string) string {
	if c.Base != "" {
		s = strings.ReplaceAll(s, c.Base, "http://127.0.0.1:PORT")
	}
	return warcDate.ReplaceAllString(s, "DATE")
}

var warcDate = regexp.MustCompile(`\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\b`)

// Tool returns the path of a command the test needs, skipping the test
// when it is missing (failing it when CI is set).
func Tool(t testing.TB, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not installed (CI is set: .ci/run installs Debian's %s)", name, pkg)
	}
	t.Skipf("%s is not installed (apt-get install %s)", name, pkg)
	return ""
}

// Run serves the directory site with `python3 -m http.server` on a free
// port of 127.0.0.1 and crawls it with `wget --recursive --warc-file`,
// into a temporary directory: crawl.warc.gz (wget's default, a gzip member
// per record) or, with compress false, crawl.warc. The server is stopped
// before Run returns.
func Run(t testing.TB, site string, compress bool) Crawl {
	t.Helper()
	python := Tool(t, "python3", "python3")
	wget := Tool(t, "wget", "wget")
	site, err := filepath.Abs(site)
	if err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv := exec.CommandContext(ctx, python, "-m", "http.server", strconv.Itoa(port), "--bind", "127.0.0.1", "--directory", site)
	var srvLog bytes.Buffer
	srv.Stdout, srv.Stderr = &srvLog, &srvLog
	if err := srv.Start(); err != nil {
		t.Fatalf("python3 -m http.server: %v", err)
	}
	defer func() {
		srv.Process.Kill()
		srv.Wait()
	}()
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	ready := false
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			ready = true
			break
		}
	}
	if !ready {
		t.Fatalf("python3 -m http.server did not listen on %s within 20 s:\n%s", addr, srvLog.String())
	}

	dir := t.TempDir()
	base := "http://" + addr
	args := []string{"--no-verbose", "--no-proxy", "--recursive", "--level=2", "--no-parent",
		"--no-host-directories", "--directory-prefix=" + filepath.Join(dir, "mirror"),
		"--warc-file=" + filepath.Join(dir, "crawl"), base + "/"}
	name := "crawl.warc.gz"
	if !compress {
		args = append([]string{"--no-warc-compression"}, args...)
		name = "crawl.warc"
	}
	cmd := exec.CommandContext(ctx, wget, args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	out, err := cmd.CombinedOutput()
	// wget exits 8 when the server answered an error, as it does for the
	// site's links to pages that do not exist.
	if ee, ok := err.(*exec.ExitError); err != nil && !(ok && ee.ExitCode() == 8) {
		t.Fatalf("wget %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	warc := filepath.Join(dir, name)
	if _, err := os.Stat(warc); err != nil {
		t.Fatalf("wget wrote no %s: %v\n%s", name, err, out)
	}
	return Crawl{WARC: warc, Base: base}
}

// freePort returns a TCP port of 127.0.0.1 that nothing listens on.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// String describes the crawl, for test logs.
func (c Crawl) String() string { return fmt.Sprintf("%s (crawled from %s)", c.WARC, c.Base) }
