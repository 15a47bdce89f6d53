package server

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/newslint/newslint/clean"
	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/rules"
)

// maxFlips bounds the flipped lines listed in one Changes; the counts stay exact.
const maxFlips = 5000

// Flip is a line whose verdict differs between two scorings.
type Flip struct {
	Line       int    `json:"line"`
	Text       string `json:"text"`
	Before     string `json:"before"` // content, title, meta or noise:<category>
	After      string `json:"after"`
	BeforeRule string `json:"beforeRule,omitempty"`
	AfterRule  string `json:"afterRule,omitempty"`
	// Kept is +1 for a line the cleaned text gains, -1 for one it loses, 0
	// when only the label or the noise category changed.
	Kept int `json:"kept"`
}

// PageChange is what changed on one page.
type PageChange struct {
	ID          string  `json:"id"`
	Path        string  `json:"path"`
	Flips       []Flip  `json:"flips"`
	Flipped     int     `json:"flipped"` // all flips, listed or not
	FailedFrom  bool    `json:"failedBefore"`
	FailedTo    bool    `json:"failedAfter"`
	NoiseBefore float64 `json:"noiseBefore"`
	NoiseAfter  float64 `json:"noiseAfter"`
}

// RuleCount is how many lines a rule fired on before and after.
type RuleCount struct {
	ID      string `json:"id"`
	Before  int    `json:"before"`
	After   int    `json:"after"`
	Changed bool   `json:"changed"` // the rule's definition changed
	Added   bool   `json:"added,omitempty"`
	Removed bool   `json:"removed,omitempty"`
}

// ExampleResult is one example of a rule and whether it behaves as written.
type ExampleResult struct {
	Text string `json:"text"`
	Want bool   `json:"want"` // true for examples: match
	Pass bool   `json:"pass"`
}

// RuleExamples are the examples of one changed rule.
type RuleExamples struct {
	ID       string          `json:"id"`
	Line     int             `json:"line"` // in the edited file; 0 for a built-in rule
	Examples []ExampleResult `json:"examples"`
}

// Changes is what an apply changed across the corpus.
type Changes struct {
	Base         string         `json:"base"` // "previous" or "saved"
	Corpus       int            `json:"corpus"`
	Pages        []PageChange   `json:"pages"`
	ChangedPages int            `json:"changedPages"`
	FlippedLines int            `json:"flippedLines"`
	Gained       int            `json:"gained"` // lines the cleaned text gains
	Lost         int            `json:"lost"`
	Truncated    bool           `json:"truncated"` // not every flip is listed
	Rules        []RuleCount    `json:"rules"`
	Examples     []RuleExamples `json:"examples"`
}

// verdictName is a verdict's label, with the category for noise.
func verdictName(v *detect.Verdict) string {
	if v.Label == rules.Noise {
		return "noise:" + v.Category
	}
	return v.Label.String()
}

func ruleID(v *detect.Verdict) string {
	if r := v.Rule(); r != nil {
		return r.ID
	}
	return ""
}

// compare lists what differs between two scorings of the same corpus.
func compare(c *memCorpus, before, after *snapshot, base string) *Changes {
	ch := &Changes{Base: base, Corpus: len(c.docs)}
	listed := 0
	for i, d := range c.docs {
		bp, ap := before.pages[i], after.pages[i]
		if bp == ap {
			continue // not re-scored: the edit cannot have changed it
		}
		bv, av := bp.Result.Verdicts, ap.Result.Verdicts
		pc := PageChange{ID: d.ID, Path: d.Path, FailedFrom: bp.Failed, FailedTo: ap.Failed,
			NoiseBefore: bp.Summary.NoiseRatio, NoiseAfter: ap.Summary.NoiseRatio}
		for j := range min(len(bv), len(av)) {
			b, a := &bv[j], &av[j]
			bn, an := verdictName(b), verdictName(a)
			if bn == an {
				continue
			}
			f := Flip{Line: a.Num, Text: a.Text, Before: bn, After: an, BeforeRule: ruleID(b), AfterRule: ruleID(a)}
			bk := slices.Contains(before.set.Settings.Keep, b.Label)
			ak := slices.Contains(after.set.Settings.Keep, a.Label)
			switch {
			case ak && !bk:
				f.Kept = 1
				ch.Gained++
			case bk && !ak:
				f.Kept = -1
				ch.Lost++
			}
			pc.Flipped++
			if listed < maxFlips {
				pc.Flips = append(pc.Flips, f)
				listed++
			} else {
				ch.Truncated = true
			}
		}
		if pc.Flipped > 0 || pc.FailedFrom != pc.FailedTo {
			ch.ChangedPages++
			ch.FlippedLines += pc.Flipped
			ch.Pages = append(ch.Pages, pc)
		}
	}
	sort.SliceStable(ch.Pages, func(i, j int) bool { return ch.Pages[i].Flipped > ch.Pages[j].Flipped })

	changed := changedRules(before.set, after.set)
	seen := map[string]bool{}
	for _, r := range after.set.Rules {
		seen[r.ID] = true
		rc := RuleCount{ID: r.ID, Before: before.hits[r.ID], After: after.hits[r.ID], Changed: changed[r.ID]}
		rc.Added = before.set.Rule(r.ID) == nil
		if rc.Before != rc.After || rc.Changed {
			ch.Rules = append(ch.Rules, rc)
		}
	}
	for _, r := range before.set.Rules {
		if !seen[r.ID] {
			ch.Rules = append(ch.Rules, RuleCount{ID: r.ID, Before: before.hits[r.ID], Changed: true, Removed: true})
		}
	}
	sort.SliceStable(ch.Rules, func(i, j int) bool {
		a, b := ch.Rules[i], ch.Rules[j]
		if a.Changed != b.Changed {
			return a.Changed
		}
		return abs(a.After-a.Before) > abs(b.After-b.Before)
	})

	ch.Examples = examplesOf(after, changed)
	return ch
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// examplesOf runs the examples of the rules in changed as rules --check
// does, with every other rule of the set in force, and lists each example
// with its result.
func examplesOf(s *snapshot, changed map[string]bool) []RuleExamples {
	// An engine over copies of the rules in which only the changed ones
	// keep their examples: CheckExamples then runs just those.
	copies := make([]*rules.Rule, len(s.set.Rules))
	for i, r := range s.set.Rules {
		c := *r
		if !changed[r.ID] {
			c.Examples = rules.Examples{}
		}
		copies[i] = &c
	}
	type key struct {
		rule, ex string
		want     bool
	}
	failed := map[key]bool{}
	for _, f := range detect.New(&rules.Set{Rules: copies, Settings: s.set.Settings}).CheckExamples() {
		failed[key{f.Rule.ID, f.Example, f.Want}] = true
	}
	var out []RuleExamples
	for _, r := range s.set.Rules {
		if !changed[r.ID] || r.Disabled {
			continue
		}
		re := RuleExamples{ID: r.ID}
		if len(s.set.Sources) > 0 && r.Pos.File == s.set.Sources[len(s.set.Sources)-1] {
			re.Line = r.Pos.Line
		}
		for _, ex := range r.Examples.Match {
			re.Examples = append(re.Examples, ExampleResult{Text: ex, Want: true, Pass: !failed[key{r.ID, ex, true}]})
		}
		for _, ex := range r.Examples.NoMatch {
			re.Examples = append(re.Examples, ExampleResult{Text: ex, Want: false, Pass: !failed[key{r.ID, ex, false}]})
		}
		out = append(out, re)
	}
	return out
}

// changedRules returns the ids of rules that differ between a and b, or
// exist in only one of them.
func changedRules(a, b *rules.Set) map[string]bool {
	out := map[string]bool{}
	for _, r := range b.Rules {
		o := a.Rule(r.ID)
		if o == nil || fingerprint(o) != fingerprint(r) {
			out[r.ID] = true
		}
	}
	for _, r := range a.Rules {
		if b.Rule(r.ID) == nil {
			out[r.ID] = true
		}
	}
	return out
}

// fingerprint is everything about a rule that affects its behaviour or its
// examples, as text; where it is defined is left out.
func fingerprint(r *rules.Rule) string {
	c := *r
	c.Pos = rules.Pos{}
	return ruleText(&c)
}

// matchKey is everything about a rule except what only says what a line it
// fires on becomes (weight, label, category, severity, effect, end-of-article
// marking) and its text for people: two rules with the same key fire on the
// same lines of a page with the same structure. Fields it does not know of
// are part of the key, so that a new kind of condition counts as a change.
func matchKey(r *rules.Rule) string {
	c := *r
	c.Category, c.Description, c.Label, c.Weight, c.Severity = "", "", 0, 0, 0
	c.EndsArticle, c.Effect, c.Examples, c.Pos = false, 0, rules.Examples{}, rules.Pos{}
	return ruleText(&c)
}

// ruleText prints a rule with its patterns as their source.
func ruleText(r *rules.Rule) string {
	pats := make([]string, len(r.Patterns))
	for i, p := range r.Patterns {
		pats[i] = p.String()
	}
	c := *r
	c.Patterns = nil
	return fmt.Sprintf("%#v|%q", c, pats)
}

// DiffLine is one line of a cleaned-text diff: Op is "=", "-" or "+"; a
// run of unchanged lines far from any change is folded into one "…" line
// whose Skipped says how many it stands for.
type DiffLine struct {
	Op      string `json:"op"`
	Text    string `json:"text"`
	Skipped int    `json:"skipped,omitempty"`
}

// diffContext is how many unchanged lines are shown around a change.
const diffContext = 2

// cleanText is the cleaned text of p, scored in snapshot s, as newslint
// clean writes it.
func cleanText(s *snapshot, p *report.Page) string {
	return string(clean.Text(p.Result, s.set.Settings.Keep, "\n"))
}

// lineDiff diffs two texts line by line (go-diff's line mode) and folds
// long unchanged runs.
func lineDiff(before, after string) []DiffLine {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	c1, c2, lines := dmp.DiffLinesToChars(before, after)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(c1, c2, false), lines)
	var all []DiffLine
	for _, d := range diffs {
		op := "="
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = "-"
		case diffmatchpatch.DiffInsert:
			op = "+"
		}
		for _, l := range strings.SplitAfter(d.Text, "\n") {
			if l == "" {
				continue
			}
			all = append(all, DiffLine{Op: op, Text: strings.TrimSuffix(l, "\n")})
		}
	}
	// Fold unchanged runs that are more than diffContext lines from a change.
	near := make([]bool, len(all))
	for i, l := range all {
		if l.Op == "=" {
			continue
		}
		for j := max(0, i-diffContext); j <= min(len(all)-1, i+diffContext); j++ {
			near[j] = true
		}
	}
	var out []DiffLine
	for i := 0; i < len(all); i++ {
		if all[i].Op != "=" || near[i] {
			out = append(out, all[i])
			continue
		}
		j := i
		for j < len(all) && all[j].Op == "=" && !near[j] {
			j++
		}
		out = append(out, DiffLine{Op: "…", Skipped: j - i})
		i = j - 1
	}
	return out
}
