package server

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/newslint/newslint/rules"
)

// fitLabel is a label given to a line of the test corpus before a fit.
type fitLabel struct {
	page  string
	line  int
	label string
}

// kickerLabels are labels the built-in rules get partly wrong on
// harbour.example: its kicker "Local News" (line 3) is content to this
// user, while the masthead (1) and the share line (14) are noise and the
// first paragraph (9) content.
var kickerLabels = []fitLabel{
	{"harbour.example", 1, "noise"}, {"harbour.example", 3, "content"},
	{"harbour.example", 9, "content"}, {"harbour.example", 14, "noise"},
}

// TestFit fits the rules to labels through POST /api/fit: a fit keeps or
// raises the labels' F1, lists the labelled lines it flips and the values
// it moved, applies the fitted rules without writing a file, and labels a
// fit cannot learn from or a broken rules file are refused with a clear
// status and message.
func TestFit(t *testing.T) {
	broken := strings.Replace(keepShare, "    patterns:", "    patern:", 1)
	cases := []struct {
		name   string
		labels []fitLabel
		text   string
		status int
		errs   []string // substrings of the error, for a refusal
		better bool     // the fit must raise the labels' F1
	}{
		{name: "labels the rules get wrong", labels: kickerLabels, text: NewRulesFile, status: 200, better: true},
		{name: "labels the rules get right", text: NewRulesFile, status: 200, labels: []fitLabel{
			{"harbour.example", 9, "content"}, {"harbour.example", 14, "noise"}, {"markt.beispiel", 1, "noise"}}},
		{name: "rules edited since the last apply", labels: kickerLabels, text: keepShare, status: 200},
		{name: "no labels", text: NewRulesFile, status: 400, errs: []string{"no line is labelled", "content (c) or noise (n)"}},
		{name: "labels of one kind", text: NewRulesFile, status: 400, labels: []fitLabel{
			{"harbour.example", 9, "content"}, {"harbour.example", 10, "content"}},
			errs: []string{"all 2 labelled lines are content", "both kinds"}},
		{name: "broken rules", labels: kickerLabels, text: broken, status: 422, errs: []string{"the rules file has errors", `"line":12`, "patern"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, "")
			for _, l := range c.labels {
				if w := f.do(t, "POST", "/api/label", map[string]any{"page": l.page, "line": l.line, "label": l.label}, nil); w.Code != 200 {
					t.Fatalf("labelling %s:%d: %d %s", l.page, l.line, w.Code, w.Body)
				}
			}
			before := listing(t, f.dir)
			w := f.do(t, "POST", "/api/fit", map[string]any{"text": c.text, "base": "previous"}, nil)
			if w.Code != c.status {
				t.Fatalf("status %d, want %d: %s", w.Code, c.status, w.Body)
			}
			if got := listing(t, f.dir); !slices.Equal(keys(got), keys(before)) {
				t.Errorf("the fit wrote files: %v, was %v", keys(got), keys(before))
			}
			if c.status != 200 {
				for _, e := range c.errs {
					if !strings.Contains(w.Body.String(), e) {
						t.Errorf("response %s lacks %q", w.Body, e)
					}
				}
				return
			}
			var res FitResult
			if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
				t.Fatal(err)
			}
			checkFit(t, f, c.text, c.labels, &res)
			if c.better && res.After.F1 <= res.Before.F1 {
				t.Errorf("labels F1 %.3f → %.3f: want the fit to raise it", res.Before.F1, res.After.F1)
			}
			if c.better && (len(res.Labelled) == 0 || len(res.Moved) == 0) {
				t.Errorf("%d labelled lines flipped, %d values moved: want some of each", len(res.Labelled), len(res.Moved))
			}
		})
	}
}

// checkFit checks what a fit of text to labels reports against the
// server's state and the rules it wrote.
func checkFit(t *testing.T, f *fixture, text string, labels []fitLabel, res *FitResult) {
	t.Helper()
	if res.After.F1 < res.Before.F1 {
		t.Errorf("labels F1 %.3f → %.3f: the fit lowered it", res.Before.F1, res.After.F1)
	}
	if res.Lines != len(labels) || res.Pages < 1 || res.Skipped != 0 {
		t.Errorf("fitted on %d lines of %d pages (%d skipped), want %d lines", res.Lines, res.Pages, res.Skipped, len(labels))
	}
	// The fitted text is the edited file with the moved values written
	// into it, and it is what the views now show.
	set, err := rules.Parse([]byte(res.Text), "fitted")
	if err != nil {
		t.Fatalf("the fitted rules do not parse: %v\n%s", err, res.Text)
	}
	if text == keepShare && set.Rule("keep-share") == nil {
		t.Errorf("the fitted rules lost the editor's rule keep-share:\n%s", res.Text)
	}
	f.srv.mu.Lock()
	applied := string(f.srv.cur.text)
	f.srv.mu.Unlock()
	if applied != res.Text {
		t.Errorf("applied rules differ from the fitted ones:\n%s", applied)
	}
	for _, m := range res.Moved {
		var got float64
		switch m.What {
		case "weight":
			got = set.Rule(m.Name).Weight
		case "end cost":
			got = set.Rule(m.Name).EndCost
		case "structure":
			k := slices.Index(rules.StructureNames[:], m.Name)
			got = set.Settings.Structure.Vector()[k]
		default:
			t.Fatalf("moved %+v: unknown kind", m)
		}
		if got != m.After || m.Before == m.After {
			t.Errorf("moved %+v: the fitted rules hold %v", m, got)
		}
		// A handful of labelled lines moves no value far from the rules'
		// own (fit.Options.Prior holds them there).
		if math.Abs(m.After-m.Before) > 1 {
			t.Errorf("moved %+v: a few labels moved it by more than 1", m)
		}
	}
	// Every labelled line that flips is a flip of the changes, a line the
	// fit fixed was a disagreement before and is none after, and one it
	// broke the other way round.
	flips := map[string]Flip{}
	for _, p := range res.Changes.Pages {
		for _, fl := range p.Flips {
			flips[fmt.Sprintf("%s:%d", p.ID, fl.Line)] = fl
		}
	}
	disagrees := func(sc LabelScore, page string, line int) bool {
		return slices.ContainsFunc(sc.Disagree, func(d Disagreement) bool { return d.Page == page && d.Line == line })
	}
	for _, l := range res.Labelled {
		key := fmt.Sprintf("%s:%d", l.Page, l.Line)
		fl, ok := flips[key]
		if !ok || fl.Before != l.Before || fl.After != l.After || fl.Text != l.Text {
			t.Errorf("labelled flip %+v: changes list %+v", l, fl)
		}
		if !slices.Contains(labels, fitLabel{l.Page, l.Line, l.Label}) {
			t.Errorf("labelled flip %+v: not a line labelled so", l)
		}
		if disagrees(res.Before, l.Page, l.Line) == l.Agreed || disagrees(res.After, l.Page, l.Line) == l.Agrees {
			t.Errorf("labelled flip %+v: disagreements before %v, after %v", l, res.Before.Disagree, res.After.Disagree)
		}
	}
	fixed := 0
	for _, l := range res.Labelled {
		if l.Agrees && !l.Agreed {
			fixed++
		} else if l.Agreed && !l.Agrees {
			fixed--
		}
	}
	if d := len(res.Before.Disagree) - len(res.After.Disagree); d != fixed {
		t.Errorf("disagreements %d → %d, but the labelled flips fix %d", len(res.Before.Disagree), len(res.After.Disagree), fixed)
	}
}

// TestFitBusy refuses a fit while another runs (409), and fits again once
// it is done.
func TestFitBusy(t *testing.T) {
	f := newFixture(t, "")
	for _, l := range kickerLabels {
		if w := f.do(t, "POST", "/api/label", map[string]any{"page": l.page, "line": l.line, "label": l.label}, nil); w.Code != 200 {
			t.Fatal(w.Body)
		}
	}
	fit := func() (int, string) {
		w := f.do(t, "POST", "/api/fit", map[string]any{"text": NewRulesFile}, nil)
		return w.Code, w.Body.String()
	}
	f.srv.fitting.Lock() // a fit is running
	code, body := fit()
	f.srv.fitting.Unlock()
	if code != 409 || !strings.Contains(body, "a fit is already running") {
		t.Errorf("fit during a fit: %d %s, want 409 naming the running fit", code, body)
	}
	if code, body := fit(); code != 200 {
		t.Errorf("fit after the other: %d %s", code, body)
	}
	if _, err := os.Stat(f.rules); err == nil {
		t.Error("a fit wrote the rules file")
	}
}
