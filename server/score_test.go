package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/rules"
)

// benchDir returns shared/bench above the module (NEWSLINT_BENCH overrides),
// or "" when it is not there.
func benchDir() string {
	if d := os.Getenv("NEWSLINT_BENCH"); d != "" {
		return d
	}
	dir, _ := os.Getwd()
	for {
		cand := filepath.Join(dir, "shared", "bench")
		if _, err := os.Stat(filepath.Join(cand, "README.md")); err == nil {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// testCorpus is testdata/corpus, plus the first pages of the trafilatura
// bench when it is there.
func testCorpus(t testing.TB, benchPages int) *memCorpus {
	t.Helper()
	paths := []string{filepath.Join("testdata", "corpus")}
	if b := benchDir(); b != "" && benchPages > 0 {
		files, _ := filepath.Glob(filepath.Join(b, "trafilatura-eval", "innertext", "*.txt"))
		if len(files) > benchPages {
			files = files[:benchPages]
		}
		paths = append(paths, files...)
	}
	c, err := loadCorpus(paths, reading{walk: input.WalkOptions{Extensions: []string{".txt"}}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustParse(t testing.TB, text string) *rules.Set {
	t.Helper()
	set, err := rules.Parse([]byte(text), "edit.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// pageKey is everything a page's verdicts say, as text.
func pageKey(p *report.Page) string {
	var b strings.Builder
	fmt.Fprintf(&b, "failed=%v\n", p.Failed)
	for _, v := range p.Result.Verdicts {
		fmt.Fprintf(&b, "%d %s %s %.2f", v.Num, v.Label, v.Category, v.Score)
		for _, h := range v.Hits {
			fmt.Fprintf(&b, " %s%+.2f", h.Rule.ID, h.Delta)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestRescoreMatchesFullScore checks that re-scoring only the pages an edit
// can change gives exactly what scoring every page does.
func TestRescoreMatchesFullScore(t *testing.T) {
	c := testCorpus(t, 40)
	edits := []struct{ name, text string }{
		{"unchanged", "rules: []\n"},
		{"disable a pattern rule", "rules:\n  - id: comment-counter\n    enabled: false\n"},
		{"re-weight a feature rule", "rules:\n  - id: paragraph\n    weight: 0.5\n"},
		{"new phrase rule", `rules:
  - id: my-share
    kind: phrases
    label: noise
    category: share
    weight: 20
    description: test
    phrases: [share this article, mehr zum thema]
    examples:
      match: ["Share this article"]
      no-match: ["The council said so."]
`},
		{"new content pattern", `rules:
  - id: council
    kind: pattern
    label: content
    weight: 30
    description: test
    patterns: ['council|Stadtrat|Regierung']
    examples:
      match: ["the council said"]
      no-match: ["Home"]
`},
		{"structural rule re-weighted", "rules:\n  - id: main-block\n    weight: 0.2\n"},
		{"structural rule switched off", "rules:\n  - id: after-article\n    enabled: false\n"},
		{"first-pass rule turned into noise", "rules:\n  - id: paragraph\n    label: noise\n    category: boilerplate\n"},
		{"first-pass rule marks the article end", "rules:\n  - id: comment-counter\n    ends-article: true\n"},
		{"new structural rule", `rules:
  - id: late-short
    kind: context
    label: noise
    category: boilerplate
    weight: 3
    description: test
    when:
      block: [after]
      words: {max: 3}
    examples:
      match: ["A long enough line of text that makes a main block, surely, with words.\n>> Tags"]
      no-match: ["Just one line here"]
`},
		{"settings changed", "settings:\n  keep: [content]\n"},
	}
	base := mustParse(t, "rules: []\n")
	before := score(c, nil, base, 0)
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			set := mustParse(t, e.text)
			inc := rescore(c, before, nil, set, 0)
			full := score(c, nil, set, 0)
			for i := range c.docs {
				if a, b := pageKey(inc.pages[i]), pageKey(full.pages[i]); a != b {
					t.Fatalf("%s: incremental and full scoring differ:\n%s\nvs\n%s", c.docs[i].ID, a, b)
				}
			}
			for id, n := range full.hits {
				if inc.hits[id] != n {
					t.Errorf("hits[%s] = %d, want %d", id, inc.hits[id], n)
				}
			}
			if len(inc.hits) != len(full.hits) {
				t.Errorf("%d rules with hits, want %d", len(inc.hits), len(full.hits))
			}
			// And back again.
			back := rescore(c, inc, nil, base, 0)
			for i := range c.docs {
				if a, b := pageKey(back.pages[i]), pageKey(before.pages[i]); a != b {
					t.Fatalf("%s: undoing the edit does not restore the verdicts", c.docs[i].ID)
				}
			}
		})
	}
}

// TestMayFireIsSound checks that the text index never rules out a page on
// which a rule fires.
func TestMayFireIsSound(t *testing.T) {
	c := testCorpus(t, 80)
	set := mustParse(t, "rules: []\n")
	s := score(c, nil, set, 0)
	ruledOut := 0
	for i, d := range c.docs {
		for _, v := range s.pages[i].Result.Verdicts {
			for _, h := range v.Hits {
				if !d.text.mayFire(h.Rule) {
					t.Errorf("%s:%d: %s fired, but the text index rules it out", d.ID, v.Num, h.Rule.ID)
				}
			}
		}
		for _, r := range set.Rules {
			if !d.text.mayFire(r) {
				ruledOut++
			}
		}
	}
	if ruledOut == 0 {
		t.Error("the text index rules out no rule on any page")
	}
	t.Logf("%d of %d rule × page pairs ruled out", ruledOut, len(c.docs)*len(set.Rules))
}
