// Package corpus gathers evidence across the pages of one run: on how many
// pages of each site every line occurs. A line that recurs across a site's
// pages is its template (menus, footers, prompts, author boxes): the
// strongest boilerplate signal there is, and one no single page carries.
//
// Count reads the inputs in a pre-pass and keeps only the counts, hashed:
// pages are parsed, counted and dropped, so memory grows with the number of
// distinct lines, not with the pages. The detector reads the counts through
// detect.Options.SitePages (the site-pages and site-share features), and
// Learner turns them into proposed site rules (`newslint learn`).
package corpus

import (
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/rules"
)

// SiteOf names the site of the pages of target t when their input names
// none (page.Meta.Site, which JSON records and HTML pages take from their
// URL): the first directory level under a directory argument (corpus/
// example.com/a.txt is "example.com"), the argument's own name for files
// directly in it, and the name of the directory of a file argument. One
// folder per site gives each site its name however the folders are named
// on the command line.
func SiteOf(t input.Target) string {
	if t.Path == input.Stdin {
		return ""
	}
	if t.Rel != "" {
		if first, _, ok := strings.Cut(filepath.ToSlash(t.Rel), "/"); ok {
			return first
		}
		return dirName(t.Root)
	}
	return dirName(filepath.Dir(t.Path))
}

// dirName is the last element of directory dir, made absolute first so
// that "." has a name.
func dirName(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	name := filepath.Base(dir)
	if name == string(filepath.Separator) || name == "." {
		return ""
	}
	return name
}

// Counts hold, per site, the number of pages and on how many of them each
// line occurs. Lines are keyed by a 64-bit hash of the site and the line's
// folded words (rules.FoldWords), so a count costs the same whatever the
// length of the line. Counts implement detect.SiteCounts.
type Counts struct {
	mu     sync.Mutex
	lines  map[uint64]uint32
	sites  map[string]int
	bodies map[uint64]bool // pages already counted, by a hash of their text
}

// NewCounts returns empty counts.
func NewCounts() *Counts {
	return &Counts{lines: map[uint64]uint32{}, sites: map[string]int{}, bodies: map[uint64]bool{}}
}

// Pages returns the number of pages of site that hold a line whose folded
// words are folded.
func (c *Counts) Pages(site, folded string) int {
	return int(c.lines[lineKey(site, folded, false)])
}

// ShapePages returns the number of pages of site that hold a line of the
// given shape (see Shape).
func (c *Counts) ShapePages(site, shape string) int {
	return int(c.lines[lineKey(site, shape, true)])
}

// Size returns the number of pages of site.
func (c *Counts) Size(site string) int { return c.sites[site] }

// Sites returns the sites counted, sorted.
func (c *Counts) Sites() []string {
	out := make([]string, 0, len(c.sites))
	for s := range c.sites {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// PageKeys are the keys under which one page's lines are counted: what a
// distributed first pass emits per page, so that it folds and hashes lines
// exactly as Counts does.
type PageKeys struct {
	Site string
	// Body is a hash of the site and the page's folded text: the same
	// article scraped twice has the same Body and is counted once.
	Body uint64
	// Keys are the distinct keys of the page's lines (their folded words,
	// see LineKey) and line shapes (see Shape). Empty for a page without
	// words, which is not counted.
	Keys []uint64
}

// KeysOf returns the keys of page p, which belongs to site.
func KeysOf(p *page.Page, site string) PageKeys {
	pk := PageKeys{Site: site}
	var buf []byte
	body := newHash()
	seen := make(map[uint64]bool, len(p.Lines))
	add := func(k uint64) {
		if !seen[k] {
			seen[k] = true
			pk.Keys = append(pk.Keys, k)
		}
	}
	for _, l := range p.Lines {
		buf = rules.FoldWords(buf[:0], l.Text)
		if len(buf) == 0 {
			continue
		}
		body = addText(body, buf).addByte('\n')
		add(lineKey(site, buf, false))
		if sh, ok := Shape(l.Text); ok {
			add(lineKey(site, sh, true))
		}
	}
	pk.Body = uint64(addText(body, site))
	return pk
}

// LineKey returns the key of a line of site whose folded words
// (rules.FoldWords) are folded.
func LineKey(site, folded string) uint64 { return lineKey(site, folded, false) }

// add counts one page's keys; a page whose text was counted before (the
// same article scraped twice) is not counted again, so that it does not
// make its own lines look like template.
func (c *Counts) add(pk PageKeys) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(pk.Keys) == 0 || c.bodies[pk.Body] {
		return
	}
	c.bodies[pk.Body] = true
	c.sites[pk.Site]++
	for _, k := range pk.Keys {
		c.lines[k]++
	}
}

// Add counts the lines of page p, which belongs to site.
func (c *Counts) Add(p *page.Page, site string) { c.add(KeysOf(p, site)) }

// Config says what Count reads.
type Config struct {
	Walk    input.WalkOptions
	Read    input.Options
	Workers int // 0: one per CPU
	// Site names the site of pages whose input names none (default SiteOf).
	Site func(input.Target) string
}

// ErrStdin is returned by Count for standard input, which cannot be read
// twice.
var ErrStdin = errors.New("corpus mode reads the inputs twice and cannot read standard input; save it to a file")

// Count reads every page under args, as the runner would, and counts its
// lines per site. Files and records that cannot be read are skipped: the
// scoring pass reports them.
func Count(ctx context.Context, cfg Config, args []string) (*Counts, error) {
	if slices.Contains(args, input.Stdin) {
		return nil, ErrStdin
	}
	site := cfg.Site
	if site == nil {
		site = SiteOf
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type unit struct {
		t input.Target
		u input.Unit
	}
	units := make(chan unit, workers*4)
	c := NewCounts()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range units {
				p, err := u.u.Parse()
				if err != nil || p == nil {
					continue
				}
				s := p.Meta.Site
				if s == "" {
					s = site(u.t)
				}
				c.add(KeysOf(p, s))
			}
		}()
	}
	err := input.Walk(args, cfg.Walk, func(t input.Target) error {
		if t.Err != nil {
			return nil
		}
		// A file that cannot be read, or not to its end, is reported by
		// the scoring pass: count what could be read.
		_ = input.Units(t, cfg.Read, func(u input.Unit) error {
			if u.Parse == nil {
				return nil
			}
			select {
			case units <- unit{t, u}:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
		return ctx.Err()
	})
	close(units)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Shape returns a regular expression that matches the line and every line
// that differs from it only in its numbers and spaces ("Seite 2 von 5",
// "© 2024 Example GmbH"): runs of digits become \d+, runs of spaces \s+,
// letters are lower case (rule patterns ignore case). ok is false for lines
// without digits and for lines without a word of two letters, such as a
// bare date.
func Shape(text string) (shape string, ok bool) {
	var b strings.Builder
	b.WriteByte('^')
	digits, word := false, false
	run := 0 // letters in a row
	prevDigit, space := false, false
	for _, r := range strings.TrimSpace(text) {
		if unicode.IsSpace(r) {
			space, prevDigit, run = true, false, 0
			continue
		}
		if space {
			b.WriteString(`\s+`)
			space = false
		}
		if '0' <= r && r <= '9' {
			if !prevDigit {
				b.WriteString(`\d+`)
			}
			prevDigit, digits, run = true, true, 0
			continue
		}
		prevDigit = false
		if unicode.IsLetter(r) {
			if run++; run >= 2 {
				word = true
			}
		} else {
			run = 0
		}
		b.WriteString(regexp.QuoteMeta(string(unicode.ToLower(r))))
	}
	if !digits || !word {
		return "", false
	}
	b.WriteByte('$')
	return b.String(), true
}
