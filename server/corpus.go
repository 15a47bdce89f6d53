package server

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/page"
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
	Site   string // grouping key for the corpus view
	Format input.Format
	Page   *page.Page
	// Source is the file as read, kept for HTML pages so that the page view
	// can show the rendered lines beside their source; nil for text.
	Source []byte
}

// corpus is every page the server was started on, in input order.
type corpus struct {
	docs []*doc
	byID map[string]*doc
	// errs are the files or records that could not be read.
	errs []string
}

// loadCorpus reads every page under paths. Files whose absolute path is in
// skip (the rules and labels files) are left out. Units are parsed on
// workers goroutines.
func loadCorpus(paths []string, walk input.WalkOptions, read input.Options, skip []string, workers int) (*corpus, error) {
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
	c := &corpus{byID: map[string]*doc{}}
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
	parallel(len(units), workers, func(i int) { pages[i], errs[i] = units[i].u.Parse() })

	for i, un := range units {
		if errs[i] != nil {
			c.errs = append(c.errs, errs[i].Error())
			continue
		}
		format := input.FormatOf(un.t.Path)
		if read.Format != nil {
			format = *read.Format
		}
		d := &doc{Path: un.t.Path, Rel: filepath.ToSlash(un.t.Rel), Format: format, Page: pages[i]}
		if format == input.HTML {
			d.Source = un.u.Raw
		}
		d.Site = siteOf(d)
		c.add(d, un.u.Record)
	}
	if len(c.docs) == 0 {
		if len(c.errs) > 0 {
			return nil, fmt.Errorf("no page could be read: %s", c.errs[0])
		}
		return nil, fmt.Errorf("no pages found in %s (extensions %s)", strings.Join(paths, ", "), strings.Join(walk.Extensions, ", "))
	}
	return c, nil
}

// add gives d its ID and appends it.
func (c *corpus) add(d *doc, record int) {
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
var hostPrefix = regexp.MustCompile(`^((?:[a-z0-9-]+\.)+?[a-z]{2,6})(?:[._-]|$)`)

// siteOf returns the key the corpus view groups d under: the site the input
// named, else the host of its URL, else a host name the file name starts
// with, else the directory it was found in.
func siteOf(d *doc) string {
	m := d.Page.Meta
	if m.Site != "" {
		return m.Site
	}
	if m.URL != "" {
		if u, err := url.Parse(m.URL); err == nil && u.Host != "" {
			return strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	base := strings.ToLower(filepath.Base(d.Path))
	if h := hostPrefix.FindStringSubmatch(base); h != nil && !isFileExt(h[1]) {
		return strings.TrimPrefix(h[1], "www.")
	}
	if dir := filepath.Dir(filepath.FromSlash(d.Rel)); d.Rel != "" && dir != "." {
		return filepath.ToSlash(dir)
	}
	return "(no site)"
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
