package corpus

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/rules"
)

// Learner collects, from the scored pages of a run, the lines that recur
// across each site's pages (and the line shapes that recur with other
// numbers), for WriteRules to propose as site rules.
type Learner struct {
	// Counts are the pre-pass counts of the same run.
	Counts *Counts
	// MinPages and MinShare are how many of a site's pages, and which
	// share of them, a line must be found on.
	MinPages int
	MinShare float64

	sites map[string]*siteLearn
	seq   int
}

type siteLearn struct {
	lines   map[string]*Recurring // by folded words
	shapes  map[string]*Recurring // by pattern
	noMatch string                // a line of article text found on one page only
}

// Recurring is a line, or a line shape, found on many pages of one site.
type Recurring struct {
	Text    string // the line as first seen
	Pattern string // for a shape: the regular expression its lines match
	Pages   int    // pages of the site that hold it
	Kept    int    // pages on which the rules keep it (title or content)
	meta    int    // lines the rules label meta (datelines, bylines)
	seen    int    // lines seen
	first   int    // order of first sight
	variant string // for a shape: a second text seen, if any
}

// Add takes the verdicts of one scored page.
func (l *Learner) Add(res *detect.Result) {
	site := res.Page.Meta.Site
	size := l.Counts.Size(site)
	if size < l.MinPages || size == 0 {
		return
	}
	if l.sites == nil {
		l.sites = map[string]*siteLearn{}
	}
	sl := l.sites[site]
	if sl == nil {
		sl = &siteLearn{lines: map[string]*Recurring{}, shapes: map[string]*Recurring{}}
		l.sites[site] = sl
	}
	often := func(n int) bool { return n >= l.MinPages && float64(n) >= l.MinShare*float64(size) }
	kept := map[*Recurring]bool{}
	note := func(r *Recurring, v *detect.Verdict) {
		r.seen++
		if v.Label == rules.Meta {
			r.meta++
		}
		if (v.Label == rules.Content || v.Label == rules.Title) && !kept[r] {
			kept[r] = true
			r.Kept++
		}
	}
	var buf []byte
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		buf = rules.FoldWords(buf[:0], v.Text)
		if len(buf) == 0 {
			continue
		}
		folded := string(buf)
		n := l.Counts.Pages(site, folded)
		if often(n) {
			r := sl.lines[folded]
			if r == nil {
				l.seq++
				r = &Recurring{Text: strings.TrimSpace(v.Text), Pages: n, first: l.seq}
				sl.lines[folded] = r
			}
			note(r, v)
			continue
		}
		// Shapes of lines that are mostly digits are dates and times: the
		// dateline rules judge them, and a page's own date is meta.
		if shape, ok := Shape(v.Text); ok && v.Features[rules.FDigitRatio] < maxShapeDigits {
			if n := l.Counts.ShapePages(site, shape); often(n) {
				r := sl.shapes[shape]
				text := strings.TrimSpace(v.Text)
				if r == nil {
					l.seq++
					r = &Recurring{Text: text, Pattern: shape, Pages: n, first: l.seq}
					sl.shapes[shape] = r
				} else if r.variant == "" && text != r.Text {
					r.variant = text
				}
				note(r, v)
				continue
			}
		}
		if sl.noMatch == "" && n <= 1 && v.Label == rules.Content && v.Features[rules.FWords] >= 12 {
			sl.noMatch = strings.TrimSpace(v.Text)
		}
	}
}

// maxShapeDigits is the share of digits from which a line's shape is not
// learnt.
const maxShapeDigits = 0.25

// SiteRules are the proposed rules for one site.
type SiteRules struct {
	Site  string
	Pages int
	// Lines recur word for word; Shapes recur with other numbers.
	Lines, Shapes []*Recurring
	// NoMatch is a line of the site's article text, for the examples.
	NoMatch string
}

// Sites returns what was learnt, site by site in order of their names.
// Lines the rules label meta on most pages (datelines, bylines) are left
// out, as are shapes seen with one text only (their line is in Lines).
func (l *Learner) Sites() []SiteRules {
	names := make([]string, 0, len(l.sites))
	for s := range l.sites {
		names = append(names, s)
	}
	sort.Strings(names)
	var out []SiteRules
	for _, name := range names {
		sl := l.sites[name]
		sr := SiteRules{Site: name, Pages: l.Counts.Size(name), NoMatch: sl.noMatch}
		for _, r := range sl.lines {
			if 2*r.meta <= r.seen {
				sr.Lines = append(sr.Lines, r)
			}
		}
		for _, r := range sl.shapes {
			if 2*r.meta <= r.seen && r.variant != "" {
				sr.Shapes = append(sr.Shapes, r)
			}
		}
		if len(sr.Lines)+len(sr.Shapes) == 0 {
			continue
		}
		for _, rs := range [][]*Recurring{sr.Lines, sr.Shapes} {
			sort.Slice(rs, func(i, j int) bool {
				if rs[i].Pages != rs[j].Pages {
					return rs[i].Pages > rs[j].Pages
				}
				return rs[i].first < rs[j].first
			})
		}
		out = append(out, sr)
	}
	return out
}

// learnedWeight is the weight of proposed rules: enough to drop a line the
// other rules keep as a paragraph inside the article.
const learnedWeight = 6

// fallbackNoMatch is the no-match example when a site shows no article line.
const fallbackNoMatch = "A sentence of article text that no page of the site repeats."

// WriteRules writes proposed rules for sites as a rules file that extends
// the default rules: per site a phrases rule (match: line) for the lines
// and a pattern rule for the shapes, restricted to the site (sites:), with
// lines from the pages as examples and, beside each line, the number of
// the site's pages it was found on.
func WriteRules(w io.Writer, sites []SiteRules, minPages int, minShare float64) error {
	var b strings.Builder
	total := 0
	for _, s := range sites {
		total += s.Pages
	}
	fmt.Fprintf(&b, "# Site rules proposed by `newslint learn` from %s of %s: lines found on\n", plural(total, "page"), plural(len(sites), "site"))
	fmt.Fprintf(&b, "# at least %d pages and %.0f%% of the pages of their site are template, not article\n", minPages, 100*minShare)
	b.WriteString("# text. Review them: delete lines that are article text (\"kept on N\" says on how\n")
	b.WriteString("# many pages the rules keep a line today), then pass this file with --config, or\n")
	b.WriteString("# merge its rules into your rules file.\n")
	b.WriteString("version: 1\nextends: default\n")
	if len(sites) == 0 {
		b.WriteString("rules: []\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	b.WriteString("rules:\n")
	ids := map[string]bool{}
	for _, s := range sites {
		slug := siteSlug(s.Site)
		noMatch := s.NoMatch
		if noMatch == "" {
			noMatch = fallbackNoMatch
		}
		if len(s.Lines) > 0 {
			id := uniqueID("site-"+slug+"-template", ids)
			fmt.Fprintf(&b, "\n  # %s: %s, %s\n", s.Site, plural(s.Pages, "page"), plural(len(s.Lines), "recurring line"))
			fmt.Fprintf(&b, "  - id: %s\n    kind: phrases\n    match: line\n    label: noise\n    category: template\n    weight: %d\n", id, learnedWeight)
			fmt.Fprintf(&b, "    sites: [%s]\n", yamlQuote(siteGlob(s.Site)))
			fmt.Fprintf(&b, "    description: %s\n", yamlQuote(fmt.Sprintf("Lines that recur on the pages of %s: its template (learnt from %d pages).", s.Site, s.Pages)))
			b.WriteString("    phrases:\n")
			for _, r := range s.Lines {
				fmt.Fprintf(&b, "      - %s  # %s\n", yamlQuote(r.Text), pagesNote(r, s.Pages))
			}
			b.WriteString("    examples:\n      match:\n")
			for _, r := range s.Lines[:min(3, len(s.Lines))] {
				fmt.Fprintf(&b, "        - %s\n", yamlQuote(r.Text))
			}
			fmt.Fprintf(&b, "      no-match:\n        - %s\n", yamlQuote(noMatchFor(noMatch, s.Lines, nil)))
		}
		if len(s.Shapes) > 0 {
			id := uniqueID("site-"+slug+"-template-shapes", ids)
			fmt.Fprintf(&b, "\n  # %s: %s with numbers that change from page to page\n", s.Site, plural(len(s.Shapes), "recurring line"))
			fmt.Fprintf(&b, "  - id: %s\n    kind: pattern\n    label: noise\n    category: template\n    weight: %d\n", id, learnedWeight)
			fmt.Fprintf(&b, "    sites: [%s]\n", yamlQuote(siteGlob(s.Site)))
			fmt.Fprintf(&b, "    description: %s\n", yamlQuote(fmt.Sprintf("Lines that recur with other numbers on the pages of %s: its template (learnt from %d pages).", s.Site, s.Pages)))
			b.WriteString("    patterns:\n")
			for _, r := range s.Shapes {
				fmt.Fprintf(&b, "      - %s  # %s, e.g. %s\n", singleQuote(r.Pattern), pagesNote(r, s.Pages), yamlQuote(r.Text))
			}
			b.WriteString("    examples:\n      match:\n")
			for _, r := range s.Shapes[:min(3, len(s.Shapes))] {
				fmt.Fprintf(&b, "        - %s\n", yamlQuote(r.Text))
			}
			fmt.Fprintf(&b, "      no-match:\n        - %s\n", yamlQuote(noMatchFor(noMatch, nil, s.Shapes)))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// plural writes n and noun, with an s for n other than 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// pagesNote says on how many pages a line was found, and kept.
func pagesNote(r *Recurring, pages int) string {
	note := fmt.Sprintf("%d of %d pages", r.Pages, pages)
	if r.Kept > 0 {
		note += fmt.Sprintf(", kept on %d", r.Kept)
	}
	return note
}

// noMatchFor returns line unless the proposed lines or shapes match it.
func noMatchFor(line string, lines, shapes []*Recurring) string {
	folded := string(rules.FoldWords(nil, line))
	for _, r := range lines {
		if string(rules.FoldWords(nil, r.Text)) == folded {
			return fallbackNoMatch
		}
	}
	for _, r := range shapes {
		if re, err := regexp.Compile("(?i)" + r.Pattern); err == nil && re.MatchString(strings.TrimSpace(line)) {
			return fallbackNoMatch
		}
	}
	return line
}

var nonSlug = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[^a-z0-9]+`) })

// siteSlug makes a site name fit a rule id.
func siteSlug(site string) string {
	s := strings.Trim(nonSlug().ReplaceAllString(strings.ToLower(site), "-"), "-")
	if s == "" {
		s = "unnamed"
	}
	return s
}

func uniqueID(id string, used map[string]bool) string {
	out := id
	for i := 2; used[out]; i++ {
		out = fmt.Sprintf("%s-%d", id, i)
	}
	used[out] = true
	return out
}

// siteGlob escapes the glob characters of a site name.
func siteGlob(site string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(site) {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// yamlQuote writes s as a YAML double-quoted string (Go's escapes are
// YAML's).
func yamlQuote(s string) string { return strconv.Quote(s) }

// singleQuote writes s as a YAML single-quoted string, where a regular
// expression's backslashes need no escaping.
func singleQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
