// Command heldout builds a benchmark folder of pages that are not in
// shared/bench, for checking that detection generalises: the real-world test
// pages of Mozilla's Readability (as vendored by
// codeberg.org/readeck/go-readability, a dependency of this module), each
// page's source.html as html/<id>.html, its text as innertext/<id>.txt, and
// the text of Readability's expected.html as gold/<id>.txt (full gold text,
// scored by shingles).
//
// The gold is Readability's output, not a human's: it favours Readability
// and extractors like it on HTML, and holds what Readability keeps (image
// captions, some asides). The innertext is rendered by newslint's own HTML
// renderer (no browser), every line kept.
//
// Pages are kept when there is something to remove and the pair is usable:
// a keep-everything output scores F1 between 0.05 and 0.96 against the gold
// (the suite's unit-test pages are whole articles, F1 near 1; a few pairs do
// not match at all, F1 near 0).
//
//	go run ./cmd/heldout -out /tmp/heldout     # writes /tmp/heldout/readeck
//	newslint eval /tmp/heldout/readeck          # text only
//	go run ./cmd/bench peers -bench /tmp/heldout -sets readeck
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/newslint/newslint/eval"
	"github.com/newslint/newslint/htmltext"
)

const module = "codeberg.org/readeck/go-readability"

func main() {
	out := flag.String("out", "", "directory to write the set into (as OUT/readeck)")
	minF1 := flag.Float64("min-f1", 0.05, "drop pages whose keep-everything F1 is below this (gold not in the page)")
	maxF1 := flag.Float64("max-f1", 0.96, "drop pages whose keep-everything F1 is above this (nothing to remove)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: heldout -out DIR")
		os.Exit(2)
	}
	if err := run(filepath.Join(*out, "readeck"), *minF1, *maxF1); err != nil {
		fmt.Fprintln(os.Stderr, "heldout:", err)
		os.Exit(1)
	}
}

func run(dir string, minF1, maxF1 float64) error {
	mod, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	if err != nil {
		return fmt.Errorf("locating %s (run from bench/): %w", module, err)
	}
	pagesDir := filepath.Join(strings.TrimSpace(string(mod)), "test-pages")
	ents, err := os.ReadDir(pagesDir)
	if err != nil {
		return err
	}
	type pair struct{ id, text, gold string }
	var pairs []pair
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		src, err1 := os.ReadFile(filepath.Join(pagesDir, e.Name(), "source.html"))
		exp, err2 := os.ReadFile(filepath.Join(pagesDir, e.Name(), "expected.html"))
		if err1 != nil || err2 != nil {
			continue
		}
		pairs = append(pairs, pair{e.Name(), render(src), render(exp)})
	}
	// Score keeping every line, page by page, to select the pages.
	tmp, err := os.MkdirTemp("", "heldout-gold-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	pred := map[string]string{}
	for _, p := range pairs {
		if err := os.WriteFile(filepath.Join(tmp, p.id+".txt"), []byte(p.gold), 0o644); err != nil {
			return err
		}
		pred[p.id] = p.text
	}
	gold, err := eval.LoadGold(tmp)
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, ps := range gold.Score(pred)[0].PerPage {
		if ps.F1 >= minF1 && ps.F1 <= maxF1 {
			keep[ps.ID] = true
		}
	}
	for _, sub := range []string{"html", "innertext", "gold"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return err
		}
	}
	var index bytes.Buffer
	index.WriteString("id\turl\tlang\tsource\n")
	sort.Slice(pairs, func(i, j int) bool { return pairs[i].id < pairs[j].id })
	n := 0
	for _, p := range pairs {
		if !keep[p.id] {
			continue
		}
		n++
		if err := copyFile(filepath.Join(pagesDir, p.id, "source.html"), filepath.Join(dir, "html", p.id+".html")); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "innertext", p.id+".txt"), []byte(p.text), 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "gold", p.id+".txt"), []byte(p.gold), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(&index, "%s\t\t\thtml/%s.html\n", p.id, p.id)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.tsv"), index.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "heldout: %d of %d pages written to %s\n", n, len(pairs), dir)
	return nil
}

// render returns the page's text, a line per rendered block, as newslint's
// HTML renderer gives it: every line, blank lines between blocks as a
// browser's innerText has them (no readability).
func render(src []byte) string {
	p := htmltext.ParseBytes("page.html", src, htmltext.Options{NoSourceLines: true})
	var b strings.Builder
	for _, l := range p.Lines {
		b.WriteString(l.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}
