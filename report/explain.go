package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/rules"
)

// keyFeatures are shown by explain for every line.
var keyFeatures = []rules.Feature{rules.FWords, rules.FStopwordDensity, rules.FBlock}

// Explain writes every line of a page with its label, category, score,
// the rules that fired and the features that decided it.
func Explain(w io.Writer, res *detect.Result, st Style) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s  language %s, main block lines %d-%d\n", st.bold(res.Page.Path), orDash(res.Lang), res.BlockStart, res.BlockEnd)
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		label := v.Label.String()
		if v.Label == rules.Noise {
			label = "noise:" + v.Category
		}
		fmt.Fprintf(&b, "%4d %s %6.1f  %s\n", v.Num, st.Label(v.Label, fmt.Sprintf("%-22s", label)), v.Score, Quote(v.Text, 90))
		hits := append([]detect.Hit(nil), v.Hits...)
		sort.SliceStable(hits, func(i, j int) bool { return abs(hits[i].Delta) > abs(hits[j].Delta) })
		var parts []string
		for _, h := range hits {
			parts = append(parts, fmt.Sprintf("%s %+.1f", h.Rule.ID, h.Delta))
		}
		for _, r := range v.Flags { // flag rules: a finding, no score
			parts = append(parts, "flag "+r.ID)
		}
		var feats []string
		for _, f := range keyFeatures {
			val := v.Features[f]
			if f == rules.FBlock {
				feats = append(feats, "block="+rules.BlockValues[int(val)])
				continue
			}
			feats = append(feats, fmt.Sprintf("%s=%s", f, trimFloat(val)))
		}
		if v.Features[rules.FTeaserUnit] == 1 {
			feats = append(feats, "teaser-unit")
		}
		if v.Features[rules.FAfterEnd] == 1 {
			feats = append(feats, "after-end-marker")
		}
		fmt.Fprintf(&b, "     %s\n", st.dim(strings.Join(parts, ", ")+"  |  "+strings.Join(feats, " ")))
	}
	for _, d := range res.Docs { // document rules: problems of the page
		fmt.Fprintf(&b, "page %4d %s %s\n", d.Line, st.Label(rules.Noise, d.Rule.Category), st.dim("["+d.Rule.ID+"] ")+d.Message)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func trimFloat(x float64) string {
	s := fmt.Sprintf("%.2f", x)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" || s == "-" {
		return "0"
	}
	return s
}
