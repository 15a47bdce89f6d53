//go:build unix

package server

import (
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newslint/newslint/corpus"
	"github.com/newslint/newslint/input"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// applyEdits are the kinds of edit a tuning session makes, measured by
// BenchmarkApply on the trafilatura bench's 506 innertext pages.
var applyEdits = []struct{ name, rules string }{
	{"unchanged", ""},
	{"switch-off-pattern-rule", "  - id: comment-counter\n    enabled: false\n"},
	{"re-weight-feature-rule", "  - id: paragraph\n    weight: 1\n"},
	{"re-weight-structural-rule", "  - id: main-block\n    weight: 1\n"},
	{"new-pattern-rule", `  - id: werbung
    kind: pattern
    label: noise
    category: advertising
    weight: 5
    description: An advertisement label.
    patterns: ['^(Anzeige|Werbung)$']
    examples:
      match: ["Anzeige"]
      no-match: ["Die Anzeige wurde erstattet."]
`},
	{"edit-pattern", "  - id: comment-counter\n    patterns: ['^\\d+ (Kommentare?|comments?)$']\n"},
	{"new-structural-rule", `  - id: late-short
    kind: context
    label: noise
    category: boilerplate
    weight: 3
    description: A short line after the article.
    when:
      block: [after]
      words: {max: 3}
    examples:
      match: ["A long enough line of text that makes a main block, surely, with words.\n>> Tags"]
      no-match: ["Just one line here"]
`},
}

// traCorpus loads the trafilatura bench's 506 innertext pages as serve's
// corpus; the benchmark is skipped without ../shared/bench.
func traCorpus(b *testing.B) *memCorpus {
	b.Helper()
	bench := benchDir()
	if bench == "" {
		b.Skip("shared/bench not found")
	}
	dir := filepath.Join(bench, "trafilatura-eval", "innertext")
	c, err := loadCorpus([]string{dir}, reading{walk: input.WalkOptions{Extensions: []string{".txt"}}, site: corpus.SiteOf})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkApply measures what the user waits for after pressing Apply:
// parsing the editor's rules, re-scoring the corpus and listing what
// changed, from the built-in rules to one edit. It reports wall time and
// the CPU time of the process (both cores) per apply:
//
//	go test ./server -run '^$' -bench Apply -benchtime 5x
func BenchmarkApply(b *testing.B) {
	c := traCorpus(b)
	s := &Server{cfg: Config{RulesPath: "rules.yaml"}, corpus: c}
	base := []byte(NewRulesFile)
	set := mustParse(b, NewRulesFile)
	s.saved = score(c, base, set, 0)
	s.cur = s.saved
	for _, e := range applyEdits {
		text := []byte(strings.Replace(NewRulesFile, "rules: []\n", "rules:\n"+e.rules, 1))
		if e.rules == "" {
			text = base
		}
		b.Run(e.name, func(b *testing.B) {
			var cpu, wall time.Duration
			var flipped int
			for range b.N {
				if _, probs, _ := s.Apply(base, "previous"); probs != nil {
					b.Fatal(probs)
				}
				c0, t0 := cpuTime(), time.Now()
				ch, probs, _ := s.Apply(text, "previous")
				wall += time.Since(t0)
				cpu += cpuTime() - c0
				if probs != nil {
					b.Fatal(probs)
				}
				flipped = ch.FlippedLines
			}
			b.ReportMetric(float64(wall.Milliseconds())/float64(b.N), "wall-ms/apply")
			b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/apply")
			b.ReportMetric(float64(flipped), "flipped-lines")
		})
	}
	b.Run("full-rescore", func(b *testing.B) {
		var cpu, wall time.Duration
		for range b.N {
			c0, t0 := cpuTime(), time.Now()
			score(c, base, set, 0)
			wall += time.Since(t0)
			cpu += cpuTime() - c0
		}
		b.ReportMetric(float64(wall.Milliseconds())/float64(b.N), "wall-ms/apply")
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/apply")
	})
}

// BenchmarkFit measures what the user waits for after pressing "Fit to
// labels" on the trafilatura bench's 506 innertext pages, with labels on
// some of its pages (ten lines each, one of which the rules get wrong):
// the fit, the rewrite of the rules file and the apply of the result.
//
//	go test ./server -run '^$' -bench Fit -benchtime 3x
func BenchmarkFit(b *testing.B) {
	c := traCorpus(b)
	base := []byte(NewRulesFile)
	set := mustParse(b, NewRulesFile)
	for _, pages := range []int{10, 100, len(c.docs)} {
		s := &Server{cfg: Config{RulesPath: "rules.yaml", LabelsPath: "corpus.labels.jsonl"}, corpus: c, labels: &labelFile{}}
		s.saved = score(c, base, set, 0)
		s.cur = s.saved
		lines := 0
		for i, d := range c.docs[:pages] {
			vs := s.cur.pages[i].Result.Verdicts
			step := max(1, len(vs)/10)
			for k := 0; k < len(vs); k += step {
				kept := keptLabel(set, vs[k].Label)
				if k == 0 {
					kept = !kept
				}
				if err := s.labels.set(d.ID, vs, vs[k].Num, map[bool]string{true: "content", false: "noise"}[kept]); err != nil {
					b.Fatal(err)
				}
				lines++
			}
		}
		b.Run(fmt.Sprintf("%d-pages", pages), func(b *testing.B) {
			var cpu, wall time.Duration
			var res *FitResult
			for range b.N {
				if _, probs, _ := s.Apply(base, "previous"); probs != nil {
					b.Fatal(probs)
				}
				c0, t0 := cpuTime(), time.Now()
				r, probs, err := s.Fit(base, "previous")
				wall += time.Since(t0)
				cpu += cpuTime() - c0
				if err != nil || probs != nil {
					b.Fatal(err, probs)
				}
				res = r
			}
			b.ReportMetric(float64(wall.Milliseconds())/float64(b.N), "wall-ms/fit")
			b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/fit")
			b.ReportMetric(res.FitMS, "fit-ms")
			b.ReportMetric(float64(res.Lines), "labelled-lines")
			b.ReportMetric(float64(res.Changes.FlippedLines), "flipped-lines")
			b.ReportMetric(float64(res.Changes.Gained+res.Changes.Lost), "kept-or-dropped-lines")
			b.ReportMetric(res.Before.F1, "F1-before")
			b.ReportMetric(res.After.F1, "F1-after")
		})
	}
}
