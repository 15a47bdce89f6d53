package detect

import (
	"fmt"
	"strings"

	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/rules"
)

// ExampleFailure is a rule example that did not behave as written.
type ExampleFailure struct {
	Rule    *rules.Rule
	Example string
	Want    bool // true: the rule should have fired
}

func (f ExampleFailure) Error() string {
	verb := "must match but did not"
	if !f.Want {
		verb = "must not match but did"
	}
	return fmt.Sprintf("%s: rule %q: example %s: %s", f.Rule.Pos, f.Rule.ID, verb, strings.ReplaceAll(f.Example, "\n", `\n`))
}

// CheckExamples runs every enabled rule's examples through the engine and
// returns those that do not behave as written. Each example is scored as a
// page of its own; the line under test is the one marked ">> ", or the only
// line. The rule must (or must not) be among those that fired on it.
func (e *Engine) CheckExamples() []ExampleFailure {
	var out []ExampleFailure
	for _, r := range e.rules {
		for _, ex := range r.Examples.Match {
			if !e.fires(r, ex) {
				out = append(out, ExampleFailure{Rule: r, Example: ex, Want: true})
			}
		}
		for _, ex := range r.Examples.NoMatch {
			if e.fires(r, ex) {
				out = append(out, ExampleFailure{Rule: r, Example: ex, Want: false})
			}
		}
	}
	return out
}

// fires reports whether rule r fires on the marked line of example ex.
func (e *Engine) fires(r *rules.Rule, ex string) bool {
	p, target := ExamplePage(ex)
	res := e.Run(p, Options{})
	for _, v := range res.Verdicts {
		if v.Num != target {
			continue
		}
		for _, h := range v.Hits {
			if h.Rule == r {
				return true
			}
		}
	}
	return false
}

// ExamplePage turns a rule example into a page and the number of the line
// under test.
func ExamplePage(ex string) (*page.Page, int) {
	ex = strings.TrimRight(ex, "\n")
	p := &page.Page{Path: "example"}
	target := 0
	for i, l := range strings.Split(ex, "\n") {
		if rest, ok := strings.CutPrefix(l, ">> "); ok {
			l, target = rest, i+1
		}
		p.Lines = append(p.Lines, page.Line{Text: l, Num: i + 1})
	}
	if target == 0 {
		target = 1
	}
	return p, target
}
