package report

import (
	"math"
	"strings"
	"testing"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/rules"
)

// The rows of the JSON report as encoding/json wrote them before the report
// encoded them by hand (appendFinding, appendLine): the encoder must write
// the same bytes.
type jsonFinding struct {
	Line       int    `json:"line"`
	SourceLine int    `json:"source_line,omitempty"`
	Rule       string `json:"rule"`
	Category   string `json:"category"`
	Severity   string `json:"severity"`
	Fails      bool   `json:"fails,omitempty"`
	Text       string `json:"text"`
}

type jsonLine struct {
	Line       int       `json:"line"`
	SourceLine int       `json:"source_line,omitempty"`
	Text       string    `json:"text"`
	Label      string    `json:"label"`
	Category   string    `json:"category,omitempty"`
	Score      float64   `json:"score"`
	Rule       string    `json:"rule,omitempty"`
	Rules      []jsonHit `json:"rules"`
}

type jsonHit struct {
	ID    string  `json:"id"`
	Delta float64 `json:"delta"`
}

func TestJSONRowsAsEncodingJSON(t *testing.T) {
	floats := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, -13, 2.25, 1.0 / 3, 1e-6, 9.99e-7, -1e-7, 1e20, 1e21, 123456789.125, math.SmallestNonzeroFloat64, math.MaxFloat64, -0.07, 0.01, -0.1, 99999999999.99, 1e13 + 0.01}
	for k := -2000; k <= 2000; k += 7 {
		floats = append(floats, math.Round(float64(k)*1.37)/100)
	}
	texts := []string{"", "x", `quote " backslash \ `, "<b>&amp;</b>", "tab\tnl\ncr\r\x00\x1f\x7f", "ü € 📰", "\u2028\u2029", "\xff\xfe bad", "Folgen Sie uns auf"}
	noise := &rules.Rule{ID: "share-button", Label: rules.Noise, Category: "share", Weight: 4}
	title := &rules.Rule{ID: "headline", Label: rules.Title, Weight: 2}
	for i, text := range texts {
		for k, f := range floats {
			fd := Finding{Line: i + k, SourceLine: k % 3, Rule: noise, Category: "cat-" + text, Severity: rules.Severity(k % 3), Fails: k%2 == 0, Text: text}
			if k%4 == 0 {
				fd.Rule = nil
			}
			want := strings.TrimSuffix(string(marshalCompact(jsonFinding{fd.Line, fd.SourceLine, fd.RuleID(), fd.Category, fd.Severity.String(), fd.Fails, fd.Text})), "\n")
			if got := string(appendFinding(nil, &fd)); got != want {
				t.Errorf("finding:\n got %s\nwant %s", got, want)
			}
			v := detect.Verdict{Num: i + k, Text: text, Label: rules.Label(k % 4), Score: f}
			if v.Label == rules.Noise {
				v.Category = "share"
			}
			for h := 0; h < k%3; h++ {
				v.Hits = append(v.Hits, detect.Hit{Rule: noise, Delta: -f}, detect.Hit{Rule: title, Delta: f})
			}
			jl := jsonLine{Line: v.Num, SourceLine: k % 2, Text: v.Text, Label: v.Label.String(), Category: v.Category, Score: v.Score, Rules: make([]jsonHit, len(v.Hits))}
			if r := v.Rule(); r != nil {
				jl.Rule = r.ID
			}
			for h, hit := range v.Hits {
				jl.Rules[h] = jsonHit{hit.Rule.ID, hit.Delta}
			}
			want = strings.TrimSuffix(string(marshalCompact(jl)), "\n")
			if got := string(appendLine(nil, &v, k%2)); got != want {
				t.Errorf("line:\n got %s\nwant %s", got, want)
			}
		}
	}
}
