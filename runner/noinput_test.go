package runner

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/rules"
)

// TestNoInput: a run that finds no file at all fails with ErrNoInput, so
// that a gate never passes on nothing; a path that does not exist is a
// file error of its own, not "no input".
func TestNoInput(t *testing.T) {
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Engine: detect.New(set), Workers: 2}
	empty := t.TempDir()
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "notes.md"), []byte("Notizen\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{empty}, {empty, other}} {
		items := 0
		err := Run(context.Background(), cfg, args, func(*Item) error { items++; return nil })
		if !errors.Is(err, input.ErrNoInput) || !strings.Contains(err.Error(), strings.Join(args, ", ")) {
			t.Errorf("%v: error %v, want ErrNoInput naming the arguments", args, err)
		}
		if items != 0 {
			t.Errorf("%v: %d items", args, items)
		}
	}
	var errs int
	err = Run(context.Background(), cfg, []string{filepath.Join(empty, "gone.txt")}, func(it *Item) error {
		if it.Err != nil {
			errs++
		}
		return nil
	})
	if err != nil || errs != 1 {
		t.Errorf("a missing file: Run returned %v with %d file errors, want nil and 1", err, errs)
	}
}
