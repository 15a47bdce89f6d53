package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Gold is the loaded gold of one set of pages, for one or more methods; it
// is read-only once loaded, so Score may be called from several goroutines.
type Gold struct {
	shingles map[string]*shingled    // page ID → shingled gold text
	snippets map[string]*snippetPage // page ID → snippets
	labels   map[string][]labelLine  // page ID → labelled lines in page order
}

func newGold() *Gold {
	return &Gold{
		shingles: make(map[string]*shingled),
		snippets: make(map[string]*snippetPage),
		labels:   make(map[string][]labelLine),
	}
}

// LoadGold reads a gold set. path is a directory whose <id>.txt files are
// full gold texts (Shingles), <id>.json files snippet gold (Snippets) and
// *.jsonl files labels files (Labels, see LoadLabels); other files are
// ignored. A directory with a "gold" subdirectory is read from that
// subdirectory instead, so a benchmark folder can be given as is.
// path may also be a single .jsonl labels file.
func LoadGold(path string) (*Gold, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	if !fi.IsDir() {
		if filepath.Ext(path) != ".jsonl" {
			return nil, fmt.Errorf("eval: %s: not a gold directory or a .jsonl labels file", path)
		}
		return LoadLabels(path)
	}
	if fi, err := os.Stat(filepath.Join(path, "gold")); err == nil && fi.IsDir() {
		path = filepath.Join(path, "gold")
	}
	g, n, err := loadGoldDir(path)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, fmt.Errorf("eval: %s: no gold files (<id>.txt, <id>.json or *.jsonl)", path)
	}
	return g, nil
}

// loadGoldDir reads the gold files of dir and returns how many it read.
func loadGoldDir(dir string) (*Gold, int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, 0, fmt.Errorf("eval: %w", err)
	}
	g := newGold()
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(name, ".") {
			continue
		}
		path := filepath.Join(dir, name)
		ext := filepath.Ext(name)
		id := strings.TrimSuffix(name, ext)
		switch ext {
		case ".txt":
			data, err := os.ReadFile(path)
			if err != nil {
				return nil, 0, fmt.Errorf("eval: %w", err)
			}
			g.shingles[id] = shingle(string(data))
		case ".json":
			sp, err := loadSnippetFile(path)
			if err != nil {
				return nil, 0, err
			}
			g.snippets[id] = sp
		case ".jsonl":
			if err := g.addLabels(path); err != nil {
				return nil, 0, err
			}
		default:
			continue
		}
		n++
	}
	return g, n, nil
}

// snippetFile is a snippet gold file as written.
type snippetFile struct {
	URL      string    `json:"url"`
	With     *[]string `json:"with"`
	Without  *[]string `json:"without"`
	Comments []string  `json:"comments"` // counted neither way
}

// loadSnippetFile reads one <id>.json snippet gold file.
func loadSnippetFile(path string) (*snippetPage, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	var f snippetFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, jsonError(path, data, err)
	}
	if f.With == nil && f.Without == nil {
		return nil, fmt.Errorf(`eval: %s: no "with" or "without" list: not a snippet gold file`, path)
	}
	sp := &snippetPage{}
	if f.With != nil {
		for _, s := range *f.With {
			sp.with = append(sp.with, collapse(s))
		}
	}
	if f.Without != nil {
		for _, s := range *f.Without {
			sp.without = append(sp.without, collapse(s))
		}
	}
	return sp, nil
}

// jsonError names the file, and the line and column where the JSON
// decoder reports an offset, in err.
func jsonError(path string, data []byte, err error) error {
	var off int64 = -1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return fmt.Errorf("eval: %s: %w", path, err)
	}
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Errorf("eval: %s:%d:%d: %w", path, line, col, err)
}

// IDs returns the IDs of all gold pages, sorted.
func (g *Gold) IDs() []string {
	set := make(map[string]bool)
	for id := range g.shingles {
		set[id] = true
	}
	for id := range g.snippets {
		set[id] = true
	}
	for id := range g.labels {
		set[id] = true
	}
	return sortedKeys(set)
}

// Methods returns the methods the gold set holds pages for, in Method order.
func (g *Gold) Methods() []Method {
	var ms []Method
	if len(g.shingles) > 0 {
		ms = append(ms, Shingles)
	}
	if len(g.snippets) > 0 {
		ms = append(ms, Snippets)
	}
	if len(g.labels) > 0 {
		ms = append(ms, Labels)
	}
	return ms
}

// sortedKeys returns the keys of m in ascending order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
