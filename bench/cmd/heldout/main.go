// Command heldout writes the held-out check set (package
// github.com/newslint/newslint/internal/heldout: Readability's real-world
// test pages, its expected output as gold) as a benchmark folder, so that
// `newslint eval` and `bench peers` can score it like shared/bench:
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
	"path/filepath"

	"github.com/newslint/newslint/internal/heldout"
)

func main() {
	out := flag.String("out", "", "directory to write the set into (as OUT/readeck)")
	minF1 := flag.Float64("min-f1", heldout.MinF1, "drop pages whose keep-everything F1 is below this (gold not in the page)")
	maxF1 := flag.Float64("max-f1", heldout.MaxF1, "drop pages whose keep-everything F1 is above this (nothing to remove)")
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
	src, err := heldout.Dir()
	if err != nil {
		return err
	}
	pages, err := heldout.Load(src, minF1, maxF1)
	if err != nil {
		return err
	}
	for _, sub := range []string{"html", "innertext", "gold"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return err
		}
	}
	if err := heldout.WriteGold(filepath.Join(dir, "gold"), pages); err != nil {
		return err
	}
	var index bytes.Buffer
	index.WriteString("id\turl\tlang\tsource\n")
	for _, p := range pages {
		html, err := os.ReadFile(p.HTML)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "html", p.ID+".html"), html, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "innertext", p.ID+".txt"), []byte(p.Text), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(&index, "%s\t\t\thtml/%s.html\n", p.ID, p.ID)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.tsv"), index.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "heldout: %d pages written to %s\n", len(pages), dir)
	return nil
}
