package detect_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/page"
)

// benchPages reads the innertext pages of ../shared/bench (the scraped text
// newslint is built for), or skips when the benchmark folder is absent.
func benchPages(b *testing.B) ([]*page.Page, int64) {
	b.Helper()
	files, _ := filepath.Glob("../../shared/bench/*/innertext/*.txt")
	if len(files) == 0 {
		b.Skip("../shared/bench not found beside the repository")
	}
	var pages []*page.Page
	var n int64
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		n += int64(len(data))
		pages = append(pages, input.ParseText(f, data))
	}
	return pages, n
}

// BenchmarkEngine scores every innertext page of the benchmark with the
// default rules on one goroutine; -cpu has no effect on it. MB/s is input
// text per second per core.
func BenchmarkEngine(b *testing.B) {
	pages, n := benchPages(b)
	e := defaultEngine(b)
	for _, c := range []struct {
		name string
		opt  detect.Options
	}{
		{"all", detect.Options{}},                    // lint: labels, flags, document findings
		{"labels", detect.Options{LabelsOnly: true}}, // clean and eval: labels alone
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(n)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for _, p := range pages {
					e.Run(p, c.opt)
				}
			}
			b.ReportMetric(float64(len(pages)*b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// BenchmarkEngineParallel scores the same pages on every core, as the
// runner does.
func BenchmarkEngineParallel(b *testing.B) {
	pages, n := benchPages(b)
	e := defaultEngine(b)
	b.SetBytes(n)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for _, p := range pages {
				e.Run(p, detect.Options{})
			}
		}
	})
	b.ReportMetric(float64(len(pages)*b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkStartup is what every run pays before its first page: the
// default rules parsed and compiled, and the engine built from them.
func BenchmarkStartup(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		defaultEngine(b)
	}
}

// largePages are the pages of BenchmarkEngineLarge: a page of 200,000
// lines of "x" (the shape of issue 19's 2,000,000-line page: every line
// noise, six rules firing on each) and the bench's innertext pages joined
// into one page of about 100,000 lines (real text, one page).
func largePages(b *testing.B) []*page.Page {
	b.Helper()
	x := strings.Repeat("x\n", 200_000)
	out := []*page.Page{input.ParseText("x-200k.txt", []byte(x))}
	pages, _ := benchPages(b)
	var text strings.Builder
	lines := 0
	for lines < 100_000 {
		for _, p := range pages {
			for _, l := range p.Lines {
				text.WriteString(l.Text)
				text.WriteByte('\n')
			}
			text.WriteByte('\n')
			if lines += len(p.Lines) + 1; lines >= 100_000 {
				break
			}
		}
	}
	return append(out, input.ParseText("bench-100k.txt", []byte(text.String())))
}

// BenchmarkEngineLarge scores one very long page at a time, on one
// goroutine: what a line costs in time and memory when a page is huge.
// B/line is what the run allocates per line of the page.
func BenchmarkEngineLarge(b *testing.B) {
	e := defaultEngine(b)
	for _, p := range largePages(b) {
		for _, c := range []struct {
			name string
			opt  detect.Options
		}{
			{"all", detect.Options{}},
			{"labels", detect.Options{LabelsOnly: true}},
		} {
			b.Run(strings.TrimSuffix(p.Path, ".txt")+"/"+c.name, func(b *testing.B) {
				b.ReportAllocs()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				before := ms.TotalAlloc
				for i := 0; i < b.N; i++ {
					e.Run(p, c.opt)
				}
				runtime.ReadMemStats(&ms)
				n := float64(len(p.Lines) * b.N)
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/line")
				b.ReportMetric(float64(ms.TotalAlloc-before)/n, "B/line")
			})
		}
	}
}
