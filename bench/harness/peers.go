package harness

import (
	"bytes"
	"fmt"
	nurl "net/url"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	readeck "codeberg.org/readeck/go-readability"
	shiori "github.com/go-shiori/go-readability"
	"github.com/markusmobius/go-trafilatura"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/rules"
)

// Extractor turns one page into text, in this process.
type Extractor struct {
	Name    string // short name, used for output directories
	Version string // module version, for the report
	Input   string // "html" or "text": which form of the pages it reads
	Extract func(p Page) (string, error)
}

// The module versions pinned in bench/go.mod, for the report.
const (
	TrafilaturaVersion = "github.com/markusmobius/go-trafilatura v1.12.2"
	ReadeckVersion     = "codeberg.org/readeck/go-readability v0.0.0-20251125211941-0f57a445e5f1"
	ShioriVersion      = "github.com/go-shiori/go-readability v0.0.0-20251205110129-5db1dc9836f0"
)

// Peers returns the peer extractors, by name: "trafilatura" (go-trafilatura
// with default options, no fallback, as the bench README measured it),
// "readability" (codeberg.org/readeck/go-readability, the maintained
// continuation) and "readability-shiori" (github.com/go-shiori/go-readability
// at its 2025-12 pseudo-version, the one the README's row used). The
// readability text is Article.TextContent.
func Peers() []Extractor {
	return []Extractor{
		{Name: "trafilatura", Version: TrafilaturaVersion, Input: "html", Extract: func(p Page) (string, error) {
			res, err := trafilatura.Extract(bytes.NewReader(p.Data), trafilatura.Options{})
			if err != nil {
				return "", err
			}
			return res.ContentText, nil
		}},
		{Name: "readability", Version: ReadeckVersion, Input: "html", Extract: func(p Page) (string, error) {
			a, err := readeck.FromReader(bytes.NewReader(p.Data), pageURL(p))
			if err != nil {
				return "", err
			}
			return a.TextContent, nil
		}},
		{Name: "readability-shiori", Version: ShioriVersion, Input: "html", Extract: func(p Page) (string, error) {
			a, err := shiori.FromReader(bytes.NewReader(p.Data), pageURL(p))
			if err != nil {
				return "", err
			}
			return a.TextContent, nil
		}},
	}
}

func pageURL(p Page) *nurl.URL {
	if u, err := nurl.Parse(p.URL); err == nil && p.URL != "" {
		return u
	}
	u, _ := nurl.Parse("http://localhost/" + p.ID)
	return u
}

// Library returns newslint's engine called as a library on pages in memory,
// the way a pipeline would call it (input.ParseText or input.ParseHTML,
// detect.Engine.Run, clean.Text), keeping content only: "newslint-lib" on
// innertext and "newslint-lib-html" on HTML. These are extraction-only
// figures, comparable with the peers'; the command-line runs are timed by
// RunCLI.
func Library() ([]Extractor, error) {
	set, err := rules.Default()
	if err != nil {
		return nil, err
	}
	eng := detect.New(set)
	keep := []rules.Label{rules.Content}
	ver := "working tree"
	text := func(p Page) (string, error) {
		pg := input.ParseText(p.Path, p.Data)
		return cleanText(eng, pg, keep, input.LineEnding(p.Data)), nil
	}
	html := func(p Page) (string, error) {
		pg, err := input.ParseHTML(p.Path, p.Data, input.Options{Readability: true})
		if err != nil {
			return "", err
		}
		return cleanText(eng, pg, keep, "\n"), nil
	}
	return []Extractor{
		{Name: "newslint-lib", Version: ver, Input: "text", Extract: text},
		{Name: "newslint-lib-html", Version: ver, Input: "html", Extract: html},
	}, nil
}

// Timing is how long one pass over a set took.
type Timing struct {
	Workers int
	Pages   int
	Bytes   int64         // input bytes
	Wall    time.Duration // elapsed
	CPU     time.Duration // user + system time of the process during the pass
	MaxRSS  int64         // peak resident set in bytes (0 when not measured)
	Errors  int
}

// PagesPerSec is pages over wall time.
func (t Timing) PagesPerSec() float64 { return float64(t.Pages) / t.Wall.Seconds() }

// MBPerSec is input megabytes (10^6 bytes) over wall time.
func (t Timing) MBPerSec() float64 { return float64(t.Bytes) / 1e6 / t.Wall.Seconds() }

// MBPerCPUSec is input megabytes per second of CPU time: throughput per core.
func (t Timing) MBPerCPUSec() float64 { return float64(t.Bytes) / 1e6 / t.CPU.Seconds() }

// PagesPerCPUSec is pages per second of CPU time.
func (t Timing) PagesPerCPUSec() float64 { return float64(t.Pages) / t.CPU.Seconds() }

// RunInProcess extracts every page with ex on workers goroutines, with
// GOMAXPROCS set to workers for the pass (so one worker is one core, the
// garbage collector included), and returns the texts in page order and the
// timing. A page that fails gives "" and counts as an error.
func RunInProcess(ex Extractor, pages []Page, workers int) ([]string, Timing, []error) {
	out := make([]string, len(pages))
	errs := make([]error, len(pages))
	prev := runtime.GOMAXPROCS(workers)
	defer runtime.GOMAXPROCS(prev)
	runtime.GC()

	cpu0 := cpuTime()
	start := time.Now()
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= len(pages) {
					return
				}
				out[i], errs[i] = safeExtract(ex, pages[i])
			}
		}()
	}
	wg.Wait()
	t := Timing{Workers: workers, Pages: len(pages), Bytes: Bytes(pages), Wall: time.Since(start), CPU: cpuTime() - cpu0}
	var failed []error
	for i, err := range errs {
		if err != nil {
			t.Errors++
			failed = append(failed, fmt.Errorf("%s %s: %w", ex.Name, pages[i].ID, err))
		}
	}
	return out, t, failed
}

func safeExtract(ex Extractor, p Page) (s string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	s, err = ex.Extract(p)
	return strings.TrimSpace(s), err
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
