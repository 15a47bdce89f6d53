package pipeline

import (
	"context"
	"sort"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/newslint/newslint/corpus"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/page"
)

func init() {
	register.DoFn3x0[context.Context, Record, func(int64, pageKeys)](&keysFn{})
	register.Emitter2[int64, pageKeys]()
	register.Function2x1(pickPage)
	register.DoFn3x0[int64, pageKeys, func(string, int64)](&countKeysFn{})
	register.Emitter2[string, int64]()
	register.Function3x0(frequent)
	register.Emitter2[string, siteCount]()
}

// pageKeys are corpus.PageKeys without the body, which keys them (int64:
// Beam's schemas have no unsigned integers; the bits are the same).
type pageKeys struct {
	Site string
	Keys []int64
}

// siteCount is one entry of a site's table: the site's number of pages
// (Size), or a line key and the number of pages holding it.
type siteCount struct {
	Key   int64
	Pages int64
	Size  bool
}

// keysFn emits the keys of each record's page, keyed by the hash of its
// text, as corpus.Count counts them. Records that cannot be parsed count
// for nothing, as in the command.
type keysFn struct {
	cleanOptions
}

func (f *keysFn) ProcessElement(ctx context.Context, rec Record, emit func(int64, pageKeys)) {
	p, err := input.ParseRecord(rec.Path, int(rec.Line), rec.Raw, f.readOptions())
	if err != nil || p == nil {
		return
	}
	pk := corpus.KeysOf(p, siteOf(p, rec.Path))
	if len(pk.Keys) == 0 {
		return
	}
	keys := make([]int64, len(pk.Keys))
	for i, k := range pk.Keys {
		keys[i] = int64(k)
	}
	emit(int64(pk.Body), pageKeys{Site: pk.Site, Keys: keys})
}

// siteOf is the site of page p read from the file at path: the one its
// record names, else the file's directory, as `newslint clean --corpus
// FILE...` has it (corpus.SiteOf).
func siteOf(p *page.Page, path string) string {
	if p.Meta.Site != "" {
		return p.Meta.Site
	}
	return corpus.SiteOf(input.Target{Path: path})
}

// pickPage keeps one of two pages with the same text (the same article
// scraped twice counts once). Their keys can differ only in line shapes
// (punctuation that folding drops); the choice is made the same way
// whatever the order the runner merges in.
func pickPage(a, b pageKeys) pageKeys {
	if len(a.Keys) != len(b.Keys) {
		if len(a.Keys) < len(b.Keys) {
			return a
		}
		return b
	}
	for i := range a.Keys {
		if a.Keys[i] != b.Keys[i] {
			if a.Keys[i] < b.Keys[i] {
				return a
			}
			return b
		}
	}
	return a
}

// countKeysFn counts the pages of each site and of each key in a bundle,
// and emits the bundle's counts when it ends: one element per key and
// bundle instead of one per key and page (a runner may lift the Combine
// that sums them into the same stage, and prism does not).
type countKeysFn struct {
	counts map[countKey]int64
}

// countKey is what a count counts: a site's pages (key 0, size) or the
// pages of a site holding a line key.
type countKey struct {
	site string
	key  uint64
	size bool
}

// maxBundleKeys bounds the counts a bundle holds before it emits them.
const maxBundleKeys = 1 << 20

func (f *countKeysFn) StartBundle(emit func(string, int64)) {
	f.counts = map[countKey]int64{}
}

func (f *countKeysFn) ProcessElement(_ int64, pk pageKeys, emit func(string, int64)) {
	f.counts[countKey{site: pk.Site, size: true}]++
	for _, k := range pk.Keys {
		f.counts[countKey{site: pk.Site, key: uint64(k)}]++
	}
	if len(f.counts) >= maxBundleKeys {
		f.flush(emit)
	}
}

func (f *countKeysFn) FinishBundle(emit func(string, int64)) {
	f.flush(emit)
}

func (f *countKeysFn) flush(emit func(string, int64)) {
	for k, n := range f.counts {
		if k.size {
			emit(sizeCountKey(k.site), n)
		} else {
			emit(lineCountKey(k.site, k.key), n)
		}
	}
	clear(f.counts)
}

// frequent keeps the sites' page counts and the keys found on
// corpus.MinPages pages or more: the table a worker holds per site.
func frequent(k string, n int64, emit func(string, siteCount)) {
	site, key, size, err := parseCountKey(k)
	if err != nil {
		panic(err) // written by countKeysFn: cannot happen
	}
	if size {
		emit(site, siteCount{Pages: n, Size: true})
	} else if n >= corpus.MinPages {
		emit(site, siteCount{Key: int64(key), Pages: n})
	}
}

// tableOf reads one site's entries of the side input into a table.
func tableOf(site string, entries func(*siteCount) bool) *corpus.Table {
	t := corpus.NewTable()
	var e siteCount
	for entries(&e) {
		if e.Size {
			t.SetSize(site, int(e.Pages))
		} else {
			t.SetKey(uint64(e.Key), int(e.Pages))
		}
	}
	return t
}

// sortedSites returns the keys of m sorted.
func sortedSites[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
