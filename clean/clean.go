// Package clean produces the cleaned text of a scored page: the lines whose
// label is kept, with paragraph breaks where the input had them.
package clean

import (
	"slices"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/rules"
)

// Text returns the kept lines of res joined by eol. Where the input had one
// or more blank lines (or dropped lines) between two kept lines that were
// separated by a blank line, one blank line is written. The result ends with
// eol unless it is empty.
func Text(res *detect.Result, keep []rules.Label, eol string) []byte {
	return Render(res, Options{Keep: keep, EOL: eol})
}

// Options say what the cleaned text holds.
type Options struct {
	Keep []rules.Label // labels of the lines kept
	EOL  string        // line terminator
	// FixEncoding repairs mojibake (see FixEncoding) on the lines on which
	// a flag rule of category "encoding" fired; other lines are left as
	// they are.
	FixEncoding bool
}

// Render returns the kept lines of res as Text does, repaired as opt says.
func Render(res *detect.Result, opt Options) []byte {
	// Lines that repair to white space (a double-encoded no-break space
	// alone, "Â ") are blank lines, as they were before the damage.
	var fixedBlank map[int]bool
	if opt.FixEncoding {
		for i := range res.Verdicts {
			v := &res.Verdicts[i]
			if flagged(v, "encoding") && (page.Line{Text: FixEncoding(v.Text)}).Blank() {
				if fixedBlank == nil {
					fixedBlank = map[int]bool{}
				}
				fixedBlank[v.Num] = true
			}
		}
	}
	var out []byte
	prevNum := 0
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		if !slices.Contains(opt.Keep, v.Label) || fixedBlank[v.Num] {
			continue
		}
		if prevNum > 0 && blankBetween(res, prevNum, v.Num, fixedBlank) {
			out = append(out, opt.EOL...)
		}
		text := v.Text
		if opt.FixEncoding && flagged(v, "encoding") {
			text = FixEncoding(text)
		}
		out = append(out, text...)
		out = append(out, opt.EOL...)
		prevNum = v.Num
	}
	return out
}

// flagged reports whether a flag rule of category fired on v.
func flagged(v *detect.Verdict, category string) bool {
	for _, r := range v.Flags {
		if r.Category == category {
			return true
		}
	}
	return false
}

// blankBetween reports whether a blank line stands between page lines a and
// b; lines in blank count as blank too.
func blankBetween(res *detect.Result, a, b int, blank map[int]bool) bool {
	lines := res.Page.Lines
	for n := a + 1; n < b; n++ {
		if blank[n] {
			return true
		}
		if i := n - 1; i >= 0 && i < len(lines) && lines[i].Num == n && lines[i].Blank() {
			return true
		}
	}
	return false
}
