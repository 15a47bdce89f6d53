// Package clean produces the cleaned text of a scored page: the lines whose
// label is kept, with paragraph breaks where the input had them.
package clean

import (
	"slices"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/rules"
)

// Text returns the kept lines of res joined by eol. Where the input had one
// or more blank lines (or dropped lines) between two kept lines that were
// separated by a blank line, one blank line is written. The result ends with
// eol unless it is empty.
func Text(res *detect.Result, keep []rules.Label, eol string) []byte {
	var out []byte
	prevNum := 0
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		if !slices.Contains(keep, v.Label) {
			continue
		}
		if prevNum > 0 && blankBetween(res, prevNum, v.Num) {
			out = append(out, eol...)
		}
		out = append(out, v.Text...)
		out = append(out, eol...)
		prevNum = v.Num
	}
	return out
}

// blankBetween reports whether a blank line stands between page lines a and b.
func blankBetween(res *detect.Result, a, b int) bool {
	lines := res.Page.Lines
	for n := a + 1; n < b; n++ {
		if i := n - 1; i >= 0 && i < len(lines) && lines[i].Num == n && lines[i].Blank() {
			return true
		}
	}
	return false
}
