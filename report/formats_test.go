package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/rules"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sharedDir returns ../shared beside the repository root (the directory
// holding go.mod). Without it the test is skipped, unless CI is set.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
	shared := filepath.Join(filepath.Dir(dir), "shared")
	if _, err := os.Stat(shared); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI: %s is missing: %v", shared, err)
		}
		t.Skipf("%s is missing", shared)
	}
	return shared
}

// compileSchema compiles the JSON schema in file, with format assertions on.
func compileSchema(t *testing.T, file string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	url := "file:///" + filepath.Base(file)
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validate(t *testing.T, sch *jsonschema.Schema, name string, data []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s is not JSON: %v", name, err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("%s does not validate:\n%v", name, err)
	}
}

// baselineRun is the fixture linted against its own baseline after an edit,
// so that known findings, a new one and a stale entry all show.
func baselineRun(t *testing.T, set *rules.Set, w report.Writer) {
	t.Helper()
	gate := testGate(set)
	b, err := report.LoadBaseline("testdata/newslint-baseline.json")
	if err != nil {
		t.Fatal(err)
	}
	gate.Baseline = b
	edit := func(path, text string) string {
		return strings.Replace(text, "Folgen Sie uns auf", "Folgen Sie uns auf Instagram", 1)
	}
	render(t, w, fixture(t, set, gate, edit), func(tot *report.Totals) {
		tot.Baseline, tot.Stale = b.File, b.Stale()
	})
}

// TestJSONSchema validates the JSON report against
// schema/newslint-report.schema.json: the fixture, the fixture against a
// baseline, and an empty run.
func TestJSONSchema(t *testing.T) {
	sch := compileSchema(t, "schema/newslint-report.schema.json")
	set := testSet(t)
	var plain, withBaseline, empty bytes.Buffer
	render(t, &report.JSON{W: &plain, Version: "test"}, fixture(t, set, testGate(set), nil), nil)
	baselineRun(t, set, &report.JSON{W: &withBaseline, Version: "test"})
	render(t, &report.JSON{W: &empty, Version: "test"}, nil, nil)
	validate(t, sch, "the fixture's report", plain.Bytes())
	validate(t, sch, "the report against a baseline", withBaseline.Bytes())
	validate(t, sch, "an empty report", empty.Bytes())
	if !strings.Contains(withBaseline.String(), `"stale": [`) || !strings.Contains(withBaseline.String(), `"known": `) {
		t.Error("the report against a baseline shows no stale entries or known findings")
	}
}

// TestSARIFSchema validates SARIF reports against the OASIS schema in
// ../shared/schemas, with the default rule set (every rule's descriptor)
// and the test set, with and without a baseline and a source root.
func TestSARIFSchema(t *testing.T) {
	sch := compileSchema(t, filepath.Join(sharedDir(t), "schemas", "sarif-schema-2.1.0.json"))
	def, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	set := testSet(t)
	steps := fixture(t, set, testGate(set), nil)
	for _, tt := range []struct {
		name string
		run  func(w io.Writer)
	}{
		{"default rules", func(w io.Writer) {
			render(t, &report.SARIF{W: w, Rules: def, Version: "test", Root: "/work/corpus"}, fixture(t, def, testGate(def), nil), nil)
		}},
		{"test rules, info findings", func(w io.Writer) {
			render(t, &report.SARIF{W: w, Rules: set, Version: "test", MinSeverity: rules.Info}, steps, nil)
		}},
		{"baseline", func(w io.Writer) {
			baselineRun(t, set, &report.SARIF{W: w, Rules: set, Version: "test", Root: `/a dir/with #hash`, Baseline: true})
		}},
		{"empty", func(w io.Writer) {
			render(t, &report.SARIF{W: w, Rules: set, Version: "test"}, nil, nil)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			tt.run(&buf)
			validate(t, sch, tt.name, buf.Bytes())
		})
	}
}

// TestSARIFRules: the driver describes every rule of the set with its
// description and help, and results point at their rule.
func TestSARIFRules(t *testing.T) {
	def, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	render(t, &report.SARIF{W: &buf, Rules: def, Version: "test"}, fixture(t, def, testGate(def), nil), nil)
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID               string
						FullDescription  struct{ Text string }
						Help             struct{ Text, Markdown string }
						ShortDescription struct{ Text string }
					}
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	ids := map[string]bool{}
	for _, r := range run.Tool.Driver.Rules {
		ids[r.ID] = true
		if r.FullDescription.Text == "" || r.ShortDescription.Text == "" || r.Help.Text == "" || r.Help.Markdown == "" {
			t.Errorf("rule %s lacks a description or help", r.ID)
		}
	}
	for _, r := range def.Rules {
		if !ids[r.ID] {
			t.Errorf("rule %s is not in tool.driver.rules", r.ID)
		}
	}
	if len(run.Results) == 0 {
		t.Fatal("no results")
	}
	for _, res := range run.Results {
		if got := run.Tool.Driver.Rules[res.RuleIndex].ID; got != res.RuleID {
			t.Errorf("result of %s points at rule %d, %s", res.RuleID, res.RuleIndex, got)
		}
	}
}

// TestSARIFFingerprintsSurviveEdits: inserting lines above findings changes
// their lines but not their fingerprints.
func TestSARIFFingerprintsSurviveEdits(t *testing.T) {
	set := testSet(t)
	prints := func(edit func(path, text string) string) map[string]int {
		var buf bytes.Buffer
		render(t, &report.SARIF{W: &buf, Rules: set, Version: "test"}, fixture(t, set, testGate(set), edit)[:2], nil)
		var log struct {
			Runs []struct {
				Results []struct {
					PartialFingerprints map[string]string
					Locations           []struct {
						PhysicalLocation struct{ Region struct{ StartLine int } }
					}
				}
			}
		}
		if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, r := range log.Runs[0].Results {
			fp := r.PartialFingerprints["newslintLineHash/v1"]
			if _, dup := out[fp]; dup || fp == "" {
				t.Errorf("fingerprint %q is empty or repeated", fp)
			}
			out[fp] = r.Locations[0].PhysicalLocation.Region.StartLine
		}
		return out
	}
	before := prints(nil)
	after := prints(func(path, text string) string { return "Startseite\n\n" + text })
	for fp, line := range before {
		if got, ok := after[fp]; !ok {
			t.Errorf("the finding at line %d lost its fingerprint", line)
		} else if got != line+2 {
			t.Errorf("the finding at line %d moved to %d, want %d", line, got, line+2)
		}
	}
}

func TestGitHubEscape(t *testing.T) {
	for _, tt := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"50% off", "50%25 off", "50%25 off"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"dir/a,b:c.txt", "dir/a,b:c.txt", "dir/a%2Cb%3Ac.txt"},
		{"::warning::x", "::warning::x", "%3A%3Awarning%3A%3Ax"},
	} {
		if got := report.EscapeGitHubData(tt.in); got != tt.data {
			t.Errorf("EscapeGitHubData(%q) = %q, want %q", tt.in, got, tt.data)
		}
		if got := report.EscapeGitHubProperty(tt.in); got != tt.prop {
			t.Errorf("EscapeGitHubProperty(%q) = %q, want %q", tt.in, got, tt.prop)
		}
	}
}

// TestGitHubLimit: past GitHub's annotations per level, findings go to the
// log as plain lines, and a closing notice counts them and points to SARIF.
func TestGitHubLimit(t *testing.T) {
	set := testSet(t)
	var text strings.Builder
	for i := range 25 {
		fmt.Fprintf(&text, "%d Kommentare\n\nEin Satz, der lang genug ist, um als Inhalt des Artikels zu gelten.\n\n", i)
	}
	res := detect.New(set).Run(input.ParseText("many.txt", []byte(text.String())), detect.Options{})
	p := report.NewPage(res, testGate(set))
	var buf bytes.Buffer
	render(t, &report.GitHub{W: &buf, MinSeverity: rules.Warning}, []step{{page: p}}, nil)
	out := buf.String()
	if n := strings.Count(out, "::warning "); n != report.GitHubAnnotationsPerLevel {
		t.Errorf("%d warning annotations, want %d", n, report.GitHubAnnotationsPerLevel)
	}
	if n := len(regexp.MustCompile(`(?m)^many\.txt:\d+: `).FindAllString(out, -1)); n != 15 {
		t.Errorf("%d findings as plain lines, want 15:\n%s", n, out)
	}
	if !strings.Contains(out, "::notice title=newslint%3A annotations left out::15 more findings") || !strings.Contains(out, "sarif") {
		t.Errorf("no closing notice counting 15 findings and pointing to SARIF:\n%s", out)
	}
}

// TestXMLWellFormed: control characters and markup in page text leave
// JUnit and Checkstyle reports well-formed.
func TestXMLWellFormed(t *testing.T) {
	set := testSet(t)
	text := "0 Kommentare \x1b[31m <b>&amp;</b> ]]> \x00\n\nEin Satz, der lang genug ist, um als Inhalt des Artikels zu gelten.\n"
	res := detect.New(set).Run(input.ParseText("x<&>.txt", []byte(text)), detect.Options{})
	steps := []step{{page: report.NewPage(res, testGate(set))}, {path: "bad\x01.txt", err: errors.New("bad\x01.txt: unreadable ]]>")}}
	for name, w := range map[string]func(*bytes.Buffer) report.Writer{
		"junit":      func(b *bytes.Buffer) report.Writer { return &report.JUnit{W: b} },
		"checkstyle": func(b *bytes.Buffer) report.Writer { return &report.Checkstyle{W: b} },
	} {
		var buf bytes.Buffer
		render(t, w(&buf), steps, nil)
		dec := xml.NewDecoder(&buf)
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s: %v", name, err)
				break
			}
		}
	}
}
