package rules

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// rule wraps one rule's YAML lines into a file with extends: none.
func ruleFile(lines ...string) string {
	return "extends: none\nrules:\n" + strings.Join(lines, "\n") + "\n"
}

var validRule = []string{
	"  - id: counter",
	"    kind: pattern",
	"    label: noise",
	"    category: comment-counter",
	"    description: A comment counter.",
	`    patterns: ['^\d+ Kommentare$']`,
	"    examples:",
	`      match: ["0 Kommentare"]`,
	`      no-match: ["Kommentare sind willkommen."]`,
}

func with(replace map[int]string, extra ...string) []string {
	out := append([]string(nil), validRule...)
	for i, l := range replace {
		out[i] = l
	}
	return append(out, extra...)
}

func TestConfigErrors(t *testing.T) {
	cases := []struct {
		name string
		yaml string
		want string // the whole message, or its start
	}{
		{"unknown key with suggestion", ruleFile(with(nil, "    patern: x")...),
			`my.yaml:12:5: rule "counter": unknown key "patern" (did you mean "patterns"?)`},
		{"bad regexp", ruleFile(with(map[int]string{5: `    patterns: ['^(\d+ Kommentare$']`})...),
			`my.yaml:8:16: rule "counter": pattern: missing closing ): "^(\\d+ Kommentare$" in "^(\\d+ Kommentare$"`},
		{"ascii word boundary refused", ruleFile(with(map[int]string{5: `    patterns: ['\büber']`})...),
			`my.yaml:8:16: rule "counter": pattern: \b in "\\büber" knows only ASCII letters`},
		{"duplicate id", ruleFile(append(with(nil), with(nil)...)...),
			`my.yaml:12:5: rule "counter": duplicate id: already defined at line 3`},
		{"wrong type", ruleFile(with(map[int]string{1: "    kind: [pattern]"})...),
			`my.yaml:4:11: rule "counter": want a string, got a list`},
		{"unknown kind", ruleFile(with(map[int]string{1: "    kind: regex"})...),
			`my.yaml:4:11: rule "counter": unknown kind "regex" (want pattern, phrases, feature, context, duplicate, document)`},
		{"weight not a number", ruleFile(with(nil, "    weight: heavy")...),
			`my.yaml:12:13: rule "counter": want a number, got the string "heavy"`},
		{"negative weight", ruleFile(with(nil, "    weight: -2")...),
			`my.yaml:12:13: rule "counter": weight must not be negative`},
		{"noise without category", ruleFile(with(map[int]string{3: "    severity: warning"})...),
			`my.yaml:5:5: rule "counter": a noise rule needs a category`},
		{"missing examples", ruleFile(validRule[:6]...),
			`my.yaml:3:5: rule "counter": missing examples: match`},
		{"unknown feature", ruleFile(with(nil, "    when:", "      wordz: {max: 3}")...),
			`my.yaml:13:7: rule "counter": when: unknown feature "wordz" (did you mean "words"?)`},
		{"range min above max", ruleFile(with(nil, "    when:", "      words: {min: 5, max: 3}")...),
			`my.yaml:13:14: rule "counter": when: words: min 5 is above max 3`},
		{"feature rule with structure", ruleFile(
			"  - id: f", "    kind: feature", "    label: noise", "    category: boilerplate",
			"    description: x", "    when:", "      block: after",
			"    examples:", `      match: ["a"]`, `      no-match: ["b"]`),
			`my.yaml:8:5: rule "f": a feature rule tests the line alone; use kind: context`},
		{"yaml syntax", "rules:\n  - id: x\n    patterns: ['unclosed\n",
			`my.yaml:3:1: YAML syntax:`},
		{"unknown top-level key", "rulez: []\n",
			`my.yaml:1:1: unknown key "rulez" (want version, extends, settings or rules)`},
		{"settings typo", "settings:\n  fail-levl: error\n",
			`my.yaml:2:3: settings: unknown key "fail-levl" (did you mean "fail-level"?)`},
		{"bad fail level", "settings:\n  fail-level: fatal\n",
			`my.yaml:2:15: settings: fail-level: unknown severity "fatal"`},
		{"unknown required field", "settings:\n  required-fields: [url, autor]\n",
			`my.yaml:2:20: settings: required-fields: unknown field "autor"`},
		{"no include keys", "include: other.yaml\n",
			`my.yaml:1:1: unknown key "include"`},
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

func TestOverrideExtendsDefaults(t *testing.T) {
	set, err := Parse([]byte("rules:\n  - id: share-button\n    enabled: false\n  - id: comment-counter\n    weight: 9\n"), "user.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if r := set.Rule("share-button"); r == nil || !r.Disabled {
		t.Errorf("share-button should be disabled")
	}
	r := set.Rule("comment-counter")
	if r == nil || r.Weight != 9 || len(r.Patterns) == 0 || r.Category != "comment-counter" {
		t.Errorf("comment-counter override should change the weight only, got %+v", r)
	}
	if len(set.Sources) != 2 {
		t.Errorf("sources = %v, want the defaults and user.yaml", set.Sources)
	}
}

// TestOverrideCaseSensitive: a user file that makes a built-in pattern rule
// case-sensitive gets its patterns compiled again without (?i), though the
// built-in rules come compiled (builtin_gen.go).
func TestOverrideCaseSensitive(t *testing.T) {
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if r := def.Rule("comment-counter"); !r.Patterns[0].MatchLine("0 KOMMENTARE", FoldCase("0 KOMMENTARE")) {
		t.Fatal("comment-counter does not match 0 KOMMENTARE by default")
	}
	set, err := Parse([]byte("rules:\n  - id: comment-counter\n    case-sensitive: true\n"), "user.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := set.Rule("comment-counter")
	if strings.HasPrefix(r.Patterns[0].String(), "(?i)") || r.Patterns[0].MatchLine("0 KOMMENTARE", FoldCase("0 KOMMENTARE")) {
		t.Errorf("comment-counter made case-sensitive still matches 0 KOMMENTARE: %s", r.Patterns[0])
	}
	if !r.Patterns[0].MatchLine("0 Kommentare", FoldCase("0 Kommentare")) {
		t.Errorf("comment-counter made case-sensitive no longer matches 0 Kommentare: %s", r.Patterns[0])
	}
}

func TestDefaultsLoad(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range set.Rules {
		if r.Description == "" || len(r.Examples.Match) == 0 || len(r.Examples.NoMatch) == 0 {
			t.Errorf("%s: rule %s lacks a description or examples", r.Pos, r.ID)
		}
	}
}

func TestFoldWords(t *testing.T) {
	cases := map[string]string{
		"Folgen Sie uns auf:":   "folgen sie uns auf",
		"  ÜBER   Straße!! ":    "über straße",
		"[0 Kommentare]":        "0 kommentare",
		"E-Mail":                "e mail",
		"l’homme d'État":        "l homme d état",
		"":                      "",
		"¿Qué pasa? ¡Nada!":     "qué pasa nada",
		"数字发现":                  "数字发现",
		"tab\tseparated\u00a0x": "tab separated x",
	}
	for in, want := range cases {
		if got := string(FoldWords(nil, in)); got != want {
			t.Errorf("FoldWords(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPrefilterProducts checks that adjacent parts combine into rarer
// literals: a digit followed by a dot rather than the dot alone.
func TestPrefilterProducts(t *testing.T) {
	cases := []struct {
		expr string
		want []string
	}{
		{`\d{1,2}\.`, []string{"0.", "1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.", "9."}},
		// 10 × 10 literals would be too many: the digit and the colon.
		{`\d+:\d`, []string{"0:", "1:", "2:", "3:", "4:", "5:", "6:", "7:", "8:", "9:"}},
		// The longer words, with the first character \s+ can stand for.
		{`(?i)(?:jetzt|gleich)\s+abo`, []string{"JETZT\t", "JETZT\n", "JETZT\f", "JETZT\r", "JETZT ",
			"GLEICH\t", "GLEICH\n", "GLEICH\f", "GLEICH\r", "GLEICH "}},
		{`(?i)teil(?:en|t)`, []string{"TEILEN", "TEILT"}},
		{`(?i)(?:abonnent|registriert)`, []string{"ABONNENT", "REGISTRI"}}, // cut to 8 bytes
		{`\s*`, nil},
	}
	for _, c := range cases {
		_, pf, err := compilePattern(c.expr, true)
		if err != nil {
			t.Fatal(err)
		}
		var first []string
		if pf != nil {
			first = pf[0]
		}
		if !slices.Equal(first, c.want) {
			t.Errorf("prefilter of %q = %q, want %q", c.expr, first, c.want)
		}
	}
}

// TestPrefilterSets checks that other parts of a pattern add sets of their
// own, which a line must also hold: a digit as well as a month name.
func TestPrefilterSets(t *testing.T) {
	digits := []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	cases := []struct {
		expr string
		want Prefilter
	}{
		{`(?i)pdf[\s,]{0,6}\d+\s?(?:kb|mb)`, Prefilter{{"PDF"}, {"KB", "MB"}, digits}},
		{`(?i)(?:januar|mai)\s+\d`, Prefilter{
			{"JANUAR\t", "JANUAR\n", "JANUAR\f", "JANUAR\r", "JANUAR ", "MAI\t", "MAI\n", "MAI\f", "MAI\r", "MAI "}, digits}},
		// A set every line holds (a space) or that the first implies ("."
		// in "0.") adds nothing.
		{`\d{1,2}\.\s?\d`, Prefilter{{"0.", "1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.", "9."}}},
		// Only one branch of an alternation has the digit: no second set.
		{`(?i)cookies (?:\d|x)`, Prefilter{{"COOKIES "}}},
	}
	for _, c := range cases {
		_, pf, err := compilePattern(c.expr, true)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(pf, c.want, slices.Equal) {
			t.Errorf("prefilter of %q = %q, want %q", c.expr, pf, c.want)
		}
	}
}

// TestPrefilterLargeClassSet checks that a class too large to lead a
// prefilter (more than 64 runes) still serves as its second set: mojibake
// needs a Latin-1 capital and then a character of the C1/Latin-1 block.
func TestPrefilterLargeClassSet(t *testing.T) {
	_, pf, err := compilePattern(`[Â-Ö][\x{80}-\x{BF}\x{152}\x{153}]`, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(pf) != 2 || len(pf[0]) != 21 || len(pf[1]) != 65 {
		sizes := []int{}
		for _, set := range pf {
			sizes = append(sizes, len(set))
		}
		t.Errorf("prefilter sets of sizes %v, want [21 65] (Œ and œ fold together)", sizes)
	}
	if pf.Pass(FoldCase("Straße Ärger")) {
		t.Error("a line with umlauts but no mojibake passes")
	}
	if !pf.Pass(FoldCase("fÃ¼r")) {
		t.Error("mojibake is rejected")
	}
}

func TestPrefilterIsExact(t *testing.T) {
	// Every line a pattern matches must pass its prefilter, whatever the case.
	cases := []struct{ expr, line string }{
		{`(?i)cookie[- ]?(?:einstellungen|settings)`, "COOKIE-EINSTELLUNGEN"},
		{`(?i)(?:ß|über)straße`, "ÜBERSTRASSE"[:0] + "ÜBERSTRAẞE"},
		{`(?i)alle rechte vorbehalten`, "© 2024 ALLE RECHTE VORBEHALTEN"},
		{`(?i)(?:\[…\]|\[\.\.\.\])\s*$`, "… den […]"},
		{`(?i)kelvin`, "\u212aelvin"},
		{`(?:^|[^\pL\pN])\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)?\d{2}(?:$|[^\pN])`, "am 3. 12. 24 war"},
		{`(?:^|[^\pL\pN])\d{1,2}:\d{2}\s*(?:Uhr|h|am|pm)?(?:$|[^\pL\pN])`, "um 9:05 Uhr"},
		{`(?i)(?:vor|seit)\s+\d+\s+(?:minuten|stunden)`, "VOR\t3 STUNDEN"},
		{`x?y?z?`, ""},
		{`a{2,3}b`, "aaab"},
		{`(?:ab|cd)(?:ef|gh)?ij`, "cdij"},
		{`[Â-ÖØ-Þ][\x{80}-\x{BF}]`, "Ã¤"},
		{`(?i)straße\d`, "STRASSE1"[:0] + "strasse1"[:0] + "Straße1"},
		{`(?i)(?:may|june)\.?\s+\d{1,2}`, "on June 3"},
		{`(?i)pdf[\s,]{0,6}\d+\s?(?:kb|mb)`, "Bericht (PDF, 3 MB)"},
	}
	for _, c := range cases {
		re, pf0, err := compilePattern(c.expr, true)
		if err != nil {
			t.Fatal(err)
		}
		if !re.MatchString(c.line) {
			t.Fatalf("%q should match %q", c.expr, c.line)
		}
		if pf := pf0; !pf.Pass(FoldCase(c.line)) {
			t.Errorf("prefilter %q of %q rejects matching line %q", pf, c.expr, c.line)
		}
	}
}

// TestDefaultPatternsPrefiltered guards the engine's speed: a pattern without
// a literal prefilter runs its regular expression on every line (one long
// alternation without one doubled the engine's time, another took a quarter
// of its regular-expression time on short lines). Split such an
// alternation into one pattern per language: each part gets its literals.
func TestDefaultPatternsPrefiltered(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range set.Rules {
		for k, p := range r.Patterns {
			if r.Prefilters[k] == nil {
				t.Errorf("rule %s: pattern %d has no literal prefilter: %.100s", r.ID, k, p.String())
			}
		}
	}
}

// TestIDAndLangCode: isID and isLangCode accept what the regular
// expressions they replace, ^[a-z0-9][a-z0-9-]*$ and ^[a-z]{2,3}$, accept.
func TestIDAndLangCode(t *testing.T) {
	id := regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	lang := regexp.MustCompile(`^[a-z]{2,3}$`)
	for _, s := range []string{"", "a", "-a", "a-", "share-button", "Share", "x_y", "de", "deu", "deut", "d", "9", "de-AT", "ü", "a b", "comment-counter2"} {
		if got, want := isID(s), id.MatchString(s); got != want {
			t.Errorf("isID(%q) = %v, want %v", s, got, want)
		}
		if got, want := isLangCode(s), lang.MatchString(s); got != want {
			t.Errorf("isLangCode(%q) = %v, want %v", s, got, want)
		}
	}
}
