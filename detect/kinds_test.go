package detect_test

import (
	"strings"
	"testing"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/rules"
)

// fired reports whether rule id fired on the line marked ">> " of page.
func fired(t *testing.T, e *detect.Engine, id, page string) bool {
	t.Helper()
	p, target := detect.ExamplePage(page)
	for _, v := range e.Run(p, detect.Options{}).Verdicts {
		if v.Num == target {
			for _, h := range v.Hits {
				if h.Rule.ID == id {
					return true
				}
			}
		}
	}
	return false
}

func engineFor(t *testing.T, yaml string) *detect.Engine {
	t.Helper()
	set, err := rules.ParseOnly([]byte(yaml), "kinds.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return detect.New(set)
}

const longLine = "Der Rat stimmte am Dienstag dafür, das Programm um zwei weitere Jahre zu verlängern, obwohl mehrere Mitglieder der Opposition Einwände erhoben hatten und eine neue Prüfung forderten."

// TestRuleKinds runs one small rule of each kind against lines it must and
// must not fire on. Examples in the rule itself are placeholders; the table
// carries the cases.
func TestRuleKinds(t *testing.T) {
	cases := []struct {
		kind, rule string
		fire, skip []string
	}{
		{"pattern", `  - {id: r, kind: pattern, label: noise, category: c, description: d, patterns: ['^vor \d+ (?:Minuten|Stunden)$']}`,
			[]string{"vor 12 Minuten", "Vor 2 STUNDEN", "vor\u00a02 Stunden"},
			[]string{"vor 5 Jahren hat er das Unternehmen gegründet.", "vor 2 Stunden und mehr"}},
		{"pattern case-sensitive", `  - {id: r, kind: pattern, label: noise, category: c, description: d, case-sensitive: true, patterns: ['^Foto:']}`,
			[]string{"Foto: dpa"}, []string{"foto: dpa"}},
		// Every match needs a month name and a digit (two literal sets).
		{"pattern two literal sets", `  - {id: r, kind: pattern, label: noise, category: c, description: d, patterns: ['(?:Januar|Mai)\s+\d{4}']}`,
			[]string{"Mai 2024", "Im Januar 1999 begann es"}, []string{"Mai und Juni", "Im Jahr 2024", "Mai\n>> 2024"}},
		// Two rules with one pattern match it once per line; the line
		// below a match must not inherit it.
		{"pattern shared by two rules", `  - {id: r2, kind: pattern, label: noise, category: c, description: d, patterns: ['^vor \d+ Minuten$'], examples: {match: [x], no-match: [y]}}
  - {id: r, kind: pattern, label: noise, category: c, description: d, patterns: ['^vor \d+ Minuten$']}`,
			[]string{"vor 12 Minuten", "Anderes\n>> vor 3 Minuten"}, []string{"vor 12 Minuten\n>> vor 3 Minuten und mehr", "vor 12 Minuten\n>> vor 3 Stunden"}},
		{"pattern unicode letters", `  - {id: r, kind: pattern, label: noise, category: c, description: d, patterns: ['(?:^|[^\pL\pN])über(?:$|[^\pL\pN])']}`,
			[]string{"Mehr über uns", "ÜBER"}, []string{"Gegenüber dem Rathaus"}},
		{"phrases line", `  - {id: r, kind: phrases, label: noise, category: c, description: d, phrases: [folgen sie uns auf]}`,
			[]string{"Folgen Sie uns auf", "» Folgen Sie uns auf:"}, []string{"Folgen Sie uns auf Facebook"}},
		{"phrases start", `  - {id: r, kind: phrases, label: noise, category: c, description: d, match: start, phrases: [folgen sie uns]}`,
			[]string{"Folgen Sie uns auf Facebook"}, []string{"Wir folgen Ihnen", "Folgen Siemens-Aktien"}},
		{"phrases end", `  - {id: r, kind: phrases, label: noise, category: c, description: d, match: end, phrases: [weiterlesen]}`,
			[]string{"Die Stadt plant neue Radwege. Weiterlesen »"}, []string{"Weiterlesen lohnt sich."}},
		{"phrases anywhere", `  - {id: r, kind: phrases, label: noise, category: c, description: d, match: anywhere, phrases: [newsletter abonnieren]}`,
			[]string{"Jetzt den Newsletter abonnieren und sparen"}, []string{"Newsletters abonnieren"}},
		{"feature", `  - {id: r, kind: feature, label: noise, category: c, description: d, when: {words: {max: 2}, terminal-punct: false}}`,
			[]string{"Startseite", "Mein Konto"}, []string{"Ja.", "Drei Wörter hier"}},
		{"context neighbour", `  - {id: r, kind: context, label: noise, category: c, description: d, patterns: ['^vor \d+ Minuten$'], when: {prev: {ends-ellipsis: true}}}`,
			[]string{"Ein Text, der abbricht …\n>> vor 12 Minuten"}, []string{"Ein Satz.\n>> vor 12 Minuten"}},
		// The decoder needs evidence on both sides: a long line for the
		// article, a short one against it. A rules file of its own decodes
		// with rules.DefaultStructure, where ending the article costs 1: the
		// long line weighs 2, so that an article of it and an end (2 - 1)
		// beats the reading without an article (0); at weight 1 the two tie
		// and the decoder keeps the page before the article.
		{"context structure", `  - {id: long, kind: feature, label: content, description: d, weight: 2, when: {chars: {min: 100}}, examples: {match: [x], no-match: [y]}}
  - {id: short, kind: feature, label: noise, category: c, description: d, weight: 2, when: {words: {max: 2}}, examples: {match: [x], no-match: [y]}}
  - {id: r, kind: context, label: noise, category: c, description: d, when: {block: after}}`,
			[]string{longLine + "\n>> Impressum"}, []string{">> Impressum\n" + longLine}},
		{"duplicate exact", `  - {id: r, kind: duplicate, duplicate: exact, label: noise, category: c, description: d}`,
			[]string{"Netflix übernimmt Warner.\nAnderes.\n>> netflix  übernimmt Warner"}, []string{">> Netflix übernimmt Warner.\nNetflix übernimmt Warner."}},
		{"duplicate previous-prefix", `  - {id: r, kind: duplicate, duplicate: previous-prefix, label: noise, category: c, description: d}`,
			[]string{"Rutte ist überzeugt von der Treue.\n>> Rutte ist überzeugt von der Treue.(Bild: EPA)"}, []string{"Rutte ist überzeugt.\n>> Dann ging er."}},
	}
	for _, c := range cases {
		t.Run(c.kind, func(t *testing.T) {
			// The table carries the cases; the rule's own examples are placeholders.
			rule := strings.TrimSuffix(c.rule, "}") + ", examples: {match: [x], no-match: [y]}}"
			e := engineFor(t, "rules:\n"+rule+"\n")
			for _, l := range c.fire {
				if !strings.Contains(l, ">> ") && strings.Contains(l, "\n") {
					t.Fatalf("multi-line case without >> marker: %q", l)
				}
				if !fired(t, e, "r", l) {
					t.Errorf("should fire on %q", l)
				}
			}
			for _, l := range c.skip {
				if fired(t, e, "r", l) {
					t.Errorf("should not fire on %q", l)
				}
			}
		})
	}
}

func TestScoringAndLabels(t *testing.T) {
	e := defaultEngine(t)
	page := ">> vor 5 Jahren hat er das Unternehmen gegründet, das heute mehr als tausend Menschen beschäftigt und in ganz Europa tätig ist."
	p, _ := detect.ExamplePage(page)
	v := e.Run(p, detect.Options{}).Verdicts[0]
	if v.Label != rules.Content || v.Score <= 0 {
		t.Errorf("a sentence starting with a relative time is content, got %v (%.1f)", v.Label, v.Score)
	}
	p, _ = detect.ExamplePage("Ein Teaser, der mitten im Satz abbricht und nicht weitergeht […] (00)\n>> vor 5 Jahren")
	res := e.Run(p, detect.Options{})
	if v := res.Verdicts[1]; v.Label != rules.Noise || v.Category != "relative-time" {
		t.Errorf("a lone relative time under a teaser is noise:relative-time, got %v:%s", v.Label, v.Category)
	}
}

func TestDisabledRules(t *testing.T) {
	e := defaultEngine(t)
	p, _ := detect.ExamplePage("0 Kommentare")
	has := func(opt detect.Options) bool {
		for _, h := range e.Run(p, opt).Verdicts[0].Hits {
			if h.Rule.ID == "comment-counter" {
				return true
			}
		}
		return false
	}
	if !has(detect.Options{}) {
		t.Fatal("comment-counter should fire on \"0 Kommentare\"")
	}
	if has(detect.Options{Disabled: map[string]bool{"comment-counter": true}}) {
		t.Error("a disabled rule fired")
	}
}
