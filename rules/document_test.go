package rules

import (
	"strings"
	"testing"
)

// docRule is a valid document rule; tests replace or add lines.
var docRule = []string{
	"  - id: short",
	"    kind: document",
	"    check: too-little-text",
	"    category: too-short",
	"    description: Too little text.",
	"    params: {min-words: 50}",
	"    examples:",
	`      match: ["Startseite"]`,
	`      no-match: ["x"]`,
}

func docWith(replace map[int]string, extra ...string) []string {
	out := append([]string(nil), docRule...)
	for i, l := range replace {
		out[i] = l
	}
	return append(out, extra...)
}

// TestQualityConfigErrors: mistakes in flag and document rules point at
// their line and column like every other decoding error.
func TestQualityConfigErrors(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"unknown check", ruleFile(docWith(map[int]string{2: "    check: too-litle-text"})...),
			`my.yaml:5:12: rule "short": unknown check "too-litle-text" (want truncated, cut-off, not-an-article, too-little-text, no-headline, duplicate-text, language, article-uncertain) (did you mean "too-little-text"?)`},
		{"unknown parameter", ruleFile(docWith(map[int]string{5: "    params: {min-word: 50}"})...),
			`my.yaml:8:14: rule "short": params: check too-little-text has no parameter "min-word" (want min-words, min-lines) (did you mean "min-words"?)`},
		{"parameter of the wrong type", ruleFile(docWith(map[int]string{5: "    params: {min-words: many}"})...),
			`my.yaml:8:25: rule "short": want a number, got the string "many"`},
		{"parameter below its minimum", ruleFile(docWith(map[int]string{5: "    params: {min-words: -3}"})...),
			`my.yaml:8:25: rule "short": params: min-words must be at least 0, got -3`},
		{"bad language code", ruleFile(docWith(map[int]string{2: "    check: language", 5: "    params: {expect: [deutsch]}"})...),
			`my.yaml:8:22: rule "short": params: expect: "deutsch" is not a language code`},
		{"document rule without check", ruleFile(docWith(map[int]string{2: "    severity: warning"})...),
			`my.yaml:4:5: rule "short": a document rule needs check: one of truncated, cut-off`},
		{"document rule with when", ruleFile(docWith(nil, "    when: {words: {max: 3}}")...),
			`my.yaml:12:5: rule "short": when: conditions are for line rules`},
		{"document rule without category", ruleFile(docWith(map[int]string{3: "    severity: info"})...),
			`my.yaml:3:5: rule "short": a document rule needs a category for its findings`},
		{"check without evidence", ruleFile(docWith(map[int]string{2: "    check: not-an-article", 5: "    params: {max-words: 50}"})...),
			`my.yaml:5:5: rule "short": check not-an-article needs patterns, phrases or params: categories`},
		{"evidence for a check that takes none", ruleFile(docWith(nil, "    patterns: ['^x$']")...),
			`my.yaml:12:5: rule "short": check too-little-text takes no patterns`},
		{"params on a line rule", ruleFile(with(nil, "    params: {min-words: 3}")...),
			`my.yaml:12:5: rule "counter": params is for document rules, not pattern rules`},
		{"bad effect", ruleFile(with(nil, "    effect: report")...),
			`my.yaml:12:13: rule "counter": effect: want score or flag, got "report"`},
		{"effect on a document rule", ruleFile(docWith(nil, "    effect: flag")...),
			`my.yaml:12:5: rule "short": a document rule always reports and never scores`},
		{"flag rule without category", ruleFile(
			"  - id: f", "    kind: pattern", "    effect: flag", "    description: x", "    patterns: ['x']",
			"    examples:", `      match: ["x"]`, `      no-match: ["y"]`),
			`my.yaml:3:5: rule "f": a flag rule needs a category for its findings`},
		{"bad site glob", ruleFile(with(nil, "    sites: ['[example.com']")...),
			`my.yaml:12:12: rule "counter": sites: bad site glob "[example.com"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.yaml), "my.yaml")
			if err == nil {
				t.Fatalf("no error; want %q", c.want)
			}
			if !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error:\n  %s\nwant it to start with:\n  %s", err, c.want)
			}
		})
	}
}

// TestDocumentRuleCompiles: defaults fill the parameters a rule leaves
// out, a flag rule needs no label and defaults to warning, and sites are
// lower case.
func TestDocumentRuleCompiles(t *testing.T) {
	yaml := ruleFile(append(docWith(nil),
		"  - id: f", "    kind: pattern", "    effect: flag", "    category: markup", "    description: x",
		"    sites: [Example.COM, '*.example.org']", "    patterns: ['&nbsp;']",
		"    examples:", `      match: ["x"]`, `      no-match: ["y"]`)...)
	set, err := Parse([]byte(yaml), "my.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d := set.Rule("short")
	if d.Kind != Document || d.Check != CheckTooLittleText || d.Params.Num("min-words") != 50 || d.Params.Num("min-lines") != 0 {
		t.Errorf("document rule: %+v", d)
	}
	if d.Severity != Warning {
		t.Errorf("document rule severity %v, want warning", d.Severity)
	}
	f := set.Rule("f")
	if f.Effect != Flag || f.Severity != Warning || f.Category != "markup" {
		t.Errorf("flag rule: effect %v, severity %v, category %q", f.Effect, f.Severity, f.Category)
	}
	for site, want := range map[string]bool{"example.com": true, "EXAMPLE.com": true, "news.example.org": true, "example.org": false, "": false} {
		if got := f.AppliesToSite(site); got != want {
			t.Errorf("AppliesToSite(%q) = %v, want %v", site, got, want)
		}
	}
	if r := set.Rule("counter"); r != nil && !r.AppliesToSite("") {
		t.Errorf("a rule without sites applies everywhere")
	}
}

// TestParamsOverride: a user file changes the parameters it names and
// keeps the others.
func TestParamsOverride(t *testing.T) {
	set, err := Parse([]byte("rules:\n  - id: too-little-text\n    params: {min-lines: 3}\n"), "user.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := set.Rule("too-little-text")
	if r == nil {
		t.Fatal("the default rules have no too-little-text rule")
	}
	if r.Params.Num("min-lines") != 3 || r.Params.Num("min-words") != 80 {
		t.Errorf("params after override: min-lines %g (want 3), min-words %g (want 80 from the defaults)",
			r.Params.Num("min-lines"), r.Params.Num("min-words"))
	}
	set, err = Parse([]byte("rules:\n  - id: too-little-text\n    params: {min-word: 3}\n"), "user.yaml")
	if err == nil || !strings.HasPrefix(err.Error(), `user.yaml:3:14: rule "too-little-text": params: check too-little-text has no parameter "min-word"`) {
		t.Errorf("a misspelt parameter in a user file: got %v", err)
	}
}
