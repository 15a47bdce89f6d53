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
	// DropUncertain cleans a page whose reading is in doubt
	// (detect.Result.Uncertain) like any other; by default such a page is
	// kept whole, so that a wrong guess costs a reviewer a look rather than
	// the article.
	DropUncertain bool
}

// Render returns the kept lines of res as Text does, repaired as opt says.
func Render(res *detect.Result, opt Options) []byte {
	j := Joiner{Options: opt}
	j.Add(res)
	return j.Text()
}

// Joiner renders the parts of a page scored in parts (see page.Page.Part),
// one after another, into the text Render gives for the whole page: the
// blank line between two kept lines may lie in either part.
type Joiner struct {
	Options
	out     []byte
	prevNum int  // the last kept line so far, 0 for none
	blank   bool // a blank line follows it in the parts added so far
}

// Add renders the kept lines of res, the next part.
func (j *Joiner) Add(res *detect.Result) {
	opt := &j.Options
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
	first := 0 // the line before the part's first
	if len(res.Page.Lines) > 0 {
		first = res.Page.Lines[0].Num - 1
	}
	whole := res.Uncertain != "" && !opt.DropUncertain
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		if (!whole && !slices.Contains(opt.Keep, v.Label)) || fixedBlank[v.Num] {
			continue
		}
		if j.prevNum > 0 {
			from := j.prevNum
			if from < first {
				from = first // the lines before are in an earlier part
			}
			if j.prevNum < first && j.blank || blankBetween(res, from, v.Num, fixedBlank) {
				j.out = append(j.out, opt.EOL...)
			}
		}
		text := v.Text
		if opt.FixEncoding && flagged(v, "encoding") {
			text = FixEncoding(text)
		}
		j.out = append(j.out, text...)
		j.out = append(j.out, opt.EOL...)
		j.prevNum = v.Num
		j.blank = false
	}
	// Whether a blank line follows the last kept line to the part's end.
	if j.prevNum > 0 && len(res.Page.Lines) > 0 {
		last := res.Page.Lines[len(res.Page.Lines)-1].Num
		from := max(j.prevNum, first)
		j.blank = j.blank || blankBetween(res, from, last+1, fixedBlank)
	}
}

// Text returns the text rendered so far.
func (j *Joiner) Text() []byte { return j.out }

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
	for n := a + 1; n < b; n++ {
		if blank[n] {
			return true
		}
		if l := res.Page.Line(n); l != nil && l.Blank() {
			return true
		}
	}
	return false
}
