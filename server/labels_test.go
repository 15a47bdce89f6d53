package server

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newslint/newslint/clean"
	"github.com/newslint/newslint/corpus"
	"github.com/newslint/newslint/eval"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/rules"
)

// moduleRoot returns the directory of go.mod above the working directory.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// labelledCorpus is a labels file and the corpus it labels.
type labelledCorpus struct{ labels, corpus string }

// findLabelledCorpora finds every <corpus>.labels.jsonl in the module whose
// corpus (a directory or a file <corpus>.<ext>) is beside it.
func findLabelledCorpora(t *testing.T, root string) []labelledCorpus {
	var out []labelledCorpus
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && p != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), LabelsSuffix) {
			return nil
		}
		base := strings.TrimSuffix(p, LabelsSuffix)
		if st, err := os.Stat(base); err == nil && st.IsDir() {
			out = append(out, labelledCorpus{p, base})
			return nil
		}
		if m, _ := filepath.Glob(base + ".*"); len(m) > 0 {
			for _, f := range m {
				if f != p && !strings.HasSuffix(f, ".jsonl") && !strings.HasSuffix(f, ".bak") {
					out = append(out, labelledCorpus{p, f})
					break
				}
			}
		}
		return nil
	})
	return out
}

// TestLabelledCorpora is the regression test a tuning session leaves
// behind: every labels file that newslint serve saved next to a corpus in
// this repository is gold, and every labelled line must get its label from
// the rules in effect for that corpus (the rules file found from the
// corpus's directory). Scoring goes through package eval, as newslint eval
// does: the cleaned text of each page against the labels.
func TestLabelledCorpora(t *testing.T) {
	root := moduleRoot(t)
	found := findLabelledCorpora(t, root)
	if len(found) == 0 {
		t.Fatal("no labelled corpus found (server/testdata/corpus.labels.jsonl should be one)")
	}
	for _, lc := range found {
		rel, _ := filepath.Rel(root, lc.labels)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			dir := lc.corpus
			if st, err := os.Stat(dir); err == nil && !st.IsDir() {
				dir = filepath.Dir(dir)
			}
			set, err := rules.Load(rules.Find(dir))
			if err != nil {
				t.Fatal(err)
			}
			c, err := loadCorpus([]string{lc.corpus}, reading{walk: input.WalkOptions{Extensions: set.Settings.Extensions}, site: corpus.SiteOf})
			if err != nil {
				t.Fatal(err)
			}
			snap := score(c, nil, set, 0)
			pred := map[string]string{}
			for i, d := range c.docs {
				pred[d.ID] = string(clean.Text(snap.pages[i].Result, set.Settings.Keep, "\n"))
			}
			gold, err := eval.LoadLabels(lc.labels)
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range gold.IDs() {
				if c.byID[id] == nil {
					t.Errorf("%s: page %q is not in %s", rel, id, lc.corpus)
				}
			}
			for _, res := range gold.Score(pred) {
				for _, p := range res.PerPage {
					for _, l := range p.Missed {
						t.Errorf("%s: page %s: labelled content, dropped: %q", rel, p.ID, l)
					}
					for _, l := range p.Kept {
						t.Errorf("%s: page %s: labelled noise, kept: %q", rel, p.ID, l)
					}
				}
				t.Logf("%d pages, P %.3f R %.3f F1 %.3f", res.Pages, res.Precision, res.Recall, res.F1)
			}
		})
	}
}

// TestLabelScoreMatchesEval checks that the precision and recall the server
// shows live are what newslint eval computes from the saved file.
func TestLabelScoreMatchesEval(t *testing.T) {
	c := testCorpus(t, 0)
	for _, text := range []string{"rules: []\n", "rules:\n  - id: comment-counter\n    enabled: false\n", "settings:\n  keep: [content]\n"} {
		set := mustParse(t, text)
		snap := score(c, nil, set, 0)
		lf, err := readLabels(filepath.Join("testdata", "corpus.labels.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		// A few labels that disagree with the rules, to have FP and FN.
		vs := snap.pages[0].Result.Verdicts
		for _, v := range vs[:3] {
			if err := lf.set(c.docs[0].ID, vs, v.Num, map[bool]string{true: "noise", false: "content"}[keptLabel(set, v.Label)]); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(t.TempDir(), "x.labels.jsonl")
		if err := os.WriteFile(path, lf.bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		gold, err := eval.LoadLabels(path)
		if err != nil {
			t.Fatal(err)
		}
		pred := map[string]string{}
		for i, d := range c.docs {
			pred[d.ID] = string(clean.Text(snap.pages[i].Result, set.Settings.Keep, "\n"))
		}
		want := gold.Score(pred)[0]
		got := scoreLabels(c, snap, lf)
		if float64(got.TP) != want.TP || float64(got.FP) != want.FP || float64(got.FN) != want.FN || float64(got.TN) != want.TN {
			t.Errorf("%q: server TP/FP/FN/TN %d/%d/%d/%d, eval %v/%v/%v/%v", text, got.TP, got.FP, got.FN, got.TN, want.TP, want.FP, want.FN, want.TN)
		}
		if got.FP+got.FN == 0 {
			t.Errorf("%q: the disagreeing labels were not counted", text)
		}
	}
}
