package runner

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/rules"
)

// TestLongPageMemory: a page of 2,000,000 lines (issue 19's page of "x",
// every line noise) is linted into a JSON report in bounded memory: its
// parts are scored and reported one after another, and the heap does not
// grow with the page. Scored whole, the page took 3.2 GB of memory.
func TestLongPageMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("scores 2,000,000 lines")
	}
	const lines = 2_000_000
	path := filepath.Join(t.TempDir(), "long.txt")
	if err := os.WriteFile(path, []byte(strings.Repeat("x\n", lines)), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Engine: detect.New(set), Walk: input.WalkOptions{Extensions: []string{".txt"}},
		MaxPageLines: DefaultMaxPageLines, Detect: detect.Options{NoFeatures: true}}
	gate := report.GateFrom(set.Settings)
	w := &report.JSON{W: io.Discard}

	// The heap's objects, live or not yet collected, sampled as the run goes.
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	parts, scored := 0, 0
	var live uint64 // the most the heap holds after a collection, part by part
	err = Run(context.Background(), cfg, []string{path}, func(it *Item) error {
		if it.Err != nil {
			return it.Err
		}
		parts++
		scored += len(it.Result.Verdicts)
		if err := w.Page(report.NewPage(it.Result, gate)); err != nil {
			return err
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		live = max(live, ms.HeapAlloc)
		return nil
	})
	close(stop)
	<-sampled
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(&report.Totals{}); err != nil {
		t.Fatal(err)
	}
	if want := lines / DefaultMaxPageLines; parts != want || scored != lines {
		t.Errorf("%d parts, %d lines scored; want %d parts, %d lines", parts, scored, want, lines)
	}
	t.Logf("%d parts; heap after a collection at most %d MB, heap objects at most %d MB", parts, live>>20, peak.Load()>>20)
	// By design at most three parts are alive at once, whatever the number
	// of workers (one page's parts are scored one after another): the one
	// being reported, one waiting in the page's channel and one being
	// scored, some 40 MB each here. Whether the third is counted depends on
	// when the collection runs (82–139 MB measured), so the budget allows
	// four; the page scored whole held 3.2 GB.
	const liveBudget, peakBudget = 170 << 20, 300 << 20
	if live > liveBudget {
		t.Errorf("the heap held %d MB after a collection, more than the budget of %d MB: memory grows with the page", live>>20, liveBudget>>20)
	}
	if p := peak.Load(); p > peakBudget {
		t.Errorf("the heap's objects reached %d MB, more than the budget of %d MB", p>>20, peakBudget>>20)
	}
}
