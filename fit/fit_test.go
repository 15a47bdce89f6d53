package fit

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/newslint/newslint/rules"
)

// benchExamples loads the text pages of one set of ../shared/bench (the
// benchmark pages beside the repository); the test is skipped without them.
func benchExamples(t *testing.T, set string) []*Example {
	t.Helper()
	dir, _ := filepath.Abs(filepath.Join("../../shared/bench", set))
	if _, err := os.Stat(filepath.Join(dir, "gold")); err != nil {
		t.Skipf("benchmark pages not found at %s", dir)
	}
	exs, err := LoadBench(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return exs
}

// TestFit: fitting the default rules on the scrapinghub-aeb pages of one
// half of its sites gives the same model twice, keeps the weights of the
// rules marked fit: false, scores the pages it was fitted on better than
// the start it fits from (every weight 1, the default structure), and
// predicts the pages of the other half's sites at least as well.
func TestFit(t *testing.T) {
	if testing.Short() {
		t.Skip("fits the rules three times")
	}
	exs := benchExamples(t, "scrapinghub-aeb")
	var train, test []*Example
	for _, e := range exs {
		if Fold(e.Site, 2) == 0 {
			train = append(train, e)
		} else {
			test = append(test, e)
		}
	}
	if len(train) < 30 || len(test) < 30 {
		t.Fatalf("folds of %d and %d pages; want 30 or more each", len(train), len(test))
	}
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	fixed := map[string]float64{}
	for _, r := range set.Rules {
		if r.Fixed {
			fixed[r.ID] = r.Weight
		}
	}
	if len(fixed) == 0 {
		t.Fatal("no default rule is marked fit: false")
	}
	opt := Options{Iterations: 60, Sweeps: 1}
	m1, err := Fit(set, train, opt)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := Fit(set, train, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m1, m2) {
		t.Error("two fits of the same rules on the same pages differ")
	}
	for id := range m1.Weights {
		if _, ok := fixed[id]; ok {
			t.Errorf("rule %s is marked fit: false but the fit gave it a weight", id)
		}
	}
	fitted, err := m1.Apply(set)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range fitted.Rules {
		if w, ok := fixed[r.ID]; ok && r.Weight != w {
			t.Errorf("rule %s is marked fit: false; its weight went from %g to %g", r.ID, w, r.Weight)
		}
	}

	start := startSet(set)

	f1 := func(s *rules.Set, exs []*Example) float64 {
		sc := ScoreAll(exs, Predict(s, exs))
		return sc[0].F1
	}
	before, after := f1(start, train), f1(fitted, train)
	t.Logf("fitted on %d pages: F1 %.3f from the start, %.3f fitted", len(train), before, after)
	if after <= before {
		t.Errorf("the fit did not improve the pages it was fitted on: F1 %.3f, from %.3f", after, before)
	}
	held0, held := f1(start, test), f1(fitted, test)
	t.Logf("held-out sites, %d pages: F1 %.3f from the start, %.3f fitted", len(test), held0, held)
	if held < held0 {
		t.Errorf("the fit made the pages of sites it did not see worse: F1 %.3f, from %.3f", held, held0)
	}
}

// TestFold: a site's pages all fall in one fold, whatever their order.
func TestFold(t *testing.T) {
	for _, k := range []int{2, 5} {
		seen := map[int]bool{}
		for _, site := range []string{"example.com", "zeit.de", "spiegel.de", "nytimes.com", "bbc.co.uk", "lemonde.fr", "faz.net", "heise.de"} {
			f := Fold(site, k)
			if f < 0 || f >= k {
				t.Fatalf("Fold(%q, %d) = %d, out of range", site, k, f)
			}
			if Fold(site, k) != f {
				t.Fatalf("Fold(%q, %d) changed between calls", site, k)
			}
			seen[f] = true
		}
		if len(seen) < 2 {
			t.Errorf("eight sites all fell in one of %d folds", k)
		}
	}
}
