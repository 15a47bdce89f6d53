package report_test

import (
	"os"
	"strings"
	"testing"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/rules"
)

func scoreSeed(t *testing.T, edit func([]string) []string, site string) *detect.Result {
	t.Helper()
	data, err := os.ReadFile("../testdata/seeds/000_75925f2242121178.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := edit(strings.Split(strings.TrimRight(string(data), "\n"), "\n"))
	p := input.ParseText("page.txt", []byte(strings.Join(lines, "\n")))
	p.Meta.Site = site
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	return detect.New(set).Run(p, detect.Options{})
}

// TestQualityFindings: flags on kept lines and document findings become
// findings in line order, and fail the gate like noise findings.
func TestQualityFindings(t *testing.T) {
	res := scoreSeed(t, func(l []string) []string {
		l[10] = strings.Replace(l[10], "keine Sorgen", "keine&nbsp;Sorgen", 1) // line 11, kept
		return l
	}, "")
	p := report.NewPage(res, report.Gate{FailLevel: rules.Warning})
	var got []string
	last := 0
	for _, f := range p.Finds {
		if f.Line < last {
			t.Errorf("findings out of line order: %d after %d", f.Line, last)
		}
		last = f.Line
		if f.RuleID() == "html-entity" {
			got = append(got, f.Category)
			if f.Line != 11 || f.Severity != rules.Warning || !f.Fails {
				t.Errorf("html-entity finding %+v", f)
			}
		}
	}
	if len(got) != 1 || got[0] != "markup" {
		t.Errorf("markup findings %v, want one", got)
	}
	if !p.Failed {
		t.Errorf("a page with a markup finding at warning level should fail")
	}

	// A document finding carries its message as the text. (Cut after its
	// lead, the page has no article at all under the fitted decoder: one
	// sentence below the header does not pay for starting one, so the
	// message is "no article text" rather than "too little article text".)
	res = scoreSeed(t, func(l []string) []string { return l[:9] }, "")
	var message string
	for _, d := range res.Docs {
		if d.Rule.ID == "too-little-text" {
			message = d.Message
		}
	}
	p = report.NewPage(res, report.Gate{FailLevel: rules.Error})
	found := false
	for _, f := range p.Finds {
		if f.RuleID() == "too-little-text" {
			found = true
			if f.Category != "too-short" || f.Text != message || !strings.Contains(f.Text, "article text") || f.Fails {
				t.Errorf("too-little-text finding %+v, want the text %q", f, message)
			}
		}
	}
	if !found {
		t.Errorf("no too-little-text finding on a page cut after its lead")
	}
}

// TestSitesReport: sites with failing pages come first, with their failing
// pages and top rules.
func TestSitesReport(t *testing.T) {
	var b strings.Builder
	w := &report.Sites{W: &b, MinSeverity: rules.Warning, TopRules: 10}
	gate := report.Gate{FailLevel: rules.Error + 1, MinContentLines: 5} // fail on a missing article only
	whole := func(l []string) []string { return l[:22] }                // the article without the follow prompt
	for _, pg := range []struct {
		site string
		edit func([]string) []string
	}{
		{"good.example", whole},
		{"good.example", whole},
		{"broken.example", func(l []string) []string { return l[:9] }},
		{"broken.example", whole},
	} {
		if err := w.Page(report.NewPage(scoreSeed(t, pg.edit, pg.site), gate)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(&report.Totals{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	broken, good := strings.Index(out, "broken.example"), strings.Index(out, "good.example")
	if broken < 0 || good < 0 || broken > good {
		t.Fatalf("want broken.example listed before good.example:\n%s", out)
	}
	if !strings.Contains(out, "too-little-text 1") || strings.Count(out, "failing: page.txt") != 1 {
		t.Errorf("the broken site's line should name too-little-text and the failing page:\n%s", out)
	}
}
