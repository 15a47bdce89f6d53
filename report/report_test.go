package report_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/internal/golden"
	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/rules"
)

// The fixture: the two seed pages (copies of ../shared/seeds), two records
// of a JSON Lines file built by hand, and a file that cannot be read.
const (
	seed000 = "testdata/000_75925f2242121178.txt"
	seed004 = "testdata/004_cc1fd04b8d7b9caa.txt"
	records = "testdata/records.jsonl"
	missing = "testdata/missing.txt"
)

// step is what the runner hands a report: a page, or a file or record that
// could not be read.
type step struct {
	page   *report.Page
	path   string
	record int
	err    error
}

func (s step) file() string {
	if s.page != nil {
		return s.page.Path
	}
	return s.path
}

// testSet is the fixed rule set of testdata/rules.yaml.
func testSet(t *testing.T) *rules.Set {
	t.Helper()
	set, err := rules.Load("testdata/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// testGate fails pages on warnings, on a noise ratio above one half, and
// records without a URL.
func testGate(set *rules.Set) report.Gate {
	g := report.GateFrom(set.Settings)
	g.MaxNoiseRatio = 0.5
	g.RequiredFields = []string{"url"}
	return g
}

// fixture scores the fixture's pages with set and applies gate. edit, if
// set, may change a seed's text before it is scored.
func fixture(t *testing.T, set *rules.Set, gate report.Gate, edit func(path, text string) string) []step {
	t.Helper()
	eng := detect.New(set)
	var steps []step
	for _, path := range []string{seed000, seed004} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		if edit != nil {
			text = edit(path, text)
		}
		res := eng.Run(input.ParseText(path, []byte(text)), detect.Options{})
		steps = append(steps, step{page: report.NewPage(res, gate)})
	}
	for _, rec := range recordPages() {
		steps = append(steps, step{page: report.NewPage(eng.Run(rec, detect.Options{}), gate)})
	}
	steps = append(steps,
		step{path: records, record: 5, err: errors.New("testdata/records.jsonl:5: invalid character '}' looking for beginning of object key string")},
		step{path: missing, err: errors.New("testdata/missing.txt: no such file or directory (or a broken symlink)")})
	return steps
}

// recordPages are two records of a JSON Lines file, as the JSON reader
// makes them: every line of a record points at the record's line.
func recordPages() []*page.Page {
	mk := func(record int, meta page.Meta, lines ...string) *page.Page {
		p := &page.Page{Path: records, Record: record, Meta: meta}
		for i, l := range lines {
			p.Lines = append(p.Lines, page.Line{Text: l, Num: i + 1, SourceLine: record})
		}
		return p
	}
	return []*page.Page{
		mk(3, page.Meta{Title: "NATO-Chef Rutte: „Die USA fühlen sich uneingeschränkt verpflichtet“", URL: "https://www.example.org/politik/rutte", Lang: "de"},
			"NATO-Chef Rutte: „Die USA fühlen sich uneingeschränkt verpflichtet“",
			"",
			"NATO-Generalsekretär Mark Rutte macht sich laut eigener Aussage „überhaupt keine Sorgen“ um die Bündnistreue der USA. Diese würden sich der NATO „uneingeschränkt verpflichtet fühlen“, sagte er. Ein sicheres Europa habe für die Vereinigten Staaten Priorität.",
			"",
			"0 Kommentare",
			"",
			"Die Aufrüstung müsse allerdings rasch erfolgen. Nach unterschiedlichen Geheimdienst-Einschätzungen könnte es sonst ab 2027, 2029 oder 2031 gefährlich werden. Russland gebe inzwischen mehr als 40 Prozent des Staatshaushalts für Rüstung aus.",
			"Folgen Sie uns auf"),
		mk(4, page.Meta{Title: "Anti-Wehrdienst-Demo am 05.12.2025", Site: "example.org"},
			"Anti-Wehrdienst-Demo am 05.12.2025",
			"Berlin - In zahlreichen Städten sind am Freitag überwiegend junge Leute gegen die geplante Wiedereinführung einer Wehrpflicht auf die Straße gegangen, sagte ein Sprecher der Veranstalter.",
			"vor 12 Minuten",
			"Politik / Ukraine / NATO / Russland / USA"),
	}
}

// render hands steps to w the way lint does and returns the totals.
func render(t *testing.T, w report.Writer, steps []step, stale func(*report.Totals)) *report.Totals {
	t.Helper()
	tot := &report.Totals{}
	prev := ""
	for _, s := range steps {
		if s.file() != prev {
			tot.Files++
			prev = s.file()
		}
		var err error
		if s.err != nil {
			tot.Errors++
			err = w.FileError(s.path, s.record, s.err)
		} else {
			tot.Add(s.page)
			err = w.Page(s.page)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if stale != nil {
		stale(tot)
	}
	if err := w.Close(tot); err != nil {
		t.Fatal(err)
	}
	return tot
}

// checkGolden compares got with the file testdata/name (go test -update
// rewrites it).
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got)
}

// writers makes each format's writer, as lint configures it.
var writers = []struct {
	golden string
	new    func(w *bytes.Buffer, set *rules.Set) report.Writer
}{
	{"golden/text.txt", func(w *bytes.Buffer, set *rules.Set) report.Writer {
		return &report.Text{W: w, MinSeverity: rules.Warning}
	}},
	{"golden/text-info-color.txt", func(w *bytes.Buffer, set *rules.Set) report.Writer {
		return &report.Text{W: w, MinSeverity: rules.Info, Style: report.Style{Color: true}}
	}},
	{"golden/report.json", func(w *bytes.Buffer, set *rules.Set) report.Writer {
		return &report.JSON{W: w, Version: "test"}
	}},
	{"golden/report.sarif", func(w *bytes.Buffer, set *rules.Set) report.Writer {
		return &report.SARIF{W: w, Rules: set, Version: "test", MinSeverity: rules.Warning}
	}},
	{"golden/github.txt", func(w *bytes.Buffer, set *rules.Set) report.Writer {
		return &report.GitHub{W: w, MinSeverity: rules.Warning}
	}},
	{"golden/junit.xml", func(w *bytes.Buffer, set *rules.Set) report.Writer {
		return &report.JUnit{W: w, MinSeverity: rules.Warning}
	}},
	{"golden/checkstyle.xml", func(w *bytes.Buffer, set *rules.Set) report.Writer {
		return &report.Checkstyle{W: w, MinSeverity: rules.Warning}
	}},
	{"golden/statistics.txt", func(w *bytes.Buffer, set *rules.Set) report.Writer {
		return &report.Statistics{W: w, Keep: set.Settings.Keep}
	}},
	{"golden/gitlab.json", func(w *bytes.Buffer, set *rules.Set) report.Writer {
		return &report.GitLab{W: w, MinSeverity: rules.Warning}
	}},
	{"golden/report.html", func(w *bytes.Buffer, set *rules.Set) report.Writer {
		return &report.HTML{W: w, Version: "test"}
	}},
}

// TestFormats writes the fixture in every format and compares the output
// with the golden files under testdata/golden.
func TestFormats(t *testing.T) {
	set := testSet(t)
	steps := fixture(t, set, testGate(set), nil)
	for _, tt := range writers {
		t.Run(filepath.Base(tt.golden), func(t *testing.T) {
			var buf bytes.Buffer
			render(t, tt.new(&buf, set), steps, nil)
			checkGolden(t, tt.golden, buf.Bytes())
		})
	}
}

// TestBaseline records the fixture as a baseline, then lints an edited
// copy against it: lines moved by an insertion stay known, a changed line
// is new, and the entry of the line it replaced is stale.
func TestBaseline(t *testing.T) {
	set := testSet(t)
	gate := testGate(set)
	rec := report.NewBaselineRecorder("testdata")
	render(t, rec, fixture(t, set, gate, nil), nil)
	checkGolden(t, "newslint-baseline.json", rec.Bytes())
	if rec.Findings == 0 || rec.Gates == 0 {
		t.Fatalf("recorded %d findings and %d gate failures; want some of each", rec.Findings, rec.Gates)
	}

	b, err := report.LoadBaseline("testdata/newslint-baseline.json")
	if err != nil {
		t.Fatal(err)
	}
	gate.Baseline = b
	edit := func(path, text string) string {
		if path != seed000 {
			return text
		}
		text = "Startseite\n\n" + text // every line moves down by two
		return strings.Replace(text, "Folgen Sie uns auf", "Folgen Sie uns auf Instagram", 1)
	}
	var buf bytes.Buffer
	tot := render(t, &report.Text{W: &buf, MinSeverity: rules.Warning}, fixture(t, set, gate, edit), func(tot *report.Totals) {
		tot.Baseline, tot.Stale = b.File, b.Stale()
	})
	checkGolden(t, "golden/baseline-run.txt", buf.Bytes())
	if tot.Known != rec.Findings-1 {
		t.Errorf("known = %d, want %d (all but the changed line)", tot.Known, rec.Findings-1)
	}
	if len(tot.Stale) != 1 || tot.Stale[0].Text != "Folgen Sie uns auf" {
		t.Errorf("stale = %+v, want the old follow prompt", tot.Stale)
	}
}

// TestBaselineStaleFiles: entries of files that are gone are stale; entries
// of files that exist but were not linted in this run are not.
func TestBaselineStaleFiles(t *testing.T) {
	dir := t.TempDir()
	data := `{"version": 1, "entries": [
		{"file": "gone.txt", "rule": "share", "text": "Folgen Sie uns"},
		{"file": "here.txt", "rule": "share", "text": "Folgen Sie uns", "count": 2},
		{"file": "here.txt", "gate": "max-noise-ratio"}
	]}`
	path := filepath.Join(dir, "b.json")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "here.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := report.LoadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	stale := b.Stale()
	if len(stale) != 1 || stale[0].File != "gone.txt" {
		t.Errorf("stale = %+v, want the entry of gone.txt", stale)
	}
}

func TestLoadBaselineErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ name, data, want string }{
		{"unknown key", `{"version": 1, "entries": [{"file": "a", "rule": "x", "line": 3}]}`, `unknown field "line"`},
		{"version", `{"version": 2, "entries": []}`, "version 2, want 1"},
		{"rule and gate", `{"version": 1, "entries": [{"file": "a", "rule": "x", "gate": "max-noise-ratio"}]}`, "entry 1: want a file and either a rule or a gate"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "b.json")
			if err := os.WriteFile(path, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := report.LoadBaseline(path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	_, err := report.LoadBaseline(filepath.Join(dir, "none.json"))
	if err == nil || !strings.Contains(err.Error(), "newslint baseline") {
		t.Errorf("a missing baseline: error %v, want a hint to record one", err)
	}
}

func TestNormText(t *testing.T) {
	for in, want := range map[string]string{
		"0\u00a0Kommentare":  "0 Kommentare",
		"  a \t b  ":         "a b",
		"Bu\u0308ndnistreue": "Bündnistreue", // NFD to NFC
	} {
		if got := report.NormText(in); got != want {
			t.Errorf("NormText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFingerprint: fingerprints ignore line numbers and white space, and
// tell apart files, rules, texts and repeats of a text.
func TestFingerprint(t *testing.T) {
	base := report.Fingerprint("a/b.txt", "share", "Folgen Sie uns auf", 0)
	if got := report.Fingerprint("a/b.txt", "share", " Folgen\u00a0Sie uns auf ", 0); got != base {
		t.Error("white space changes the fingerprint")
	}
	for _, other := range []string{
		report.Fingerprint("a/c.txt", "share", "Folgen Sie uns auf", 0),
		report.Fingerprint("a/b.txt", "follow", "Folgen Sie uns auf", 0),
		report.Fingerprint("a/b.txt", "share", "Folgen Sie uns", 0),
		report.Fingerprint("a/b.txt", "share", "Folgen Sie uns auf", 1),
	} {
		if other == base {
			t.Error("two different findings share a fingerprint")
		}
	}
}
