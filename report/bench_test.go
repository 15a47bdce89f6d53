package report_test

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/rules"
)

// BenchmarkReportLarge writes the reports of one very long page, scored
// once beforehand: what a line costs the report layer (the page's findings
// and summary, then the text, JSON and explain writers) in time and memory.
// The pages are those of detect's BenchmarkEngineLarge: 200,000 lines of
// "x", all noise, and about 100,000 lines of the bench's innertext pages.
func BenchmarkReportLarge(b *testing.B) {
	set, err := rules.Default()
	if err != nil {
		b.Fatal(err)
	}
	e := detect.New(set)
	gate := report.GateFrom(set.Settings)
	pages := []*page.Page{input.ParseText("x-200k.txt", []byte(strings.Repeat("x\n", 200_000)))}
	if files, _ := filepath.Glob("../../shared/bench/*/innertext/*.txt"); len(files) > 0 {
		var text strings.Builder
		for lines := 0; lines < 100_000; {
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					b.Fatal(err)
				}
				text.Write(data)
				text.WriteString("\n\n")
				if lines += strings.Count(string(data), "\n") + 2; lines >= 100_000 {
					break
				}
			}
		}
		pages = append(pages, input.ParseText("bench-100k.txt", []byte(text.String())))
	}
	for _, p := range pages {
		res := e.Run(p, detect.Options{})
		for _, w := range []struct {
			name  string
			write func(*report.Page) error
		}{
			{"page", func(*report.Page) error { return nil }},
			{"text", func(rp *report.Page) error { return (&report.Text{W: io.Discard}).Page(rp) }},
			{"json", func(rp *report.Page) error { return (&report.JSON{W: io.Discard}).Page(rp) }},
			{"explain", func(rp *report.Page) error { return report.Explain(io.Discard, rp.Result, report.Style{}) }},
		} {
			b.Run(strings.TrimSuffix(p.Path, ".txt")+"/"+w.name, func(b *testing.B) {
				b.ReportAllocs()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				before := ms.TotalAlloc
				for i := 0; i < b.N; i++ {
					if err := w.write(report.NewPage(res, gate)); err != nil {
						b.Fatal(err)
					}
				}
				runtime.ReadMemStats(&ms)
				n := float64(len(p.Lines) * b.N)
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/line")
				b.ReportMetric(float64(ms.TotalAlloc-before)/n, "B/line")
			})
		}
	}
}
