// Package heldout builds a check set of real pages that are not in
// shared/bench, to see whether detection generalises: the real-world test
// pages of Mozilla's Readability as vendored by codeberg.org/readeck/go-readability
// (a dependency of newslint, so they are in the module cache wherever
// newslint builds). Each page's text is what newslint's HTML renderer gives
// for its source.html (every line, no readability); its gold is the text of
// Readability's expected.html, scored as full gold text (shingles).
//
// The gold is Readability's output, not a human's: it favours Readability
// and extractors like it, and keeps what Readability keeps (captions, some
// asides).
package heldout

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/newslint/newslint/eval"
	"github.com/newslint/newslint/htmltext"
)

// Module is the module whose test pages make the set.
const Module = "codeberg.org/readeck/go-readability"

// Page is one page of the set.
type Page struct {
	ID   string
	HTML string // path of source.html
	Text string // rendered text, one line per block, blank lines between blocks
	Gold string // text of Readability's expected output
}

// Default selection bounds on a keep-everything output's F1 against the
// gold: below MinF1 the pair does not match (the gold is not in the page),
// above MaxF1 there is nothing to remove (the suite's unit-test pages).
const (
	MinF1 = 0.05
	MaxF1 = 0.96
)

// Dir returns the directory of the test pages in the module cache, found with
// `go list -m` from the working directory (any directory of a module that
// requires Module).
func Dir() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", Module).Output()
	if err != nil {
		return "", fmt.Errorf("heldout: locating %s: %w", Module, err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "test-pages")
	if _, err := os.Stat(dir); err != nil {
		return "", fmt.Errorf("heldout: %w", err)
	}
	return dir, nil
}

// Load reads the test pages under dir (see Dir) and keeps those whose
// keep-everything F1 lies in [minF1, maxF1], sorted by ID.
func Load(dir string, minF1, maxF1 float64) ([]Page, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var all []Page
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		src := filepath.Join(dir, e.Name(), "source.html")
		html, err1 := os.ReadFile(src)
		exp, err2 := os.ReadFile(filepath.Join(dir, e.Name(), "expected.html"))
		if err1 != nil || err2 != nil {
			continue
		}
		all = append(all, Page{ID: e.Name(), HTML: src, Text: Render(html), Gold: Render(exp)})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	keepAll := map[string]string{}
	for _, p := range all {
		keepAll[p.ID] = p.Text
	}
	r, err := Score(all, keepAll)
	if err != nil {
		return nil, err
	}
	keep := map[string]bool{}
	for _, ps := range r.PerPage {
		if ps.F1 >= minF1 && ps.F1 <= maxF1 {
			keep[ps.ID] = true
		}
	}
	var out []Page
	for _, p := range all {
		if keep[p.ID] {
			out = append(out, p)
		}
	}
	return out, nil
}

// Score scores predicted texts (by page ID) against the pages' gold.
func Score(pages []Page, pred map[string]string) (eval.Result, error) {
	tmp, err := os.MkdirTemp("", "newslint-heldout-")
	if err != nil {
		return eval.Result{}, err
	}
	defer os.RemoveAll(tmp)
	if err := WriteGold(tmp, pages); err != nil {
		return eval.Result{}, err
	}
	g, err := eval.LoadGold(tmp)
	if err != nil {
		return eval.Result{}, err
	}
	return g.Score(pred)[0], nil
}

// WriteGold writes each page's gold text as dir/<id>.txt.
func WriteGold(dir string, pages []Page) error {
	for _, p := range pages {
		if err := os.WriteFile(filepath.Join(dir, p.ID+".txt"), []byte(p.Gold), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Render returns an HTML page's text as newslint's HTML renderer gives it:
// every line, blank lines between blocks as a browser's innerText has them.
func Render(src []byte) string {
	p := htmltext.ParseBytes("page.html", src, htmltext.Options{NoSourceLines: true})
	var b strings.Builder
	for _, l := range p.Lines {
		b.WriteString(l.Text)
		b.WriteByte('\n')
	}
	return b.String()
}
