package lang

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalTmp(t *testing.T) {
	for _, set := range []string{"trafilatura-eval", "scrapinghub-aeb"} {
		dir := filepath.Join("..", "..", "shared", "bench", set)
		idx, err := os.ReadFile(filepath.Join(dir, "index.tsv"))
		if err != nil {
			t.Skip(err)
		}
		agree, n := 0, 0
		for _, row := range strings.Split(strings.TrimSpace(string(idx)), "\n")[1:] {
			f := strings.Split(row, "\t")
			b, err := os.ReadFile(filepath.Join(dir, "innertext", f[0]+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			l, c := Detect(string(b))
			n++
			if string(l) == f[2] {
				agree++
			} else {
				var d Detector
				d.Add(string(b))
				tb := loadTables()
				var top []string
				for _, s := range tb.lists {
					if d.hits[s.idx] > 3 {
						top = append(top, fmt.Sprintf("%s:%.0f/%.0f", s.lang, d.hits[s.idx], d.longHits[s.idx]))
					}
				}
				fmt.Printf("%s %s want %s got %q %.2f words=%v long=%v %v\n", set, f[0], f[2], l, c, d.words[1], d.longWords[1], top)
			}
		}
		fmt.Printf("%s: %d/%d\n", set, agree, n)
	}
}
