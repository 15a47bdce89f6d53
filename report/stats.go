package report

import (
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/newslint/newslint/rules"
)

// SiteSummary counts the verdicts on the pages of one site.
type SiteSummary struct {
	Site  string `json:"site"`
	Pages int    `json:"pages"`
	Summary
}

// FileSummary counts the verdicts on the pages of one input file.
type FileSummary struct {
	Path  string `json:"path"`
	Pages int    `json:"pages"`
	Summary
}

// tally sums pages by file and by site.
type tally struct {
	files []*FileSummary // in input order
	sites map[string]*SiteSummary
}

func (t *tally) add(p *Page) {
	if n := len(t.files); n == 0 || t.files[n-1].Path != p.Path {
		t.files = append(t.files, &FileSummary{Path: p.Path})
	}
	f := t.files[len(t.files)-1]
	if p.counts() {
		f.Pages++
	}
	f.Summary.Add(&p.Summary)
	key := SiteOf(p)
	if t.sites == nil {
		t.sites = map[string]*SiteSummary{}
	}
	s := t.sites[key]
	if s == nil {
		s = &SiteSummary{Site: key}
		t.sites[key] = s
	}
	if p.counts() {
		s.Pages++
	}
	s.Summary.Add(&p.Summary)
}

// bySite returns the site summaries sorted by site.
func (t *tally) bySite() []*SiteSummary {
	out := make([]*SiteSummary, 0, len(t.sites))
	for _, s := range t.sites {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Site < out[j].Site })
	return out
}

// SiteOf returns the site a page belongs to: the site the input named, else
// the host of its URL, else the directory of its file.
func SiteOf(p *Page) string {
	if p.Result != nil && p.Result.Page != nil {
		m := p.Result.Page.Meta
		if m.Site != "" {
			return m.Site
		}
		if u, err := url.Parse(m.URL); err == nil && u.Host != "" {
			return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		}
	}
	if p.Path == "-" {
		return "-"
	}
	return filepath.ToSlash(filepath.Dir(p.Path))
}

// Statistics is a Writer that prints, when the run ends, how many lines
// each rule and category took, the lines kept and dropped, and the noise
// ratio of every file and every site.
type Statistics struct {
	W io.Writer
	// Keep are the labels clean keeps (title and content by default).
	Keep []rules.Label
	t    tally
}

// Page implements Writer.
func (s *Statistics) Page(p *Page) error { s.t.add(p); return nil }

// FileError implements Writer.
func (s *Statistics) FileError(string, int, error) error { return nil }

// Close implements Writer.
func (s *Statistics) Close(tot *Totals) error {
	sum := &tot.Summary
	var b strings.Builder
	b.WriteString("statistics:\n")
	table(&b, "rule", "noise lines", sum.Rules)
	table(&b, "category", "noise lines", sum.Categories)

	counts := map[rules.Label]int{rules.Title: sum.Title, rules.Content: sum.Content, rules.Meta: sum.Meta, rules.Noise: sum.Noise}
	var kept, dropped []string
	nk, nd := 0, 0
	for _, l := range []rules.Label{rules.Title, rules.Content, rules.Meta, rules.Noise} {
		part := fmt.Sprintf("%s %d", l, counts[l])
		if slices.Contains(s.Keep, l) {
			kept, nk = append(kept, part), nk+counts[l]
		} else {
			dropped, nd = append(dropped, part), nd+counts[l]
		}
	}
	fmt.Fprintf(&b, "  lines: %d, kept %d (%s), dropped %d (%s)\n", sum.Lines, nk, strings.Join(kept, ", "), nd, strings.Join(dropped, ", "))

	w := len("file")
	for _, f := range s.t.files {
		w = max(w, utf8.RuneCountInString(f.Path))
	}
	fmt.Fprintf(&b, "  %-*s %6s %6s %6s\n", w, "file", "lines", "noise", "ratio")
	for _, f := range s.t.files {
		fmt.Fprintf(&b, "  %-*s %6d %6d %5.1f%%\n", w, f.Path, f.Lines, f.Noise, 100*f.NoiseRatio)
	}
	sites := s.t.bySite()
	w = len("site")
	for _, st := range sites {
		w = max(w, utf8.RuneCountInString(st.Site))
	}
	fmt.Fprintf(&b, "  %-*s %6s %6s %6s %6s\n", w, "site", "pages", "lines", "noise", "ratio")
	for _, st := range sites {
		fmt.Fprintf(&b, "  %-*s %6d %6d %6d %5.1f%%\n", w, st.Site, st.Pages, st.Lines, st.Noise, 100*st.NoiseRatio)
	}
	_, err := io.WriteString(s.W, b.String())
	return err
}

// table writes counts sorted by count, then name.
func table(b *strings.Builder, name, unit string, counts map[string]int) {
	keys := make([]string, 0, len(counts))
	w := len(name)
	for k := range counts {
		keys = append(keys, k)
		w = max(w, len(k))
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	fmt.Fprintf(b, "  %-*s %s\n", w, name, unit)
	for _, k := range keys {
		fmt.Fprintf(b, "  %-*s %6d\n", w, k, counts[k])
	}
}
