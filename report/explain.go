package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/rules"
)

// keyFeatures are shown by explain for every line.
var keyFeatures = []rules.Feature{rules.FWords, rules.FStopwordDensity, rules.FBlock}

// Explain writes every line of a page with its label, category, score,
// the rules that fired and the features that decided it, under the page's
// name as findings give it (and its part, for a page scored in parts). It
// writes as it goes, a few lines at a time: a page of a million lines is
// not held as one string.
func Explain(w io.Writer, res *detect.Result, st Style) error {
	pg := res.Page
	name := Where(pg.Path, pg.Record, pg.RecordName)
	if pg.Part > 0 {
		name += fmt.Sprintf(" (part %d of %d)", pg.Part, pg.Parts)
	}
	b := fmt.Appendf(nil, "%s  language %s, main block lines %d-%d\n", st.bold(name), orDash(res.Lang), res.BlockStart, res.BlockEnd)
	var hits []detect.Hit
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		b = appendPadded(b, strconv.Itoa(v.Num), 4, false)
		b = append(b, ' ')
		label := v.Label.String()
		if v.Label == rules.Noise {
			label = "noise:" + v.Category
		}
		b = st.appendWrapped(b, labelColor(v.Label), "", padRight(label, 22), "")
		b = append(b, ' ')
		b = appendPadded(b, strconv.FormatFloat(v.Score, 'f', 1, 64), 6, false)
		b = append(b, "  "...)
		b = AppendQuote(b, v.Text, 90)
		b = append(b, "\n     "...)
		// The rules that fired, the strongest first (of equal ones, in
		// rule order), and the flag rules: a finding, no score.
		hits = append(hits[:0], v.Hits...)
		slices.SortStableFunc(hits, func(x, y detect.Hit) int {
			switch ax, ay := math.Abs(x.Delta), math.Abs(y.Delta); {
			case ax > ay:
				return -1
			case ax < ay:
				return 1
			}
			return 0
		})
		if st.Color {
			b = append(b, "\x1b[2m"...)
		}
		sep := ""
		for _, h := range hits {
			b = append(append(append(b, sep...), h.Rule.ID...), ' ')
			if !math.Signbit(h.Delta) {
				b = append(b, '+')
			}
			b = strconv.AppendFloat(b, h.Delta, 'f', 1, 64)
			sep = ", "
		}
		for _, r := range v.Flags {
			b = append(append(append(b, sep...), "flag "...), r.ID...)
			sep = ", "
		}
		b = append(b, "  |  "...)
		for k, f := range keyFeatures {
			if k > 0 {
				b = append(b, ' ')
			}
			val := v.Features[f]
			if f == rules.FBlock {
				b = append(append(b, "block="...), rules.BlockValues[int(val)]...)
				continue
			}
			b = append(append(append(b, f.String()...), '='), trimFloat(val)...)
		}
		if v.Features[rules.FTeaserUnit] == 1 {
			b = append(b, " teaser-unit"...)
		}
		if v.Features[rules.FAfterEnd] == 1 {
			b = append(b, " after-end-marker"...)
		}
		if st.Color {
			b = append(b, "\x1b[0m"...)
		}
		b = append(b, '\n')
		if len(b) >= flushAt {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	for _, d := range res.Docs { // document rules: problems of the page
		b = fmt.Appendf(b, "page %4d %s %s\n", d.Line, st.Label(rules.Noise, d.Rule.Category), st.dim("["+d.Rule.ID+"] ")+d.Message)
	}
	_, err := w.Write(b)
	return err
}

// appendPadded appends s padded with spaces to width (on the left, or on
// the right when left is set), as fmt's %4d and %-22s do for ASCII.
func appendPadded(b []byte, s string, width int, left bool) []byte {
	if left {
		b = append(b, s...)
	}
	for n := len(s); n < width; n++ {
		b = append(b, ' ')
	}
	if !left {
		b = append(b, s...)
	}
	return b
}

// padRight is s padded with spaces on the right to width runes.
func padRight(s string, width int) string {
	if n := len([]rune(s)); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func trimFloat(x float64) string {
	s := strconv.FormatFloat(x, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" || s == "-" {
		return "0"
	}
	return s
}
