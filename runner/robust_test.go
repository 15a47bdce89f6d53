package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/rules"
)

// stopCorpus writes n small pages and returns the directory.
func stopCorpus(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for i := range n {
		text := fmt.Sprintf("Seite %d\n\nEin Satz mit Inhalt, der hier steht und weitergeht.\n0 Kommentare\n", i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%04d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestRunStops: a run stopped half-way, by its context (an interrupt) or
// by an error from fn (standard output closed), returns at once and calls
// fn no more. A run that hangs instead leaves `newslint clean` unkillable by
// Ctrl-C; the stop lands at a different moment in each of many tries.
func TestRunStops(t *testing.T) {
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Engine: detect.New(set), Walk: input.WalkOptions{Extensions: []string{".txt"}}, Workers: 2}
	dir := stopCorpus(t, 200)
	stop := errors.New("stop")
	tries := 200
	if testing.Short() {
		tries = 40
	}
	for i := range tries {
		ctx, cancel := context.WithCancel(context.Background())
		byError := i%2 == 1
		at := i % 50
		n := 0
		done := make(chan error, 1)
		go func() {
			done <- Run(ctx, cfg, []string{dir}, func(it *Item) error {
				if it.Err == nil && it.Result == nil {
					return fmt.Errorf("%s: item without a result", it.Target.Path)
				}
				n++
				if n == at {
					if byError {
						return stop
					}
					cancel()
				}
				return nil
			})
		}()
		select {
		case err := <-done:
			if byError && !errors.Is(err, stop) || !byError && err != nil && !errors.Is(err, context.Canceled) {
				t.Errorf("try %d: Run returned %v", i, err)
			}
			if byError && n != at {
				t.Errorf("try %d: fn called %d times after it failed", i, n-at)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("try %d (stop by %s after %d items): Run hangs", i, map[bool]string{true: "error", false: "context"}[byError], at)
		}
		cancel()
	}
}
