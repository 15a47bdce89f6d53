// Package harness runs text extractors over the benchmark pages of
// shared/bench, times them and scores their output with newslint's scorer
// (package eval). The peers (go-trafilatura, go-readability) run in this
// process on pages read into memory beforehand; newslint runs as the
// command a user types, so its figures include start-up, reading the
// files and writing the output.
package harness

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/newslint/newslint/eval"
)

// Sets are the benchmark folders, in report order.
var Sets = []string{"scrapinghub-aeb", "trafilatura-eval"}

// Page is one benchmark page read into memory.
type Page struct {
	ID   string
	URL  string // from index.tsv; "" when it is not an absolute http(s) URL
	Path string
	Data []byte
}

// Set is one benchmark folder: its pages in both forms and its gold.
type Set struct {
	Name string
	Dir  string
	HTML []Page // html/<id>.html, sorted by ID
	Text []Page // innertext/<id>.txt, sorted by ID
	Gold *eval.Gold
}

// Bytes returns the total size of pages.
func Bytes(pages []Page) int64 {
	var n int64
	for _, p := range pages {
		n += int64(len(p.Data))
	}
	return n
}

// LoadSet reads the set name under bench (shared/bench): gold, index and
// both forms of every page.
func LoadSet(bench, name string) (*Set, error) {
	s := &Set{Name: name, Dir: filepath.Join(bench, name)}
	var err error
	if s.Gold, err = eval.LoadGold(filepath.Join(s.Dir, "gold")); err != nil {
		return nil, err
	}
	urls, err := readIndex(filepath.Join(s.Dir, "index.tsv"))
	if err != nil {
		return nil, err
	}
	if s.HTML, err = readPages(filepath.Join(s.Dir, "html"), ".html", urls); err != nil {
		return nil, err
	}
	if s.Text, err = readPages(filepath.Join(s.Dir, "innertext"), ".txt", urls); err != nil {
		return nil, err
	}
	if len(s.HTML) != len(s.Text) || len(s.HTML) != len(s.Gold.IDs()) {
		return nil, fmt.Errorf("%s: %d html pages, %d innertext pages, %d gold pages", s.Dir, len(s.HTML), len(s.Text), len(s.Gold.IDs()))
	}
	return s, nil
}

// FindBench returns shared/bench: $NEWSLINT_BENCH, else the first
// shared/bench found walking up from the working directory.
func FindBench() (string, error) {
	if d := os.Getenv("NEWSLINT_BENCH"); d != "" {
		return d, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		cand := filepath.Join(dir, "shared", "bench")
		if _, err := os.Stat(filepath.Join(cand, "README.md")); err == nil {
			return cand, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("shared/bench not found above the working directory; set NEWSLINT_BENCH or -bench")
		}
		dir = parent
	}
}

func readIndex(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	urls := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 2 || fields[0] == "id" {
			continue
		}
		if u := fields[1]; strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
			urls[fields[0]] = u
		}
	}
	return urls, sc.Err()
}

func readPages(dir, ext string, urls map[string]string) ([]Page, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var pages []Page
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || filepath.Ext(name) != ext {
			continue
		}
		path := filepath.Join(dir, name)
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		id := strings.TrimSuffix(name, ext)
		pages = append(pages, Page{ID: id, URL: urls[id], Path: path, Data: data})
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].ID < pages[j].ID })
	return pages, nil
}
