package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newslint/newslint/rules"
)

// smallBench copies the first n pages of ../shared/bench/scrapinghub-aeb
// (text, gold and index rows) into a benchmark folder of its own; the test
// is skipped without the benchmark pages.
func smallBench(t *testing.T, n int) string {
	t.Helper()
	src, _ := filepath.Abs("../../../shared/bench/scrapinghub-aeb")
	index, err := os.Open(filepath.Join(src, "index.tsv"))
	if err != nil {
		t.Skipf("benchmark pages not found: %v", err)
	}
	defer index.Close()
	dst := filepath.Join(t.TempDir(), "small")
	for _, d := range []string{"innertext", "gold"} {
		if err := os.MkdirAll(filepath.Join(dst, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var rows bytes.Buffer
	sc := bufio.NewScanner(index)
	for k := 0; sc.Scan() && k <= n; k++ {
		rows.WriteString(sc.Text() + "\n")
		if k == 0 {
			continue // the header
		}
		id := strings.SplitN(sc.Text(), "\t", 2)[0]
		for _, f := range []string{"innertext/" + id + ".txt", "gold/" + id + ".txt"} {
			data, err := os.ReadFile(filepath.Join(src, f))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dst, f), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(dst, "index.tsv"), rows.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestFitCommand: newslint fit writes an overlay that --config loads, the
// same twice; --prior holds it near the rules it starts from; --write
// rewrites the rules file it is given, an overlay too; eval --cv reports the cross-validated figures beside the fitted
// ones; a folder without gold is an error that names it.
func TestFitCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("fits the rules four times")
	}
	bench := smallBench(t, 16)
	dir := t.TempDir()
	fitTo := func(out string, flags ...string) []byte {
		t.Helper()
		var stdout, stderr bytes.Buffer
		args := append([]string{"fit", "--no-config", "--pages", "text", "--sweeps", "1", "--quiet", "--out", out}, flags...)
		if code := run(append(args, bench), &stdout, &stderr); code != exitOK {
			t.Fatalf("fit: exit %d\n%s", code, stderr.String())
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	a, b := fitTo(filepath.Join(dir, "a.yaml")), fitTo(filepath.Join(dir, "b.yaml"))
	if !bytes.Equal(a, b) {
		t.Error("two fits of the same rules on the same pages wrote different overlays")
	}
	for _, want := range []string{"structure:", "weight:"} {
		if !bytes.Contains(a, []byte(want)) {
			t.Errorf("the overlay lacks %q:\n%s", want, a)
		}
	}
	set, err := rules.Load(filepath.Join(dir, "a.yaml"))
	if err != nil {
		t.Fatalf("the overlay does not load: %v", err)
	}
	def, _ := rules.Default()
	if set.Settings.Structure == def.Settings.Structure {
		t.Error("the overlay loads with the built-in structure scores: nothing was fitted")
	}

	// --prior holds the fit near the rules it starts from: on 16 pages the
	// decoder's scores move far from scratch, much less from the built-in.
	p := fitTo(filepath.Join(dir, "p.yaml"), "--prior")
	ps, err := rules.Load(filepath.Join(dir, "p.yaml"))
	if err != nil {
		t.Fatalf("the --prior overlay does not load: %v", err)
	}
	dist := func(s *rules.Set) (d float64) {
		v, w := s.Settings.Structure.Vector(), def.Settings.Structure.Vector()
		for k := range v {
			d += (v[k] - w[k]) * (v[k] - w[k])
		}
		return d
	}
	t.Logf("structure moved %.2f from scratch, %.2f with --prior (squared distance)", dist(set), dist(ps))
	if dist(ps) >= dist(set) || bytes.Equal(p, a) {
		t.Errorf("--prior did not hold the structure scores nearer the built-in ones: %.2f, without it %.2f", dist(ps), dist(set))
	}

	// --write rewrites the rules file given with --config, in place.
	own := filepath.Join(dir, "rules.yaml")
	if err := os.WriteFile(own, []byte("# my rules\nextends: default\nrules: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"fit", "--config", own, "--write", "--pages", "text", "--sweeps", "1", "--quiet", bench}, &stdout, &stderr); code != exitOK {
		t.Fatalf("fit --write: exit %d\n%s", code, stderr.String())
	}
	written, _ := os.ReadFile(own)
	if !bytes.HasPrefix(written, []byte("# my rules\n")) || !bytes.Contains(written, []byte("structure:")) {
		t.Errorf("fit --write wrote:\n%s", written)
	}
	if _, err := rules.Load(own); err != nil {
		t.Errorf("the rewritten rules file does not load: %v", err)
	}

	// eval --cv: a line per set with both figures.
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"eval", "--no-config", "--cv", "2", bench}, &stdout, &stderr); code != exitOK {
		t.Fatalf("eval --cv: exit %d\n%s", code, stderr.String())
	}
	if out := stdout.String(); !strings.Contains(out, "small\tshingles\tpages 16\tcross-validated P ") || !strings.Contains(out, "fitted on all P ") {
		t.Errorf("eval --cv printed:\n%s", out)
	}
	stderr.Reset()
	if code := run([]string{"eval", "--no-config", "--cv", "1", bench}, &stdout, &stderr); code == exitOK || !strings.Contains(stderr.String(), "2 folds or more") {
		t.Errorf("eval --cv 1: exit %d, %q", code, stderr.String())
	}

	// A folder that is no benchmark: the error names it.
	empty := t.TempDir()
	stderr.Reset()
	if code := run([]string{"fit", "--no-config", "--quiet", empty}, &stdout, &stderr); code == exitOK || !strings.Contains(stderr.String(), filepath.Base(empty)) {
		t.Errorf("fit on a folder without gold: exit %d, %q", code, stderr.String())
	}
}
