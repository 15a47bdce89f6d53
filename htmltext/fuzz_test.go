package htmltext

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newslint/newslint/page"
)

// FuzzParse checks that no input makes Parse panic or produce invalid text.
// Seeds are in testdata/fuzz/FuzzParse; any crasher found is kept there.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`<p>Hello <a href="/x">world</a></p>`), false)
	f.Add([]byte(`<table><tr><td>a<td>b<tr><td>c</table>`), true)
	f.Add([]byte(`<meta charset="iso-8859-1"><p>Gr\xfc\xdfe</p>`), false)
	f.Add([]byte(strings.Repeat("<div>", 600)+"deep"), true)
	f.Add([]byte(strings.Repeat("<b><i><a href=x>", 300)+"x"), false)
	f.Add([]byte("<style>p{display:none} @media (max-width:10px){a{x:y}}</style><p>hidden</p><pre>a\n b</pre>"), true)
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"), false)
	f.Add([]byte("\xef\xb7\x90<p>\xef\xb7\x90\xef\xb7\xa1\xef\xb7\x91x</p>"), false)
	f.Fuzz(func(t *testing.T, src []byte, readability bool) {
		done := make(chan *page.Page, 1)
		go func() { done <- ParseBytes("fuzz", src, Options{Readability: readability}) }()
		var p *page.Page
		select {
		case p = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Parse took over 10s on %d bytes (readability %v)", len(src), readability)
		}
		for i, l := range p.Lines {
			if !utf8.ValidString(l.Text) {
				t.Fatalf("line %d not valid UTF-8: %q", i+1, l.Text)
			}
			if strings.ContainsRune(l.Text, '\n') {
				t.Fatalf("line %d holds a newline: %q", i+1, l.Text)
			}
			if l.Num != i+1 || l.DOM == nil {
				t.Fatalf("line %d: Num %d DOM %v", i+1, l.Num, l.DOM)
			}
			if l.DOM.LinkDensity < 0 || l.DOM.LinkDensity > 1 {
				t.Fatalf("line %d: link density %v", i+1, l.DOM.LinkDensity)
			}
			for _, r := range l.Text {
				if isMarkRune(r) {
					t.Fatalf("line %d keeps a source marker: %q", i+1, l.Text)
				}
			}
		}
		if !bytes.ContainsAny(src, "\n\r&") {
			for _, l := range p.Lines {
				if l.SourceLine > 1 {
					t.Fatalf("one-line source, but line %q has SourceLine %d", l.Text, l.SourceLine)
				}
			}
		}
	})
}
