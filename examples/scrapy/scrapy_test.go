// Package scrapy_test runs the Scrapy item pipeline of this folder in a
// real crawl: Debian's python3-scrapy, a spider, and Python's http.server
// on 127.0.0.1 serving testdata/site. .ci/run installs python3-scrapy; the
// tests skip only where it is missing.
package scrapy_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const python = "/usr/bin/python3"

// crawlWait bounds a crawl of four pages: no speed limit (a crawl takes
// seconds), it tells a hung crawl from a slow one.
const crawlWait = 5 * time.Minute

func needScrapy(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs a crawl")
	}
	if err := exec.Command(python, "-c", "import scrapy").Run(); err != nil {
		t.Skip("python3-scrapy is not installed (apt-get install python3-scrapy; .ci/run installs it)")
	}
}

func buildNewslint(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "newslint")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/newslint")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

type item struct {
	URL  string `json:"url"`
	Text string `json:"text"`
}

// crawl runs crawl.py and returns its items and its log.
func crawl(t *testing.T, bin string, args ...string) ([]item, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "items.jsonl")
	ctx, cancel := context.WithTimeout(context.Background(), crawlWait)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, append([]string{"crawl.py", "--bin", bin, "--site", "testdata/site", "--out", out}, args...)...)
	logb, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("the crawl hung (%v); its log:\n%s", crawlWait, logb)
	}
	if err != nil {
		t.Fatalf("crawl: %v\n%s", err, logb)
	}
	var items []item
	if f, err := os.Open(out); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var it item
			if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
				t.Fatalf("item %q: %v", sc.Text(), err)
			}
			items = append(items, it)
		}
	}
	return items, string(logb)
}

// TestPipelineCleansLikeTheCommand checks that each crawled page's item
// text is what `newslint clean PAGE.html` prints for the served file.
func TestPipelineCleansLikeTheCommand(t *testing.T) {
	needScrapy(t)
	bin := buildNewslint(t)
	for _, keep := range []string{"", "--keep content"} {
		items, log := crawl(t, bin, "--args", keep)
		if len(items) != 3 {
			t.Fatalf("--args %q: %d items, want 3; log:\n%s", keep, len(items), log)
		}
		for _, it := range items {
			page := filepath.Join("testdata", "site", it.URL[strings.LastIndexByte(it.URL, '/')+1:])
			want, err := exec.Command(bin, append(append([]string{"clean", "--no-config"}, strings.Fields(keep)...), page)...).Output()
			if err != nil {
				t.Fatalf("newslint clean %s: %v", page, err)
			}
			if len(want) == 0 {
				t.Fatalf("%s: newslint keeps nothing: no test", page)
			}
			if it.Text != string(want) {
				t.Errorf("--args %q: %s: item text differs from newslint clean:\n got %.300q\nwant %.300q", keep, page, it.Text, want)
			}
		}
	}
}

// TestPipelineDropsFailingPages drops the pages that fail the gate.
func TestPipelineDropsFailingPages(t *testing.T) {
	needScrapy(t)
	bin := buildNewslint(t)
	gate := []string{"--no-config", "--fail-level", "none", "--min-content-lines", "20"}
	items, log := crawl(t, bin, "--drop-failing", "--args", strings.Join(gate, " "))
	// Which pages fail is lint's verdict under the same gate.
	failing := 0
	for _, page := range []string{"news.html", "thespacereview.html", "ucdavis-health.html"} {
		err := exec.Command(bin, append(append([]string{"lint"}, gate...), filepath.Join("testdata", "site", page))...).Run()
		if e, ok := err.(*exec.ExitError); ok && e.ExitCode() == 1 {
			failing++
		}
	}
	if failing == 0 || failing == 3 {
		t.Fatalf("%d of 3 pages fail the gate: no test of dropping", failing)
	}
	if len(items) != 3-failing || strings.Count(log, "page fails the gate") != failing {
		t.Errorf("%d items kept, want %d; log:\n%s", len(items), 3-failing, log)
	}
}

// TestCoProcessCrashIsLogged kills the co-process after the first item: the
// other items fail with an error in the crawl log, and the crawl ends.
func TestCoProcessCrashIsLogged(t *testing.T) {
	needScrapy(t)
	bin := buildNewslint(t)
	items, log := crawl(t, bin, "--kill-after", "1")
	if len(items) != 1 {
		t.Errorf("%d items, want the 1 cleaned before the crash", len(items))
	}
	if n := strings.Count(log, "newslint co-process has exited"); n != 2 || !strings.Contains(log, "ERROR") {
		t.Errorf("want 2 errors about the dead co-process in the crawl log, found %d:\n%s", n, log)
	}
}
