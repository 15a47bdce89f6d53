package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func waitFor(t *testing.T, out *lockedBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in the output:\n%s", want, out)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestWatchPrintsFlips(t *testing.T) {
	dir := t.TempDir()
	pages := filepath.Join(dir, "pages")
	os.MkdirAll(pages, 0o755)
	page := "Home | News | Sport\n\nThe harbour wall was finished on Tuesday after two years of work, and the first boats moored behind it the same afternoon.\nBoats can now shelter there in any weather, the council said, and the old breakwater will be taken down over the summer.\n\nShare this article\n12 comments\n"
	os.WriteFile(filepath.Join(pages, "harbour.txt"), []byte(page), 0o644)
	rulesPath := filepath.Join(dir, "rules.yaml")
	os.WriteFile(rulesPath, []byte("rules: []\n"), 0o644)

	c := &common{config: rulesPath}
	out := &lockedBuffer{}
	var runs atomic.Int32
	run := func() int {
		runs.Add(1)
		return runLint([]string{"--config", rulesPath, "--color", "never", pages}, out, out)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() { done <- watchLoop(ctx, c, []string{pages}, out, run, 20*time.Millisecond) }()
	waitFor(t, out, "--- watching")

	keep := `rules:
  - id: keep-share
    kind: pattern
    label: content
    weight: 50
    description: Keeps the share line.
    patterns: ['^Share this article$']
    examples:
      match: ["Share this article"]
      no-match: ["Share"]
`
	replaceFile(t, rulesPath, keep)
	waitFor(t, out, "rules.yaml changed: re-running")
	waitFor(t, out, "1 line flipped since the last run:")
	if !strings.Contains(out.String(), `harbour.txt:6: noise:`) || !strings.Contains(out.String(), `→ content [keep-share] "Share this article"`) {
		t.Errorf("flip not listed:\n%s", out)
	}

	// An input that changes is re-read too.
	replaceFile(t, filepath.Join(pages, "harbour.txt"), page+"Follow us on Facebook\n")
	waitFor(t, out, "harbour.txt changed: re-running")
	waitFor(t, out, "no line flipped since the last run")

	// A broken rules file is reported and the watch goes on.
	replaceFile(t, rulesPath, "rules: [\n")
	waitFor(t, out, "YAML")
	cancel()
	if code := <-done; code != exitError {
		t.Errorf("exit code after a broken rules file: %d, want %d", code, exitError)
	}
	if n := runs.Load(); n != 4 {
		t.Errorf("%d runs, want 4", n)
	}
}

// replaceFile gives path new content in one step (a rename), as editors
// that save atomically do: a watcher polling under load never sees the
// file half written, so each change is exactly one re-run.
func replaceFile(t *testing.T, path, content string) {
	t.Helper()
	tmp := filepath.Join(t.TempDir(), filepath.Base(path)) // outside the watched folders
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

func TestWithoutWatch(t *testing.T) {
	got := withoutWatch([]string{"--watch", "-j", "2", "dir", "-watch=true", "--", "--watch"})
	want := []string{"-j", "2", "dir", "--", "--watch"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("withoutWatch = %q, want %q", got, want)
	}
}
