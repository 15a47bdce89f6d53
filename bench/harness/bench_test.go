package harness

import (
	"sync"
	"testing"
)

var (
	setsOnce sync.Once
	sets     []*Set
	setsErr  error
)

func loadSets(b *testing.B) []*Set {
	b.Helper()
	setsOnce.Do(func() {
		bench, err := FindBench()
		if err != nil {
			setsErr = err
			return
		}
		for _, name := range Sets {
			s, err := LoadSet(bench, name)
			if err != nil {
				setsErr = err
				return
			}
			sets = append(sets, s)
		}
	})
	if setsErr != nil {
		b.Skip(setsErr)
	}
	return sets
}

// benchExtractor runs ex over every page of each set per iteration, on one
// goroutine, and reports MB/s of input and pages/s.
func benchExtractor(b *testing.B, ex Extractor) {
	for _, s := range loadSets(b) {
		pages := s.HTML
		if ex.Input == "text" {
			pages = s.Text
		}
		b.Run(s.Name, func(b *testing.B) {
			if _, err := ex.Extract(pages[0]); err != nil {
				b.Skip(err)
			}
			b.SetBytes(Bytes(pages))
			b.ReportAllocs()
			for b.Loop() {
				for _, p := range pages {
					ex.Extract(p)
				}
			}
			b.ReportMetric(float64(b.N*len(pages))/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// BenchmarkLibrary times newslint's engine called as a library on the
// innertext pages (newslint-lib) and on the HTML pages (newslint-lib-html):
//
//	go test -run - -bench Library ./harness
func BenchmarkLibrary(b *testing.B) {
	lib, err := Library()
	if err != nil {
		b.Fatal(err)
	}
	for _, ex := range lib {
		b.Run(ex.Name, func(b *testing.B) { benchExtractor(b, ex) })
	}
}

// BenchmarkPeers times the peers on the HTML pages.
func BenchmarkPeers(b *testing.B) {
	for _, ex := range Peers() {
		b.Run(ex.Name, func(b *testing.B) { benchExtractor(b, ex) })
	}
}
