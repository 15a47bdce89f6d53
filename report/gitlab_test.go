package report_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/rules"
)

type gitlabIssue struct {
	Description, CheckName, Fingerprint, Severity string
	Location                                      struct {
		Path  string
		Lines struct{ Begin int }
	}
}

func gitlabIssues(t *testing.T, data []byte) []gitlabIssue {
	t.Helper()
	var issues []struct {
		Description string `json:"description"`
		CheckName   string `json:"check_name"`
		Fingerprint string `json:"fingerprint"`
		Severity    string `json:"severity"`
		Location    struct {
			Path  string `json:"path"`
			Lines struct {
				Begin int `json:"begin"`
			} `json:"lines"`
		} `json:"location"`
	}
	if err := json.Unmarshal(data, &issues); err != nil {
		t.Fatalf("not a JSON array of issues: %v\n%s", err, data)
	}
	out := make([]gitlabIssue, len(issues))
	for i, is := range issues {
		out[i].Description, out[i].CheckName, out[i].Fingerprint, out[i].Severity = is.Description, is.CheckName, is.Fingerprint, is.Severity
		out[i].Location.Path, out[i].Location.Lines.Begin = is.Location.Path, is.Location.Lines.Begin
	}
	return out
}

// TestGitLabSchema: the report of the fixture, of WARC pages, with info
// findings and of an empty run is what GitLab takes, and no fingerprint
// repeats (GitLab drops issues whose fingerprint repeats).
func TestGitLabSchema(t *testing.T) {
	sch := compileSchema(t, "testdata/gitlab-codequality.schema.json")
	set := testSet(t)
	for _, tt := range []struct {
		name  string
		steps []step
		min   rules.Severity
	}{
		{"fixture", fixture(t, set, testGate(set), nil), rules.Warning},
		{"fixture with info findings", fixture(t, set, testGate(set), nil), rules.Info},
		{"WARC pages", warcSteps(t, set), rules.Warning},
		{"empty", nil, rules.Warning},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			render(t, &report.GitLab{W: &buf, MinSeverity: tt.min}, tt.steps, nil)
			validate(t, sch, tt.name, buf.Bytes())
			seen := map[string]string{}
			for _, is := range gitlabIssues(t, buf.Bytes()) {
				if prev, dup := seen[is.Fingerprint]; dup {
					t.Errorf("fingerprint %s of %q repeats that of %q", is.Fingerprint, is.Description, prev)
				}
				seen[is.Fingerprint] = is.Description
			}
			if tt.steps != nil && len(seen) == 0 {
				t.Error("no issues")
			}
		})
	}
}

// TestGitLabFingerprints: fingerprints are the same in every run and
// survive lines moving when lines are added above them; a changed line gets
// a new one. The severities follow the rules' (the fixture's tag-list is an
// error rule) and page-level gate failures are critical.
func TestGitLabFingerprints(t *testing.T) {
	set := testSet(t)
	run := func(edit func(path, text string) string) []gitlabIssue {
		var buf bytes.Buffer
		render(t, &report.GitLab{W: &buf, MinSeverity: rules.Info}, fixture(t, set, testGate(set), edit), nil)
		return gitlabIssues(t, buf.Bytes())
	}
	first, again := run(nil), run(nil)
	if len(first) != len(again) {
		t.Fatalf("%d issues, then %d", len(first), len(again))
	}
	byPrint := map[string]gitlabIssue{}
	for i := range first {
		if first[i].Fingerprint != again[i].Fingerprint {
			t.Errorf("%q: fingerprint %s, then %s", first[i].Description, first[i].Fingerprint, again[i].Fingerprint)
		}
		byPrint[first[i].Fingerprint] = first[i]
	}

	moved := run(func(path, text string) string {
		if path != seed000 {
			return text
		}
		text = "Startseite\n\n" + text // every line moves down by two
		return strings.Replace(text, "Folgen Sie uns auf", "Folgen Sie uns auf Instagram", 1)
	})
	kept, changed := 0, 0
	for _, is := range moved {
		old, ok := byPrint[is.Fingerprint]
		switch {
		case ok && old.Location.Path == seed000 && is.Location.Lines.Begin == old.Location.Lines.Begin+2:
			kept++
		case ok && old.Location.Path == seed000:
			t.Errorf("%q moved from line %d to %d, want two lines down", is.Description, old.Location.Lines.Begin, is.Location.Lines.Begin)
		case !ok && is.Location.Path == seed000:
			changed++
		}
	}
	if kept == 0 || changed != 2 {
		// The changed line, and the new "Startseite" line.
		t.Errorf("%d issues of the edited page kept their fingerprint, %d are new; want some kept and 2 new", kept, changed)
	}

	severities := map[string]bool{}
	for _, is := range first {
		severities[is.CheckName+" "+is.Severity] = true
	}
	for _, want := range []string{"newslint/tag-list major", "newslint/comment-counter minor", "newslint/gate/required-fields critical", "newslint/read blocker"} {
		if !severities[want] {
			t.Errorf("no issue %s among %v", want, severities)
		}
	}
}

// TestGitLabPaths: paths under the root are relative to it, with forward
// slashes; others are kept as given.
func TestGitLabPaths(t *testing.T) {
	set := testSet(t)
	var buf bytes.Buffer
	root := t.TempDir()
	steps := fixture(t, set, testGate(set), nil)[:1]
	steps[0].page.Path = root + "/corpus/a.txt"
	for i := range steps[0].page.Finds {
		steps[0].page.Finds[i].Path = steps[0].page.Path
	}
	render(t, &report.GitLab{W: &buf, Root: root}, steps, nil)
	for _, is := range gitlabIssues(t, buf.Bytes()) {
		if is.Location.Path != "corpus/a.txt" {
			t.Errorf("path %q, want corpus/a.txt", is.Location.Path)
		}
	}
}
