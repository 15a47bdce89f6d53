package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/newslint/newslint/rules"
)

// Sites is a Writer that prints, when the run ends, one line per site (see
// SiteOf): its pages, its noise ratio, how many pages failed the gate and
// the rules with the most findings, followed by the failing pages. Sites
// with failing pages come first, so the scraper that regressed is at the
// top.
type Sites struct {
	W io.Writer
	// MinSeverity leaves findings below it out of the rule counts (the
	// generic info-level boilerplate rules would fill them).
	MinSeverity rules.Severity
	// TopRules and FailingPages cap what is listed per site (defaults 3 and 5).
	TopRules, FailingPages int

	sites map[string]*siteReport
}

type siteReport struct {
	SiteSummary
	failed  int
	once    failOnce
	failing []string       // failing pages with their reasons, in input order
	rules   map[string]int // findings per rule
}

// Page implements Writer.
func (s *Sites) Page(p *Page) error {
	if s.sites == nil {
		s.sites = map[string]*siteReport{}
	}
	key := SiteOf(p)
	sr := s.sites[key]
	if sr == nil {
		sr = &siteReport{SiteSummary: SiteSummary{Site: key}, rules: map[string]int{}}
		s.sites[key] = sr
	}
	if p.counts() {
		sr.Pages++
	}
	sr.Summary.Add(&p.Summary)
	for i := range p.Finds {
		if f := &p.Finds[i]; f.Severity >= s.MinSeverity {
			sr.rules[f.RuleID()]++
		}
	}
	if sr.once.first(p) {
		sr.failed++
		name := pageName(p)
		sr.failing = append(sr.failing, name+" ("+ReasonText(p.Reasons)+")")
	}
	return nil
}

// FileError implements Writer.
func (s *Sites) FileError(string, int, error) error { return nil }

// Close implements Writer.
func (s *Sites) Close(*Totals) error {
	top, failing := s.TopRules, s.FailingPages
	if top <= 0 {
		top = 3
	}
	if failing <= 0 {
		failing = 5
	}
	list := make([]*siteReport, 0, len(s.sites))
	w := len("site")
	for _, sr := range s.sites {
		list = append(list, sr)
		w = max(w, utf8.RuneCountInString(sr.Site))
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		fa, fb := float64(a.failed)/float64(a.Pages), float64(b.failed)/float64(b.Pages)
		switch {
		case fa != fb:
			return fa > fb
		case a.NoiseRatio != b.NoiseRatio:
			return a.NoiseRatio > b.NoiseRatio
		}
		return a.Site < b.Site
	})
	var b strings.Builder
	b.WriteString("by site:\n")
	fmt.Fprintf(&b, "  %-*s %6s %7s %6s  %s\n", w, "site", "pages", "failed", "noise", "top rules")
	for _, sr := range list {
		fmt.Fprintf(&b, "  %-*s %6d %7d %5.1f%%  %s\n", w, sr.Site, sr.Pages, sr.failed, 100*sr.NoiseRatio, topCounts(sr.rules, top))
		for i, f := range sr.failing {
			if i == failing {
				fmt.Fprintf(&b, "  %-*s   … and %d more failing pages\n", w, "", len(sr.failing)-failing)
				break
			}
			fmt.Fprintf(&b, "  %-*s   failing: %s\n", w, "", f)
		}
	}
	_, err := io.WriteString(s.W, b.String())
	return err
}

// topCounts lists the n largest counts as "name count", largest first.
func topCounts(counts map[string]int, n int) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) == 0 {
		return "-"
	}
	parts := make([]string, 0, n)
	for _, k := range keys[:min(n, len(keys))] {
		parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
	}
	return strings.Join(parts, ", ")
}
