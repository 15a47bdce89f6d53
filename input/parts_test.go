package input

import (
	"fmt"
	"slices"
	"testing"

	"github.com/newslint/newslint/page"
)

// TestPages: a page with more lines than the limit comes in parts of that
// many lines, which together are the lines of the whole page, numbered as
// in it; text and parsed formats alike.
func TestPages(t *testing.T) {
	texts := []string{"", "a", "a\n", "a\nb", "\ufeffa\r\nb\rc\n\nd\n", "\n\n\n", "x\ny\r\n\r\nz\r", "1\n2\n3\n4\n5\n6\n7"}
	for _, text := range texts {
		whole := ParseText("p.txt", []byte(text))
		for _, max := range []int{0, 1, 2, 3, 100} {
			for _, u := range []Unit{
				{Raw: []byte(text), Format: Text, Parse: func() (*page.Page, error) { return ParseText("p.txt", []byte(text)), nil },
					parts: func(max int, yield func(*page.Page) error) error { return textParts("p.txt", text, max, yield) }},
				{Raw: []byte(text), Format: JSONL, Parse: func() (*page.Page, error) { return ParseText("p.txt", []byte(text)), nil }},
			} {
				name := fmt.Sprintf("%q max %d parts %v", text, max, u.parts != nil)
				var got []page.Line
				var parts []*page.Page
				err := u.Pages(max, func(p *page.Page) error {
					parts = append(parts, p)
					got = append(got, p.Lines...)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, whole.Lines) {
					t.Errorf("%s: lines %v, want %v", name, got, whole.Lines)
				}
				split := max > 0 && len(whole.Lines) > max
				if !split && (len(parts) != 1 || parts[0].Part != 0) {
					t.Errorf("%s: %d parts, the first numbered %d; want the page whole", name, len(parts), parts[0].Part)
				}
				if split {
					for k, p := range parts {
						if p.Part != k+1 || p.Parts != len(parts) || len(p.Lines) > max || k < len(parts)-1 && len(p.Lines) != max {
							t.Errorf("%s: part %d is %d of %d with %d lines", name, k+1, p.Part, p.Parts, len(p.Lines))
						}
					}
				}
			}
		}
	}
}
