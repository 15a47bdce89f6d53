package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/rules"
)

// GitLab writes a GitLab Code Quality report: the JSON array of issues that
// a job publishes with `artifacts: reports: codequality:`, which GitLab
// shows in merge requests (new and fixed issues) and pipelines. There is an
// issue per finding, per page-level gate failure and per file or record
// that could not be read. It streams: one issue at a time.
//
// GitLab matches issues across pipelines by their fingerprint, and drops
// issues whose fingerprint repeats. A finding's fingerprint is a hash of
// its file (and, for a WARC response, the page's URI), its rule, its line's
// text with white space normalised, and the number of times the same rule
// fired on the same text before it in that file or page, as SARIF's
// partialFingerprints are: it is unique within a report, the same in every
// run, and survives lines moving when others are added or removed above
// them, which line numbers would not.
type GitLab struct {
	W io.Writer
	// MinSeverity leaves out findings below it.
	MinSeverity rules.Severity
	// Root is the directory paths are made relative to (the repository's
	// root, where CI runs); "" keeps paths as given.
	Root string

	n     int
	scope string         // file, or file#uri, of the previous issue
	seen  map[string]int // occurrences of rule and text in scope
	err   error
}

type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
}

// GitLab Code Quality severities.
const (
	gitlabInfo     = "info"
	gitlabMinor    = "minor"
	gitlabMajor    = "major"
	gitlabCritical = "critical"
	gitlabBlocker  = "blocker"
)

// GitLabSeverity maps a rule's severity to GitLab's: info is info, warning
// minor, error major. A page that fails a page-level check of the gate is
// critical, and a file that cannot be read a blocker.
func GitLabSeverity(s rules.Severity) string {
	switch s {
	case rules.Info:
		return gitlabInfo
	case rules.Warning:
		return gitlabMinor
	}
	return gitlabMajor
}

// path is how a file is named in the report: relative to Root when it lies
// under it, with forward slashes.
func (g *GitLab) path(p string) string {
	if p == input.Stdin {
		return p
	}
	if g.Root != "" {
		if abs, err := filepath.Abs(p); err == nil {
			if rel, err := filepath.Rel(g.Root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				p = rel
			}
		}
	}
	return filepath.ToSlash(p)
}

// fingerprint returns the fingerprint of the next issue of check on text
// in scope.
func (g *GitLab) fingerprint(scope, check, text string) string {
	if scope != g.scope {
		g.scope, g.seen = scope, map[string]int{}
	}
	norm := NormText(text)
	key := check + "\x00" + norm
	occ := g.seen[key]
	g.seen[key]++
	return Fingerprint(scope, check, norm, occ)
}

func (g *GitLab) write(is gitlabIssue) {
	if g.err != nil {
		return
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if g.err = enc.Encode(is); g.err != nil {
		return
	}
	sep := ",\n  "
	if g.n == 0 {
		sep = "[\n  "
	}
	g.n++
	_, g.err = fmt.Fprintf(g.W, "%s%s", sep, bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

// Page implements Writer.
func (g *GitLab) Page(p *Page) error {
	path := g.path(p.Path)
	scope := Where(path, 0, p.RecordName)
	for i := range p.Finds {
		f := &p.Finds[i]
		if f.Severity < g.MinSeverity {
			continue
		}
		id := f.RuleID()
		desc := message(f)
		switch {
		case f.RecordName != "":
			desc += fmt.Sprintf(" (%s, line %d)", f.RecordName, f.Line)
		case f.Record > 0:
			desc += fmt.Sprintf(" (record %d, line %d)", f.Record, f.Line)
		}
		g.write(gitlabIssue{
			Description: desc,
			CheckName:   "newslint/" + id,
			Fingerprint: g.fingerprint(scope, id, f.Text),
			Severity:    GitLabSeverity(f.Severity),
			Location:    gitlabLocation{Path: path, Lines: gitlabLines{Begin: max(f.FileLine(), 1)}},
		})
	}
	for _, why := range p.Reasons {
		if why.Check == CheckFailLevel {
			continue // the findings say it
		}
		id := "gate/" + why.Check
		g.write(gitlabIssue{
			Description: pageName(p) + " fails the gate: " + why.Message,
			CheckName:   "newslint/" + id,
			Fingerprint: g.fingerprint(scope, id, ""),
			Severity:    gitlabCritical,
			Location:    gitlabLocation{Path: path, Lines: gitlabLines{Begin: pageLine(p)}},
		})
	}
	return g.err
}

// FileError implements Writer.
func (g *GitLab) FileError(path string, record int, err error) error {
	p := g.path(path)
	line := errorLine(path, record)
	g.write(gitlabIssue{
		Description: err.Error(),
		CheckName:   "newslint/read",
		Fingerprint: g.fingerprint(p, "read", fmt.Sprint(record)),
		Severity:    gitlabBlocker,
		Location:    gitlabLocation{Path: p, Lines: gitlabLines{Begin: line}},
	})
	return g.err
}

// Close implements Writer.
func (g *GitLab) Close(*Totals) error {
	if g.err != nil {
		return g.err
	}
	end := "\n]\n"
	if g.n == 0 {
		end = "[]\n"
	}
	_, g.err = io.WriteString(g.W, end)
	return g.err
}
