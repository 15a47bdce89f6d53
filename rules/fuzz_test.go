package rules

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The fuzz targets of the rules decoder. `go test` runs them on their seed
// corpus (the f.Add calls and testdata/fuzz/<Name>/); `go test -fuzz
// FuzzParse ./rules` explores. A crasher found there goes to
// testdata/fuzz/<Name>/ and stays as a regression case.

// FuzzParse feeds arbitrary bytes to the rules decoder as a user file that
// extends the defaults. It must never panic, and every error it returns
// must name the file and, where it has a position, line and column.
func FuzzParse(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add([]byte(s))
	}
	addRuleFiles(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := Parse(data, "fuzz.yaml")
		if err != nil {
			checkDecodeErrors(t, err, "fuzz.yaml", data)
			return
		}
		checkSet(t, set)
	})
}

// FuzzParseOnly is FuzzParse without the defaults (extends: none), so that
// the fuzzer's rules are compiled whole rather than merged into defaults.
func FuzzParseOnly(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add([]byte(s))
	}
	addRuleFiles(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := ParseOnly(data, "fuzz.yaml")
		if err != nil {
			checkDecodeErrors(t, err, "fuzz.yaml", data)
			return
		}
		checkSet(t, set)
	})
}

// FuzzPattern compiles arbitrary rule patterns and matches them against
// arbitrary lines: compiling must not panic, and a line the pattern matches
// must pass the pattern's literal prefilter (else the detector would miss
// the match).
func FuzzPattern(f *testing.F) {
	f.Add(`^\[?\d+\s*Kommentare?\]?$`, "[3 Kommentare]", false)
	f.Add(`(?:^|[^\pL\pN])vor\s+\d+\s+(?:Minuten|Stunden)`, "Vor 2 STUNDEN", false)
	f.Add(`(?i)cookie[- ]?(?:einstellungen|settings)`, "COOKIE-EINSTELLUNGEN", true)
	f.Add(`(?:ß|über)straße`, "ÜBERSTRAẞE", false)
	f.Add(`kelvin`, "\u212aelvin", false)
	f.Add(`\x{FFFD}abc`, "\xffabc", false)
	f.Add(`(a*)*b`, strings.Repeat("a", 64), false)
	f.Add(`(x+x+)+y`, strings.Repeat("x", 64), true)
	f.Add(`[\pL\pN_]+\s*©`, "Foto © dpa", false)
	f.Add(`\b`, "", false)
	f.Add(`(`, "(", false)
	f.Add(`(?-i:Abc)def`, "Abcdef", false)
	f.Add(`straße`, "STRASSE", false)
	f.Add(`[^a-zä]+ß`, "ÄSS ẞ", false)
	f.Add(`\x{212A}elvin\.`, "kelvin.", false)
	f.Fuzz(func(t *testing.T, src, line string, cs bool) {
		re, pf0, err := compilePattern(src, cs)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("empty error for pattern %q", src)
			}
			return
		}
		pf := pf0
		folded := FoldCase(line)
		m := re.MatchString(line)
		if m && !pf.Pass(folded) {
			t.Fatalf("pattern %q matches %q but its prefilter %q rejects it", re, line, pf)
		}
		if got := re.MatchLine(line, folded); got != m {
			t.Fatalf("pattern %q on %q: %v, but its folded form on %q: %v", re, line, m, folded, got)
		}
	})
}

// addRuleFiles adds the rules files of the repository to the seeds: the
// defaults and the test fixtures.
func addRuleFiles(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("..", "cmd", "newslint", "testdata", "*", "rules.yaml"))
	for _, p := range append(paths, filepath.Join("..", "rules.yaml")) {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
}

// parseSeeds are the seeds of FuzzParse and FuzzParseOnly besides
// testdata/fuzz: small files that reach every branch of the decoder.
var parseSeeds = []string{
	"",
	"version: 1\n",
	"extends: none\n",
	"extends: default\nsettings:\n  fail-level: error\n  max-noise-ratio: 0.4\n  min-content-lines: 2\n  keep: [title, content, meta]\n  extensions: [txt, .md]\n",
	"settings:\n  overrides:\n    - paths: 'archive/*'\n      fail-level: none\n      max-noise-ratio: 0.9\n      min-content-lines: 0\n      disable: [share-button]\n",
	"settings:\n  overrides:\n    - paths: '['\n      disable: [no-such-rule]\n",
	"rules:\n  - id: share-button\n    enabled: false\n  - id: comment-counter\n    weight: 9\n",
	ruleFile(validRule...),
	ruleFile(
		"  - id: follow",
		"    kind: phrases",
		"    label: noise",
		"    category: share",
		"    description: A follow prompt.",
		"    match: start",
		"    phrases: ['Folgen Sie uns', 'follow us on']",
		"    lang: [de, en]",
		"    severity: error",
		"    weight: 2.5",
		"    examples:",
		"      match: ['Folgen Sie uns auf X']",
		"      no-match: ['Wir folgen den Regeln.']"),
	ruleFile(
		"  - id: short-after",
		"    kind: context",
		"    label: noise",
		"    category: boilerplate",
		"    description: Short lines after the article.",
		"    ends-article: true",
		"    when:",
		"      words: {min: 1, max: 4}",
		"      terminal-punct: false",
		"      block: [inside, after]",
		"      dom-hint: [nav, footer]",
		"      prev: {words: {min: 20}, score: {max: 0}}",
		"      next: {stopword-density: {max: 0.1}}",
		"    examples:",
		"      match: [\"a long line of text\\n>> Impressum\"]",
		"      no-match: ['x']"),
	ruleFile(
		"  - id: dup",
		"    kind: duplicate",
		"    duplicate: previous-prefix",
		"    label: noise",
		"    category: caption",
		"    case-sensitive: true",
		"    description: A repeated caption.",
		"    examples: {match: [\"Der Kanzler in Berlin am Montag\\n>> Der Kanzler in Berlin am Montag Foto: dpa\"], no-match: [x]}"),
	// Anchors and aliases, which the decoder resolves.
	"rules:\n  - &r {id: a, enabled: false}\n  - *r\n  - {id: b, when: &w {words: {max: 2}}, examples: {match: *w}}\n",
	// Broken YAML.
	"rules:\n  - id: x\n    patterns: ['unclosed\n",
	"rules: [\n",
	"\t- tab\n",
	"rules:\n- id: a\n  kind: pattern\n  patterns: [\"\\xff\"]\n",
	"!!binary aGVsbG8=\n",
	"rules: !!map {}\n",
	"? [a, b]\n: c\n",
	"include: other.yaml\n",
	"rules:\n  - id: x\n    file: /etc/passwd\n",
	"\xef\xbb\xbfversion: 1\r\nextends: none\r\n",
	"version: 99999999999999999999\n",
	"rules:\n  - id: w\n    weight: 1e400\n  - id: v\n    weight: .nan\n",
}

// checkDecodeErrors checks that err is made of *DecodeError values that
// name file, with a line and column inside data when they have a line.
func checkDecodeErrors(t *testing.T, err error, file string, data []byte) {
	t.Helper()
	// YAML ends a line at LF, CRLF or a lone CR (as the decoder counts).
	lines := strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") + strings.Count(string(data), "\r") - strings.Count(string(data), "\r\n") + 2
	for _, e := range leafErrors(err) {
		msg := e.Error()
		if !strings.HasPrefix(msg, file) {
			t.Errorf("error does not name %s: %q", file, msg)
		}
		if strings.Contains(msg, "\n") {
			t.Errorf("error spans lines: %q", msg)
		}
		var de *DecodeError
		if !errors.As(e, &de) {
			t.Errorf("error is %T, not *DecodeError (no position): %q", e, msg)
			continue
		}
		if de.Pos.File != file {
			t.Errorf("error names %q, want %q: %q", de.Pos.File, file, msg)
		}
		if de.Pos.Line == 0 {
			continue
		}
		if de.Pos.Line < 0 || de.Pos.Line > lines || de.Pos.Col < 1 {
			t.Errorf("error position %d:%d is outside the %d-line file: %q", de.Pos.Line, de.Pos.Col, lines, msg)
		}
		if want := fmt.Sprintf("%s:%d:%d: ", file, de.Pos.Line, de.Pos.Col); !strings.HasPrefix(msg, want) {
			t.Errorf("error does not start with %q: %q", want, msg)
		}
	}
}

// leafErrors flattens errors.Join trees.
func leafErrors(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, leafErrors(e)...)
		}
		return out
	}
	return []error{err}
}

// checkSet checks what the detector relies on in a compiled set.
func checkSet(t *testing.T, set *Set) {
	t.Helper()
	for _, r := range set.Rules {
		if !isID(r.ID) || set.Rule(r.ID) != r {
			t.Errorf("rule %q: bad or unindexed id", r.ID)
		}
		if int(r.Label) >= len(labelNames) || int(r.Kind) >= len(kindNames) || int(r.Severity) > int(Error) {
			t.Errorf("rule %q: label %d, kind %d, severity %d out of range", r.ID, r.Label, r.Kind, r.Severity)
		}
		if math.IsNaN(r.Weight) || math.IsInf(r.Weight, 0) || r.Weight < 0 {
			t.Errorf("rule %q: weight %g", r.ID, r.Weight)
		}
		if r.Label == Noise && r.Category == "" {
			t.Errorf("rule %q: noise rule without a category", r.ID)
		}
		if len(r.Prefilters) != len(r.Patterns) {
			t.Errorf("rule %q: %d prefilters for %d patterns", r.ID, len(r.Prefilters), len(r.Patterns))
		}
		if int(r.PhraseMode) >= len(phraseModeNames) {
			t.Errorf("rule %q: phrase mode %d", r.ID, r.PhraseMode)
		}
		for _, p := range r.Phrases {
			if p == "" || !utf8.ValidString(p) {
				t.Errorf("rule %q: phrase %q", r.ID, p)
			}
		}
		for _, c := range r.When {
			if c.Feature >= NumFeatures || c.Neighbor < -1 || c.Neighbor > 1 {
				t.Errorf("rule %q: condition %+v", r.ID, c)
			}
		}
	}
}

// TestRulesNameNoFiles: a rules file cannot make newslint read or write
// files it was not given. The format has no key that names a file; keys that
// would are refused with their position, and YAML tags that other tools use
// for includes are plain strings to newslint.
func TestRulesNameNoFiles(t *testing.T) {
	refused := []struct{ yaml, want string }{
		{"include: other.yaml\n", `x.yaml:1:1: unknown key "include"`},
		{"import: [a.yaml]\n", `x.yaml:1:1: unknown key "import"`},
		{"extends: /etc/newslint.yaml\n", `x.yaml:1:10: extends: want "default" or "none"`},
		{"extends: ../other.yaml\n", `x.yaml:1:10: extends: want "default" or "none"`},
		{"settings:\n  output: /tmp/x\n", `x.yaml:2:3: settings: unknown key "output"`},
		{"settings:\n  baseline-file: b.json\n", `x.yaml:2:3: settings: unknown key "baseline-file"`},
		{"settings:\n  overrides:\n    - paths: '*'\n      rules: other.yaml\n", `x.yaml:4:7: settings: overrides: unknown key "rules"`},
		{ruleFile(with(nil, "    file: /etc/passwd")...), `x.yaml:12:5: rule "counter": unknown key "file"`},
		{ruleFile(with(nil, "    path: words.txt")...), `x.yaml:12:5: rule "counter": unknown key "path"`},
		{ruleFile(with(nil, "    phrases-file: words.txt")...), `x.yaml:12:5: rule "counter": unknown key "phrases-file"`},
		{ruleFile(with(nil, "    include: more.yaml")...), `x.yaml:12:5: rule "counter": unknown key "include"`},
		{ruleFile(with(nil, "    examples-file: ex.txt")...), `x.yaml:12:5: rule "counter": unknown key "examples-file"`},
		{ruleFile(with(map[int]string{6: "    examples:", 7: "      file: ex.txt"})...), `x.yaml:10:7: rule "counter": examples: unknown key "file"`},
	}
	for _, c := range refused {
		_, err := Parse([]byte(c.yaml), "x.yaml")
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q:\n got %v\nwant %s…", c.yaml, err, c.want)
		}
	}

	// A tag such as !include is not acted on: the value is the literal text.
	secret := t.TempDir() + "/secret.txt"
	if err := os.WriteFile(secret, []byte("SECRET-CONTENT"), 0o600); err != nil {
		t.Fatal(err)
	}
	y := ruleFile(
		"  - id: tagged",
		"    kind: pattern",
		"    label: noise",
		"    category: teaser",
		"    description: !include "+secret,
		"    patterns: [!include "+secret+"]",
		"    examples: {match: ["+secret+"], no-match: [x]}")
	set, err := Parse([]byte(y), "x.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := set.Rule("tagged")
	if r.Description != secret || r.Patterns[0].String() != "(?i)"+secret {
		t.Errorf("tagged values were not taken literally: description %q, pattern %q", r.Description, r.Patterns[0])
	}
}

// TestAliasExpansionIsBounded: YAML aliases let a small file stand for a
// huge one. The decoder walks every copy an alias stands for, so this 100 KB
// file (10,000 copies of a rule whose phrases and examples are a list of
// 10,000 items) took 15 s to decode before the expansion was bounded, and a
// 1 MB one would take half an hour. It must be refused at once, pointing at
// the alias.
func TestAliasExpansionIsBounded(t *testing.T) {
	const n = 10000
	var b strings.Builder
	b.WriteString("extends: none\nrules:\n")
	b.WriteString("  - &r {id: a, kind: phrases, label: noise, category: c, description: d, phrases: &m [x")
	b.WriteString(strings.Repeat(", x", n-1))
	b.WriteString("], examples: {match: *m, no-match: *m}}\n")
	b.WriteString(strings.Repeat("  - *r\n", n))
	data := []byte(b.String())
	done := make(chan error, 1)
	go func() {
		_, err := Parse(data, "bomb.yaml")
		done <- err
	}()
	select {
	case err := <-done:
		const want = "bomb.yaml:4:5: aliases expand the file to more than"
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Fatalf("got %v\nwant %s…", err, want)
		}
		checkDecodeErrors(t, err, "bomb.yaml", data)
	case <-time.After(10 * time.Second):
		t.Fatal("decoding a 100 KB file of aliases took more than 10 s")
	}

	// A file that uses aliases in moderation is fine.
	ok := "rules:\n  - &off {id: share-button, enabled: false}\n  - id: comment-counter\n    weight: 9\n    lang: &langs [de, en]\n  - {id: follow-prompt, lang: *langs}\n"
	if _, err := Parse([]byte(ok), "ok.yaml"); err != nil {
		t.Errorf("moderate aliases refused: %v", err)
	}
}
