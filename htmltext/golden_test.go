package htmltext

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newslint/newslint/page"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden renders the hand-written pages in testdata/golden with
// readability on and compares the result, line by line with its DOM
// features, with the .golden file next to each page. Run with -update to
// rewrite them after a deliberate change; read them to see what the
// renderer does.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatal("no golden pages", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got := describe(ParseBytes(filepath.Base(f), src, Options{Readability: true}))
			golden := strings.TrimSuffix(f, ".html") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s (go test -run TestGolden -update rewrites it):\n%s", f, golden, diffLines(string(want), got))
			}
		})
	}
}

// describe prints a page as the golden files show it.
func describe(p *page.Page) string {
	var b strings.Builder
	m := p.Meta
	fmt.Fprintf(&b, "# meta: title=%q lang=%q site=%q site_name=%q byline=%q published=%q\n#       url=%q\n",
		m.Title, m.Lang, m.Site, m.SiteName, m.Byline, m.Published, m.URL)
	b.WriteString("# line:src | text (→ marks a tab, · a no-break space)\n#          dom: path  link=link density  hints  flags (hN heading, li, caption, article = in readability's article)\n")
	for _, l := range p.Lines {
		text := strings.NewReplacer("\t", "→", "\u00a0", "·").Replace(l.Text)
		fmt.Fprintf(&b, "%4d:%-3d | %s\n", l.Num, l.SourceLine, text)
		d := l.DOM
		if d == nil || d.Path == "" {
			continue
		}
		fmt.Fprintf(&b, "           %s  link=%.2f", d.Path, d.LinkDensity)
		if len(d.Hints) > 0 {
			fmt.Fprintf(&b, "  hints=%s", strings.Join(d.Hints, ","))
		}
		if d.Heading > 0 {
			fmt.Fprintf(&b, "  h%d", d.Heading)
		}
		if d.ListItem {
			b.WriteString("  li")
		}
		if d.Caption {
			b.WriteString("  caption")
		}
		if d.InArticle {
			b.WriteString("  article")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// diffLines shows the first lines where a and b differ.
func diffLines(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out strings.Builder
	shown := 0
	for i := 0; i < max(len(al), len(bl)) && shown < 10; i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			fmt.Fprintf(&out, "line %d:\n- %s\n+ %s\n", i+1, x, y)
			shown++
		}
	}
	return out.String()
}
