package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/newslint/newslint/rules"
)

// GitHubAnnotationsPerLevel is how many annotations of one level (error,
// warning, notice) GitHub Actions shows for a step; it drops the rest.
const GitHubAnnotationsPerLevel = 10

// GitHub writes GitHub Actions workflow commands: an annotation per finding
// (::warning file=…,line=…,title=…::message) and per page that fails the
// gate for a reason other than its findings. GitHub shows only
// GitHubAnnotationsPerLevel annotations of each level per step, so findings
// beyond that are written as plain log lines, and the end of the report
// says how many were not annotated and points to the SARIF upload.
type GitHub struct {
	W io.Writer
	// MinSeverity leaves out findings below it.
	MinSeverity rules.Severity

	shown   map[string]int // annotations written, by command
	omitted int            // findings written as plain lines instead
	err     error
}

// githubCommand maps a severity to a workflow command.
func githubCommand(s rules.Severity) string {
	switch s {
	case rules.Info:
		return "notice"
	case rules.Warning:
		return "warning"
	}
	return "error"
}

// EscapeGitHubData escapes the message of a workflow command.
func EscapeGitHubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// EscapeGitHubProperty escapes a property value (file, title) of a workflow command.
func EscapeGitHubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// annotate writes an annotation if its level has room and reports whether
// it did. One notice is kept back for the closing note.
func (g *GitHub) annotate(cmd string, props [][2]string, msg string) bool {
	if g.shown == nil {
		g.shown = map[string]int{}
	}
	room := GitHubAnnotationsPerLevel
	if cmd == "notice" {
		room--
	}
	if g.shown[cmd] >= room {
		return false
	}
	g.shown[cmd]++
	g.print(GitHubCommand(cmd, props, msg))
	return true
}

// GitHubCommand formats a workflow command with its properties and message.
func GitHubCommand(cmd string, props [][2]string, msg string) string {
	var b strings.Builder
	b.WriteString("::" + cmd)
	for i, p := range props {
		sep := ","
		if i == 0 {
			sep = " "
		}
		b.WriteString(sep + p[0] + "=" + EscapeGitHubProperty(p[1]))
	}
	b.WriteString("::" + EscapeGitHubData(msg) + "\n")
	return b.String()
}

func (g *GitHub) print(s string) {
	if g.err == nil {
		_, g.err = io.WriteString(g.W, s)
	}
}

// Page implements Writer.
func (g *GitHub) Page(p *Page) error {
	for i := range p.Finds {
		f := &p.Finds[i]
		if f.Severity < g.MinSeverity {
			continue
		}
		msg := message(f)
		switch {
		case f.RecordName != "":
			msg += fmt.Sprintf(" (%s, line %d)", f.RecordName, f.Line)
		case f.Record > 0:
			msg += fmt.Sprintf(" (record %d, line %d)", f.Record, f.Line)
		}
		props := [][2]string{{"file", f.Path}, {"line", fmt.Sprint(f.FileLine())}, {"title", "newslint " + f.RuleID()}}
		if !g.annotate(githubCommand(f.Severity), props, msg) {
			g.omitted++
			g.print(fmt.Sprintf("%s: %s [%s] %s\n", f.Location(), f.Category, f.RuleID(), Quote(f.Text, 200)))
		}
	}
	s := &p.Summary
	line := fmt.Sprintf("%s: %d lines, %d noise (%.1f%%), %d content, quality %.2f", pageName(p), s.Lines, s.Noise, 100*s.NoiseRatio, s.Content, s.Quality)
	if !p.Failed {
		g.print(line + ": ok\n")
		return g.err
	}
	g.print(line + ": FAIL (" + ReasonText(p.Reasons) + ")\n")
	for _, why := range p.Reasons {
		if why.Check == CheckFailLevel {
			continue // the findings' annotations say it
		}
		props := [][2]string{{"file", p.Path}, {"title", "newslint gate: " + why.Check}}
		if !g.annotate("error", props, pageName(p)+" fails the gate: "+why.Message) {
			g.omitted++
		}
	}
	return g.err
}

// FileError implements Writer.
func (g *GitHub) FileError(path string, record int, err error) error {
	if !g.annotate("error", [][2]string{{"file", path}, {"title", "newslint: cannot read"}}, err.Error()) {
		g.omitted++
		g.print("error: " + err.Error() + "\n")
	}
	return g.err
}

// Close implements Writer.
func (g *GitHub) Close(t *Totals) error {
	g.print(TotalsLine(t) + "\n")
	for _, e := range t.Stale {
		g.print("baseline: stale entry " + StaleLine(e) + "\n")
	}
	if g.omitted > 0 {
		msg := fmt.Sprintf("%d more findings were not annotated: GitHub shows %d annotations of each level per step. They are in the log above; to see every finding on the pull request, upload a SARIF report (newslint lint --format sarif=newslint.sarif, then github/codeql-action/upload-sarif).",
			g.omitted, GitHubAnnotationsPerLevel)
		g.print(GitHubCommand("notice", [][2]string{{"title", "newslint: annotations left out"}}, msg))
	}
	return g.err
}
