package report

import (
	"sort"

	"github.com/newslint/newslint/detect"
)

// WithQuality returns finds (the page's noise findings, in line order) with
// the findings of the text-quality rules of res merged in by line: one per
// flag rule (effect: flag) that fired on a line, kept or dropped (mojibake,
// markup), and one per problem a document rule found on the page (a
// truncated article, too little text, the wrong language). A document
// finding's Text is its message, and a finding on the page as a whole
// points at line 1.
func WithQuality(finds []Finding, res *detect.Result) []Finding {
	n := len(res.Docs)
	for i := range res.Verdicts {
		n += len(res.Verdicts[i].Flags)
	}
	if n == 0 {
		return finds
	}
	pg := res.Page
	src := make(map[int]int, len(pg.Lines))
	for _, l := range pg.Lines {
		src[l.Num] = l.SourceLine
	}
	out := make([]Finding, 0, len(finds)+n)
	out = append(out, finds...)
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		for _, r := range v.Flags {
			out = append(out, Finding{Path: pg.Path, Record: pg.Record, RecordName: pg.RecordName, Line: v.Num, SourceLine: src[v.Num],
				Rule: r, Category: r.Category, Severity: r.Severity, Score: v.Score, Text: v.Text})
		}
	}
	for _, d := range res.Docs {
		line := max(d.Line, 1)
		out = append(out, Finding{Path: pg.Path, Record: pg.Record, RecordName: pg.RecordName, Line: line, SourceLine: src[line],
			Rule: d.Rule, Category: d.Rule.Category, Severity: d.Rule.Severity, Text: d.Message})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}
