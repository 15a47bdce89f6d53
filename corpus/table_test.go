package corpus_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/newslint/newslint/corpus"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/rules"
)

// TestTableMatchesCounts sums the keys of the site's pages as a distributed
// first pass does (one page per body, counts per key, keys on fewer than
// MinPages pages left out) and checks that the table answers as Counts
// does for every line of every page, a page scraped twice included.
func TestTableMatchesCounts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(siteDir, site, "*.txt"))
	if err != nil || len(files) < 3 {
		t.Fatalf("want the site's pages, got %v (%v)", files, err)
	}
	var pages []*page.Page
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, input.ParseText(f, data))
	}
	pages = append(pages, pages[0]) // the same article twice
	pages = append(pages, input.ParseText("other.txt", []byte("Startseite\nEine Seite einer anderen Site.\n")))
	siteOf := func(i int) string {
		if i == len(pages)-1 {
			return "other.example"
		}
		return site
	}

	counts := corpus.NewCounts()
	sums, sizes, bodies := map[uint64]int{}, map[string]int{}, map[uint64]bool{}
	for i, p := range pages {
		counts.Add(p, siteOf(i))
		pk := corpus.KeysOf(p, siteOf(i))
		if len(pk.Keys) == 0 || bodies[pk.Body] {
			continue
		}
		bodies[pk.Body] = true
		sizes[pk.Site]++
		for _, k := range pk.Keys {
			sums[k]++
		}
	}
	table := corpus.NewTable()
	for s, n := range sizes {
		table.SetSize(s, n)
	}
	shipped := 0
	for k, n := range sums {
		if n >= corpus.MinPages {
			table.SetKey(k, n)
			shipped++
		}
	}
	if shipped == 0 || shipped == len(sums) {
		t.Fatalf("%d of %d keys shipped: the test needs both recurring and single lines", shipped, len(sums))
	}
	recurring := 0
	for i, p := range pages {
		s := siteOf(i)
		if got, want := table.Size(s), counts.Size(s); got != want {
			t.Errorf("Size(%s) = %d, want %d", s, got, want)
		}
		for _, l := range p.Lines {
			folded := string(rules.FoldWords(nil, l.Text))
			if folded == "" {
				continue
			}
			got, want := table.Pages(s, folded), counts.Pages(s, folded)
			if got != want {
				t.Errorf("%s: Pages(%s, %q) = %d, want %d", p.Path, s, folded, got, want)
			}
			if want >= 3 {
				recurring++
			}
		}
	}
	if recurring == 0 {
		t.Error("no line on three pages or more: the pages hold no template")
	}
}
