package fit

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/newslint/newslint/eval"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/page"
)

// Example is one page with gold, ready for fitting and scoring.
type Example struct {
	Set  string // the benchmark folder's name
	ID   string // page id: the file name without extension
	Site string // the site the page is from (see SiteKey)
	Type string // page type from the folder's index ("article", "forum" …); "" when not given
	Lang string // language from the folder's index (ISO 639-1, a guess); "" when not given
	Page *page.Page
	Gold *eval.Gold // the gold of the page's folder
	// Targets are the gold's targets for the page's lines, by line index
	// (Line.Num - 1).
	Targets []eval.Target
	Method  eval.Method
}

// NewExample makes the example of page p, named id in gold, of the set
// and site given, with the gold's targets for its lines; ok is false when
// gold says nothing of the page.
func NewExample(set, id, site string, p *page.Page, gold *eval.Gold) (ex *Example, ok bool) {
	texts := make([]string, len(p.Lines))
	for i, l := range p.Lines {
		texts[i] = l.Text
	}
	ts, m, ok := gold.Targets(id, texts)
	return &Example{Set: set, ID: id, Site: site, Page: p, Gold: gold, Targets: ts, Method: m}, ok
}

// LoadOptions say which pages of a benchmark folder to read and how.
type LoadOptions struct {
	// HTML reads the folder's html/ pages (<id>.html or <id>.html.gz)
	// instead of its innertext/ (<id>.txt).
	HTML bool
	// Readability enables the readability library as evidence for HTML.
	Readability bool
}

// LoadBench reads a benchmark folder: gold/ (see eval.LoadGold), the
// pages (innertext/<id>.txt, or html/<id>.html[.gz]), and index.tsv if
// present (tab-separated, a header row naming the columns: id, url, and
// optionally page_type and lang), which gives each page its site, type
// and language. Pages
// without gold are skipped; a gold page without a page file is an error.
func LoadBench(dir string, opt LoadOptions) ([]*Example, error) {
	gold, err := eval.LoadGold(filepath.Join(dir, "gold"))
	if err != nil {
		return nil, err
	}
	index, err := readIndex(filepath.Join(dir, "index.tsv"))
	if err != nil {
		return nil, err
	}
	name := filepath.Base(filepath.Clean(dir))
	ids := gold.IDs()
	exs := make([]*Example, len(ids))
	errs := make([]error, len(ids))
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				k := next
				next++
				mu.Unlock()
				if k >= len(ids) {
					return
				}
				id := ids[k]
				row := index[id]
				p, err := readPage(dir, id, row.url, opt)
				if err != nil {
					errs[k] = err
					continue
				}
				site := SiteKey(row.url)
				if site == "" {
					site = siteFromID(id)
				}
				exs[k], _ = NewExample(name, id, site, p, gold)
				exs[k].Type, exs[k].Lang = row.typ, row.lang
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return exs, nil
}

type indexRow struct{ url, typ, lang string }

// readIndex reads index.tsv; a missing file gives an empty index.
func readIndex(path string) (map[string]indexRow, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return map[string]indexRow{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("fit: %w", err)
	}
	defer f.Close()
	out := map[string]indexRow{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	col := map[string]int{}
	for n := 1; sc.Scan(); n++ {
		cells := strings.Split(sc.Text(), "\t")
		if n == 1 {
			for i, c := range cells {
				col[c] = i
			}
			if _, ok := col["id"]; !ok {
				return nil, fmt.Errorf("fit: %s:1: no \"id\" column in the header", path)
			}
			continue
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(cells) {
				return cells[i]
			}
			return ""
		}
		out[get("id")] = indexRow{url: get("url"), typ: get("page_type"), lang: get("lang")}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("fit: %s: %w", path, err)
	}
	return out, nil
}

// readPage reads and parses one page of a benchmark folder.
func readPage(dir, id, pageURL string, opt LoadOptions) (*page.Page, error) {
	if !opt.HTML {
		path := filepath.Join(dir, "innertext", id+".txt")
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("fit: %w", err)
		}
		return input.ParseText(path, data), nil
	}
	path := filepath.Join(dir, "html", id+".html")
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		data, err = readGzip(path + ".gz")
	}
	if err != nil {
		return nil, fmt.Errorf("fit: %w", err)
	}
	if _, err := url.Parse(pageURL); err != nil || !strings.HasPrefix(pageURL, "http") {
		pageURL = ""
	}
	return input.ParseHTML(path, data, input.Options{Readability: opt.Readability, URL: pageURL, NoSourceLines: true})
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return data, nil
}

// SiteKey returns the site of a page URL for grouping pages by site: the
// host without "www"-like prefixes, cut to its registrable part (the last
// two labels, three under a two-letter country code whose second level is
// generic, as in "bbc.co.uk"); for an archived page
// (web.archive.org/web/<time>/<url>) the site of the archived URL. It
// returns "" when raw is not an http(s) URL.
func SiteKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	if host == "web.archive.org" {
		parts := strings.SplitN(strings.TrimPrefix(u.Path, "/web/"), "/", 2)
		if len(parts) == 2 {
			inner := parts[1]
			if !strings.Contains(inner, "://") {
				inner = "http://" + inner
			} else {
				inner = strings.Replace(inner, ":/", "://", 1)
				inner = strings.Replace(inner, ":///", "://", 1)
			}
			if s := SiteKey(inner); s != "" {
				return s
			}
		}
	}
	return registrable(host)
}

// genericSLD are second-level labels under which a country code's sites
// register (co.uk, com.au …).
var genericSLD = map[string]bool{"co": true, "com": true, "org": true, "net": true, "ac": true, "gov": true, "edu": true, "or": true, "ne": true, "go": true}

func registrable(host string) string {
	labels := strings.Split(host, ".")
	n := 2
	if len(labels) >= 3 && len(labels[len(labels)-1]) == 2 && genericSLD[labels[len(labels)-2]] {
		n = 3
	}
	if len(labels) <= n {
		return host
	}
	return strings.Join(labels[len(labels)-n:], ".")
}

// siteFromID guesses the site of a page whose index gives no URL from its
// id, which benchmark folders often start with the host ("zeit.de.zug…",
// "elfaro.net-asamblea"): the id up to its first '-' or '_', cut to a
// registrable host.
func siteFromID(id string) string {
	s := id
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	// "mercurynews.com.2023.01.16.letters": keep the labels up to the
	// first that is a top-level domain.
	labels := strings.Split(strings.ToLower(s), ".")
	for i := 1; i < len(labels); i++ {
		if tld[labels[i]] || len(labels[i]) == 2 {
			return registrable(strings.Join(labels[:i+1], "."))
		}
	}
	return strings.ToLower(s)
}

var tld = map[string]bool{"com": true, "org": true, "net": true, "info": true, "edu": true, "gov": true, "io": true, "news": true, "blog": true}

// Sites returns the distinct sites of exs, sorted.
func Sites(exs []*Example) []string {
	seen := map[string]bool{}
	for _, e := range exs {
		seen[e.Site] = true
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
