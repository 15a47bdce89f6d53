package rules

import (
	"os"
	"strings"
	"testing"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// TestRewriteDefaultRules writes fitted values into the default rules file
// and checks that they read back and that nothing else changed.
func TestRewriteDefaultRules(t *testing.T) {
	data, err := os.ReadFile("../rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	orig, err := ParseOnly(data, "rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f := Fitted{Weights: map[string]float64{}, EndCosts: map[string]float64{},
		Structure: Structure{Article: -0.25, Start: 1.5, LateStart: -2, InsetOpen: -3.125, InsetLine: -0.0004, End: 0.3, InsetEnd: 2}}
	for i, r := range orig.Rules {
		if r.Kind == Document || r.Effect == Flag {
			continue
		}
		f.Weights[r.ID] = float64(i%7) + 0.125
		if r.EndsArticle {
			f.EndCosts[r.ID] = 0.5 + float64(i%3)
		}
	}
	out, err := Rewrite(data, "rules.yaml", f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseOnly(out, "rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for id, w := range f.Weights {
		if r := got.Rule(id); r == nil || r.Weight != w {
			t.Errorf("rule %s: weight %v, want %v", id, r.Weight, w)
		}
	}
	for id, c := range f.EndCosts {
		if r := got.Rule(id); r == nil || r.EndCost != c || !r.EndsArticle {
			t.Errorf("rule %s: end cost %v, want %v", id, r.EndCost, c)
		}
	}
	want := f.Structure
	want.InsetLine = 0 // three decimals
	if got.Settings.Structure != want {
		t.Errorf("structure %+v, want %+v", got.Settings.Structure, want)
	}
	// Only weight, ends-article and structure lines differ.
	dmp := diffmatchpatch.New()
	a, b, lines := dmp.DiffLinesToChars(string(data), string(out))
	for _, d := range dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), lines) {
		if d.Type == diffmatchpatch.DiffEqual {
			continue
		}
		for _, l := range strings.Split(strings.TrimSuffix(d.Text, "\n"), "\n") {
			k := strings.TrimSpace(l)
			if !strings.HasPrefix(k, "weight:") && !strings.HasPrefix(k, "ends-article:") && !strings.HasPrefix(k, "structure:") &&
				!strings.Contains("article start late-start inset-open inset-line inset-close end inset-end", strings.SplitN(k, ":", 2)[0]) {
				t.Errorf("unexpected change: %q", l)
			}
		}
	}
	// Writing the same values again changes nothing.
	again, err := Rewrite(out, "rules.yaml", f)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(out) {
		t.Error("a second rewrite with the same values changed the file")
	}
	// newslint fit --write uses RewriteOverlay, which on a whole rules
	// file writes what Rewrite writes.
	set, err := Parse(data, "rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ov, err := RewriteOverlay(data, "rules.yaml", f, set)
	if err != nil {
		t.Fatal(err)
	}
	if string(ov) != string(out) {
		t.Errorf("RewriteOverlay and Rewrite differ on the default rules file:\n%s", lineDiff(string(out), string(ov)))
	}
}

// TestRewriteUnknownRule refuses a fit of another rules file.
func TestRewriteUnknownRule(t *testing.T) {
	src := "version: 1\nrules:\n  - id: a\n    kind: feature\n    label: content\n    weight: 1\n    description: x\n    when: {words: {min: 3}}\n    examples: {match: [\"a b c\"], no-match: [\"a\"]}\n"
	if _, err := Rewrite([]byte(src), "x.yaml", Fitted{Weights: map[string]float64{"b": 1}}); err == nil || !strings.Contains(err.Error(), `no rule b`) {
		t.Errorf("err = %v, want one naming rule b", err)
	}
	out, err := Rewrite([]byte(src), "x.yaml", Fitted{Weights: map[string]float64{"a": 2.5}, Structure: DefaultStructure})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "settings:\n  structure:\n    article: ") || !strings.Contains(string(out), "    weight: 2.5\n") {
		t.Errorf("rewritten file:\n%s", out)
	}
}

// TestRewriteOverlay writes fits into user rules files that extend the
// built-in rules (as newslint serve edits them): rules the file does not
// define get override entries, and only values that differ from the rules
// in effect are written. In the texts below, $SB, $CC and $RH stand for
// the built-in weights of share-button, comment-counter and
// related-heading, and $RC for related-heading's end cost; the fits move
// share-button by +1.5, related-heading's end cost by -1.25, and give the
// others their built-in values (or values that round to them).
func TestRewriteOverlay(t *testing.T) {
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	sb, cc, rh := def.Rule("share-button"), def.Rule("comment-counter"), def.Rule("related-heading")
	if sb == nil || cc == nil || rh == nil || !rh.EndsArticle {
		t.Fatal("the built-in rules lack share-button, comment-counter or related-heading (an ends-article rule): pick others for this test")
	}
	vars := strings.NewReplacer("$SB", fmtNum(sb.Weight), "$CC", fmtNum(cc.Weight), "$RH", fmtNum(rh.Weight), "$RC", fmtNum(rh.EndCost),
		"$sb", fmtNum(sb.Weight+1.5), "$rc", fmtNum(rh.EndCost-1.25), "$art", fmtNum(def.Settings.Structure.Article+0.5))
	// fitted is the fit of a set: share-button and related-heading's end
	// cost moved, comment-counter within the rounding, related-heading's
	// weight as it is; the structure as it is but for article, when moved.
	fitted := func(set *Set, moveArticle bool) Fitted {
		f := Fitted{
			Weights: map[string]float64{"share-button": set.Rule("share-button").Weight + 1.5,
				"comment-counter": set.Rule("comment-counter").Weight + 0.0004, "related-heading": set.Rule("related-heading").Weight},
			EndCosts:  map[string]float64{"related-heading": set.Rule("related-heading").EndCost - 1.25},
			Structure: set.Settings.Structure,
		}
		if moveArticle {
			f.Structure.Article += 0.5
		}
		return f
	}
	cases := []struct {
		name, file, want string
		moveArticle      bool
	}{
		{name: "the file serve starts", moveArticle: true,
			file: "# Rules for this corpus.\nversion: 1\nextends: default\nrules: []\n",
			want: "# Rules for this corpus.\nversion: 1\nextends: default\nsettings:\n  structure:\n    article: $art\n\nrules:\n" +
				"  - id: share-button\n    weight: $sb\n  - id: related-heading\n    ends-article: $rc\n"},
		{name: "empty list with a comment, no final newline",
			file: "extends: default\nrules: [ ]  # none yet",
			want: "extends: default\nrules:  # none yet\n  - id: share-button\n    weight: $sb\n  - id: related-heading\n    ends-article: $rc"},
		{name: "overrides kept, a weight added to one, settings after the list", moveArticle: true,
			file: "extends: default\nrules:\n  - id: share-button\n    enabled: true # on again\n\n  - id: my-rule\n    kind: pattern\n    label: noise\n    category: share\n    weight: 2\n    description: Ours.\n    patterns: ['^Teilen$']\n    examples: {match: [Teilen], no-match: [Teile]}\n\n# Site settings.\nsettings:\n  structure:\n    # tuned by hand\n    start: -1.5\n    article: 0\n",
			want: "extends: default\nrules:\n  - id: share-button\n    weight: $sb\n    enabled: true # on again\n\n  - id: my-rule\n    kind: pattern\n    label: noise\n    category: share\n    weight: 2\n    description: Ours.\n    patterns: ['^Teilen$']\n    examples: {match: [Teilen], no-match: [Teile]}\n  - id: related-heading\n    ends-article: $rc\n\n# Site settings.\nsettings:\n  structure:\n    # tuned by hand\n    start: -1.5\n    article: 0.5\n"},
		{name: "a list not indented, an override that sets the end cost",
			file: "extends: default\nrules:\n- id: related-heading\n  ends-article: 9\n- id: comment-counter\n  weight: 5.0\n",
			want: "extends: default\nrules:\n- id: related-heading\n  ends-article: 7.75\n- id: comment-counter\n  weight: 5.0\n- id: share-button\n  weight: $sb\n"},
		{name: "no rules key, structure added to settings", moveArticle: true,
			file: "extends: default\nsettings:\n  keep: [title, content]\n",
			want: "extends: default\nsettings:\n  keep: [title, content]\n  structure:\n    article: $art\n\nrules:\n  - id: share-button\n    weight: $sb\n  - id: related-heading\n    ends-article: $rc\n"},
		{name: "an empty file",
			file: "",
			want: "rules:\n  - id: share-button\n    weight: $sb\n  - id: related-heading\n    ends-article: $rc\n"},
		{name: "comments only",
			file: "# nothing yet\n",
			want: "# nothing yet\n\nrules:\n  - id: share-button\n    weight: $sb\n  - id: related-heading\n    ends-article: $rc\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set, err := Parse([]byte(c.file), "user.yaml")
			if err != nil {
				t.Fatal(err)
			}
			f := fitted(set, c.moveArticle)
			out, err := RewriteOverlay([]byte(c.file), "user.yaml", f, set)
			if err != nil {
				t.Fatal(err)
			}
			if want := vars.Replace(c.want); string(out) != want {
				t.Errorf("rewritten file:\n%s", lineDiff(want, string(out)))
			}
			got, err := Parse(out, "user.yaml")
			if err != nil {
				t.Fatal(err)
			}
			for id, w := range f.Weights {
				if r := got.Rule(id); fmtNum(r.Weight) != fmtNum(w) {
					t.Errorf("rule %s: weight %v, want %v", id, r.Weight, w)
				}
			}
			for id, c := range f.EndCosts {
				if r := got.Rule(id); !r.EndsArticle || fmtNum(r.EndCost) != fmtNum(c) {
					t.Errorf("rule %s: end cost %v, want %v", id, r.EndCost, c)
				}
			}
			gv, fv := got.Settings.Structure.Vector(), f.Structure.Vector()
			for k := range gv {
				if fmtNum(gv[k]) != fmtNum(fv[k]) {
					t.Errorf("structure %s: %v, want %v", StructureNames[k], gv[k], fv[k])
				}
			}
			// The fit of the rewritten file changes nothing more.
			again, err := RewriteOverlay(out, "user.yaml", f, got)
			if err != nil {
				t.Fatal(err)
			}
			if string(again) != string(out) {
				t.Errorf("rewriting with the values it holds changed the file:\n%s", lineDiff(string(out), string(again)))
			}
		})
	}
}

// TestRewriteOverlayRefuses checks the files and fits RewriteOverlay
// cannot write, and that it names why.
func TestRewriteOverlayRefuses(t *testing.T) {
	cases := []struct {
		name, file string
		f          Fitted
		want       string
	}{
		{"a rule of other rules", "extends: default\nrules: []\n",
			Fitted{Weights: map[string]float64{"no-such-rule": 2}}, "no rule no-such-rule in the rule set"},
		{"a list on one line", "extends: default\nrules: [{id: comment-counter, enabled: true}]\n",
			Fitted{Weights: map[string]float64{"share-button": 99}}, "user.yaml:2: rules: is a list on one line"},
		{"a rule on one line that needs a new key", "extends: default\nrules:\n  - {id: share-button, enabled: true}\n",
			Fitted{Weights: map[string]float64{"share-button": 99}}, `user.yaml:3: rule "share-button" is written on one line`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set, err := Parse([]byte(c.file), "user.yaml")
			if err != nil {
				t.Fatal(err)
			}
			c.f.Structure = set.Settings.Structure
			if _, err := RewriteOverlay([]byte(c.file), "user.yaml", c.f, set); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want one with %q", err, c.want)
			}
		})
	}
	// A rule on one line whose values it holds is rewritten in place.
	file := "extends: default\nrules:\n  - {id: share-button, weight: 1}\n"
	set, err := Parse([]byte(file), "user.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out, err := RewriteOverlay([]byte(file), "user.yaml", Fitted{Weights: map[string]float64{"share-button": 2.25}, Structure: set.Settings.Structure}, set)
	if err != nil || string(out) != "extends: default\nrules:\n  - {id: share-button, weight: 2.25}\n" {
		t.Errorf("flow rule: %q, %v", out, err)
	}
	// Nothing differs: the file is left as it was, byte for byte.
	file = "extends: default\nrules: []   \n"
	set, _ = Parse([]byte(file), "user.yaml")
	sb := set.Rule("share-button").Weight
	out, err = RewriteOverlay([]byte(file), "user.yaml", Fitted{Weights: map[string]float64{"share-button": sb + 0.0002}, Structure: set.Settings.Structure}, set)
	if err != nil || string(out) != file {
		t.Errorf("a fit that moved nothing: %q, %v", out, err)
	}
}

// lineDiff shows how got differs from want, line by line.
func lineDiff(want, got string) string {
	dmp := diffmatchpatch.New()
	a, b, lines := dmp.DiffLinesToChars(want, got)
	var out strings.Builder
	for _, d := range dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), lines) {
		prefix := "  "
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			prefix = "- "
		case diffmatchpatch.DiffInsert:
			prefix = "+ "
		}
		for _, l := range strings.SplitAfter(d.Text, "\n") {
			if l != "" {
				out.WriteString(prefix + l)
				if !strings.HasSuffix(l, "\n") {
					out.WriteString("⏎\n")
				}
			}
		}
	}
	return out.String()
}
