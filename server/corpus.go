package server

import (
	"context"
	"fmt"
	"github.com/newslint/newslint/runner"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/newslint/newslint/corpus"
	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/rules"
)

// doc is one page of the corpus, read and parsed once when the server starts.
type doc struct {
	// ID names the page in URLs and in the labels file: the file name
	// without its extension (as eval keys pages), made unique with the
	// path relative to the argument when two files share a name, and with
	// ":<record>" for a record of a JSON file.
	ID     string
	Path   string // as found by input.Walk
	Rel    string // slash path relative to its argument ("" for a file argument)
	Group  string // the site the corpus view groups it under
	Format input.Format
	Page   *page.Page
	// Source is the file as read, kept for HTML pages so that the page view
	// can show the rendered lines beside their source; nil for text.
	Source []byte
	// text is the page's text in the forms rules match on.
	text textIndex
}

// textIndex holds a page's text in the two folded forms that patterns and
// phrases are matched on, so that re-scoring can pass over the pages on
// which a new pattern or phrase rule cannot fire.
type textIndex struct {
	caseFolded string // rules.FoldCase of every line, as prefilters see it
	words      string // rules.FoldWords of every line, as phrases see it
}

func newTextIndex(p *page.Page) textIndex {
	var cf, w []byte
	for _, l := range p.Lines {
		cf = rules.AppendFoldCase(cf, spaced(l.Text))
		cf = append(cf, '\n')
		w = rules.FoldWords(w, l.Text)
		w = append(w, '\n')
	}
	return textIndex{string(cf), string(w)}
}

// spaced maps the Unicode spaces outside ASCII to a plain space, as the
// detector does before matching patterns.
func spaced(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= utf8.RuneSelf && unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
}

// mayFire reports whether rule r can fire on some line of the page: false
// only when r needs a pattern none of whose prefilter literals occurs in the
// page, or a phrase that does not occur in it.
func (x *textIndex) mayFire(r *rules.Rule) bool {
	switch {
	case r.Kind == rules.Duplicate:
		return true
	case len(r.Patterns) > 0:
		for k := range r.Patterns {
			if k >= len(r.Prefilters) || r.Prefilters[k] == nil || r.Prefilters[k].Pass(x.caseFolded) {
				return true
			}
		}
		return false
	case len(r.Phrases) > 0:
		for _, ph := range r.Phrases {
			if strings.Contains(x.words, ph) {
				return true
			}
		}
		return false
	}
	return true
}

// memCorpus is every page the server was started on, in input order.
type memCorpus struct {
	docs []*doc
	byID map[string]*doc
	// errs are the files or records that could not be read.
	errs []string
	// detect are the detector options of every page: in corpus mode, the
	// counts of lines across each site's pages.
	detect detect.Options
}

// reading says how loadCorpus reads the pages, as runner.Run would.
type reading struct {
	walk input.WalkOptions
	read input.Options
	// site names the site of a page whose input names none (runner.Config.Site).
	site func(input.Target) string
	// corpusMode counts the lines that recur across each site's pages
	// (runner.Config.Corpus).
	corpusMode bool
	// skip are files left out (the rules and labels files).
	skip    []string
	workers int
}

// loadCorpus reads every page under paths and prepares each as runner.Run
// does before scoring it (record number, site). Units are parsed on every
// core.
func loadCorpus(paths []string, rd reading) (*memCorpus, error) {
	walk, read, skip, workers := rd.walk, rd.read, rd.skip, rd.workers
	skipped := map[string]bool{}
	for _, s := range skip {
		if abs, err := filepath.Abs(s); err == nil {
			skipped[abs] = true
		}
	}
	type unit struct {
		t input.Target
		u input.Unit
	}
	c := &memCorpus{byID: map[string]*doc{}}
	var units []unit
	err := input.Walk(paths, walk, func(t input.Target) error {
		if t.Err != nil {
			c.errs = append(c.errs, t.Err.Error())
			return nil
		}
		if t.Path == input.Stdin {
			c.errs = append(c.errs, "standard input cannot be served: name files or directories")
			return nil
		}
		if abs, err := filepath.Abs(t.Path); err == nil && skipped[abs] {
			return nil
		}
		err := input.Units(t, read, func(u input.Unit) error {
			units = append(units, unit{t, u})
			return nil
		})
		if err != nil {
			c.errs = append(c.errs, err.Error())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	pages := make([]*page.Page, len(units))
	errs := make([]error, len(units))
	texts := make([]textIndex, len(units))
	parallel(len(units), workers, func(i int) {
		if pages[i], errs[i] = units[i].u.Parse(); errs[i] == nil {
			texts[i] = newTextIndex(pages[i])
		}
	})

	for i, un := range units {
		if errs[i] != nil {
			c.errs = append(c.errs, errs[i].Error())
			continue
		}
		p := pages[i]
		if p.Record == 0 {
			p.Record = un.u.Record
		}
		named := p.Meta.Site
		if p.Meta.Site == "" && rd.site != nil {
			p.Meta.Site = rd.site(un.t)
		}
		format := input.FormatOf(un.t.Path)
		if read.Format != nil {
			format = *read.Format
		}
		d := &doc{Path: un.t.Path, Rel: filepath.ToSlash(un.t.Rel), Format: format, Page: p, text: texts[i]}
		if format == input.HTML {
			d.Source = un.u.Raw
		}
		d.Group = groupOf(d, named)
		c.add(d, un.u.Record)
	}
	if rd.corpusMode {
		site := rd.site
		if site == nil {
			site = corpus.SiteOf
		}
		counts, err := corpus.Count(context.Background(), corpus.Config{Walk: walk, Read: read, Workers: workers, Site: site}, paths)
		if err != nil {
			return nil, err
		}
		c.detect.SitePages = counts
	}
	if len(c.docs) == 0 {
		if len(c.errs) > 0 {
			return nil, fmt.Errorf("no page could be read: %s", c.errs[0])
		}
		exts := walk.Extensions
		if len(exts) == 0 {
			exts = input.DefaultExtensions
		}
		return nil, fmt.Errorf("no pages found in %s (extensions %s)", strings.Join(paths, ", "), strings.Join(exts, ", "))
	}
	return c, nil
}

// add gives d its ID and appends it.
func (c *memCorpus) add(d *doc, record int) {
	base := filepath.Base(d.Path)
	id := strings.TrimSuffix(base, filepath.Ext(base))
	if _, taken := c.byID[id]; taken && d.Rel != "" {
		id = strings.TrimSuffix(d.Rel, filepath.Ext(d.Rel))
	}
	if record > 0 {
		id += ":" + strconv.Itoa(record)
	}
	if c.byID[id] != nil {
		for n := 2; ; n++ {
			if cand := fmt.Sprintf("%s~%d", id, n); c.byID[cand] == nil {
				id = cand
				break
			}
		}
	}
	d.ID = id
	c.docs = append(c.docs, d)
	c.byID[id] = d
}

// hostPrefix finds a host name at the start of a file name such as
// "example.com-some-story" or "1337kultur.de.picard".
var hostPrefix = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^((?:[a-z0-9-]+\.)+?[a-z]{2,6})(?:[._-]|$)`) })

// groupOf returns the site the corpus view groups d under: the site its
// input named (the URL host of an HTML page or JSON record), else a host
// name the file name starts with ("example.com-story.txt"), else the site
// the run gave it (the folder, as corpus.SiteOf names it).
func groupOf(d *doc, named string) string {
	if named != "" {
		return strings.TrimPrefix(named, "www.")
	}
	if u := d.Page.Meta.URL; u != "" {
		if pu, err := url.Parse(u); err == nil && pu.Host != "" {
			return strings.TrimPrefix(pu.Hostname(), "www.")
		}
	}
	base := strings.ToLower(filepath.Base(d.Path))
	if h := hostPrefix().FindStringSubmatch(base); h != nil && !isFileExt(h[1]) {
		return strings.TrimPrefix(h[1], "www.")
	}
	if d.Page.Meta.Site != "" {
		return d.Page.Meta.Site
	}
	return "(no site)"
}

// options returns the detector options for page i under the settings of
// set: the corpus counts, and the rules its path switches off.
func (c *memCorpus) options(i int, set *rules.Set) detect.Options {
	opt := c.detect
	opt.Disabled = runner.DisabledFor(set.Settings.Overrides, c.docs[i].Path)
	return opt
}

// isFileExt reports whether a host-looking name is only a file name with
// its extension ("page.txt").
func isFileExt(h string) bool {
	switch filepath.Ext(h) {
	case ".txt", ".html", ".htm", ".json", ".jsonl", ".xhtml", ".ndjson":
		return true
	}
	return false
}
