package detect

import (
	"fmt"
	"slices"
	"strings"

	"github.com/newslint/newslint/htmltext"
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
// line. The rule must (or must not) be among those that fired on it. A
// document rule must (or must not) report the page, at the marked line if
// one is marked.
//
// An example page may start with lines "@lang: de", "@title: …", "@site: …"
// or "@url: …", which set what an input format would tell about the page.
// An example may hold several pages of one site, separated by lines "---":
// they are the run that the site-pages and site-share features count over,
// and the page under test is the one with the marked line (or the last).
// Rules restricted to some sites are checked on examples as if they applied.
func (e *Engine) CheckExamples() []ExampleFailure {
	var out []ExampleFailure
	all := slices.Clone(e.rules)
	for _, d := range e.docs {
		all = append(all, d.rule)
	}
	for _, r := range all {
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
	pages, at, target, marked := examplePages(ex)
	opt := Options{anySite: true}
	if len(pages) > 1 {
		opt.SitePages = newExampleCounts(pages)
	}
	res := e.Run(pages[at], opt)
	if r.Kind == rules.Document {
		for _, d := range res.Docs {
			if d.Rule == r && (!marked || d.Line == target) {
				return true
			}
		}
		return false
	}
	for _, v := range res.Verdicts {
		if v.Num != target {
			continue
		}
		for _, h := range v.Hits {
			if h.Rule == r {
				return true
			}
		}
		if slices.Contains(v.Flags, r) {
			return true
		}
	}
	return false
}

// ExamplePage turns a rule example into a page and the number of the line
// under test.
//
// An example that starts with "<" is HTML, rendered as HTML input is (so DOM
// features such as link density apply); the line under test holds ">> ".
func ExamplePage(ex string) (*page.Page, int) {
	if strings.HasPrefix(strings.TrimSpace(ex), "<") {
		p := htmltext.ParseBytes("example.html", []byte(ex), htmltext.Options{KeepAriaHidden: true, Readability: true})
		target := 0
		for i := range p.Lines {
			if t := strings.TrimSpace(p.Lines[i].Text); strings.HasPrefix(t, ">> ") {
				p.Lines[i].Text = strings.TrimPrefix(t, ">> ")
				target = p.Lines[i].Num
			}
		}
		return p, target
	}
	p, target, _ := examplePage(strings.Split(strings.TrimRight(ex, "\n"), "\n"))
	return p, target
}

// examplePage makes a page of lines; target is the line marked ">> ", or 1.
// Lines "@lang: de", "@title: …", "@site: …" and "@url: …" at the top set
// what the input would tell about the page (page.Meta) and are not lines.
func examplePage(lines []string) (p *page.Page, target int, marked bool) {
	p = &page.Page{Path: "example"}
	for len(lines) > 0 {
		k, v, ok := strings.Cut(lines[0], ": ")
		switch {
		case !ok:
		case k == "@lang":
			p.Meta.Lang = v
		case k == "@title":
			p.Meta.Title = v
		case k == "@site":
			p.Meta.Site = v
		case k == "@url":
			p.Meta.URL = v
		default:
			ok = false
		}
		if !ok {
			break
		}
		lines = lines[1:]
	}
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(l, ">> "); ok {
			l, target = rest, i+1
		}
		p.Lines = append(p.Lines, page.Line{Text: l, Num: i + 1})
	}
	if target == 0 {
		return p, 1, false
	}
	return p, target, true
}

// examplePages splits an example into its pages (separated by lines "---")
// and returns the index of the page under test, its target line and
// whether that line is marked.
func examplePages(ex string) (pages []*page.Page, at, target int, marked bool) {
	if strings.HasPrefix(strings.TrimSpace(ex), "<") {
		p, t := ExamplePage(ex)
		return []*page.Page{p}, 0, t, t > 0
	}
	var cur []string
	at = -1
	flush := func() {
		p, t, m := examplePage(cur)
		if m && at < 0 {
			at, target, marked = len(pages), t, true
		}
		pages = append(pages, p)
		cur = nil
	}
	for _, l := range strings.Split(strings.TrimRight(ex, "\n"), "\n") {
		if l == "---" {
			flush()
			continue
		}
		cur = append(cur, l)
	}
	flush()
	if at < 0 {
		at, target = len(pages)-1, 1
	}
	return pages, at, target, marked
}

// exampleCounts are the site counts of the pages of a multi-page example.
type exampleCounts struct {
	pages map[string]int
	size  int
}

func newExampleCounts(pages []*page.Page) exampleCounts {
	c := exampleCounts{pages: map[string]int{}, size: len(pages)}
	for _, p := range pages {
		seen := map[string]bool{}
		for _, l := range p.Lines {
			f := string(rules.FoldWords(nil, l.Text))
			if f != "" && !seen[f] {
				seen[f] = true
				c.pages[f]++
			}
		}
	}
	return c
}

func (c exampleCounts) Pages(site, folded string) int { return c.pages[folded] }
func (c exampleCounts) Size(site string) int          { return c.size }
