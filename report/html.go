package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"hash/fnv"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/newslint/newslint/rules"
)

// HTMLMaxLines is how many lines an HTML report shows by default, over all
// its pages; pages past it are listed with their counts only.
const HTMLMaxLines = 100_000

// HTMLMaxPages is how many pages the table of an HTML report lists by
// default; the totals and charts count every page.
const HTMLMaxPages = 20_000

// HTML writes one self-contained HTML page for people, made to be a CI
// artifact a reviewer opens: the totals, a chart of noise lines by category
// and of the noise ratio by site, a sortable and filterable table of the
// pages with their gate status and noise ratio, and every page's lines
// coloured by verdict with the rule behind each (hover a line for every
// rule that fired). Styles and script are inline and its
// Content-Security-Policy forbids loading anything, so it opens the same
// from a disk, an archive or an artifact store, offline. Pages are written
// as they come; the totals, charts and table, written at the end, are
// shown first.
type HTML struct {
	W       io.Writer
	Version string // newslint's version
	// MaxLines bounds the lines shown over all pages (0: HTMLMaxLines) and
	// MaxPages the pages listed (0: HTMLMaxPages), so that a run over a
	// large corpus gives a report a browser opens, in bounded memory.
	MaxLines, MaxPages int

	started bool
	err     error
	shown   int  // lines written so far
	full    bool // MaxLines reached: later pages show no lines
	opened  int  // failing pages shown open
	rows    []htmlRow
	pages   int // pages (and parts of pages) seen; those past MaxPages are not in rows
	// unlisted counts the pages left out of rows (the parts of a page
	// scored in parts are rows of their own: its first part counts it).
	unlisted int
	errors   []string
	cats     map[string]int
	sites    tally
}

// htmlOpenFailing is how many failing pages the report shows open.
const htmlOpenFailing = 10

//go:embed html/report.tmpl
var htmlTemplates string

//go:embed html/report.css
var htmlCSS string

//go:embed html/report.js
var htmlJS string

var htmlT = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct": func(r float64) string { return fmt.Sprintf("%.1f%%", 100*r) },
}).Parse(htmlTemplates))

// htmlRow is a page in the table, and the head of its section.
type htmlRow struct {
	ID                    int
	Name, Site, Reasons   string
	Failed                bool
	Lines, Noise, Content int
	NoiseRatio, Quality   float64
	TopRules              string
	Title, URL            string
	Open, Omitted         bool
	MaxLines              int
	Rows                  []htmlLine
}

// htmlLine is a line of a page's section.
type htmlLine struct {
	Num      int
	Label    string
	Category string
	Hue      int
	Rule     string
	Score    float64
	Text     string
	Hits     string
	Finding  bool
}

func (h *HTML) exec(name string, data any) {
	if h.err == nil {
		h.err = htmlT.ExecuteTemplate(h.W, name, data)
	}
}

func (h *HTML) start() {
	if h.started {
		return
	}
	h.started = true
	h.exec("head", map[string]any{"Version": h.Version, "CSS": template.CSS(htmlCSS)})
}

// Page implements Writer.
func (h *HTML) Page(p *Page) error {
	h.start()
	h.sites.add(p)
	h.pages++
	s := &p.Summary
	row := htmlRow{
		ID: h.pages, Name: pageName(p), Site: SiteOf(p), Reasons: ReasonText(p.Reasons), Failed: p.Failed,
		Lines: s.Lines, Noise: s.Noise, Content: s.Content, NoiseRatio: s.NoiseRatio, Quality: s.Quality,
		TopRules: topRules(s.Rules, 3),
	}
	for c, n := range s.Categories {
		if h.cats == nil {
			h.cats = map[string]int{}
		}
		h.cats[c] += n
	}
	maxPages := h.MaxPages
	if maxPages <= 0 {
		maxPages = HTMLMaxPages
	}
	if len(h.rows) >= maxPages {
		if p.counts() {
			h.unlisted++
		}
		return h.err // counted in the totals and charts only
	}
	h.rows = append(h.rows, row)

	limit := h.MaxLines
	if limit <= 0 {
		limit = HTMLMaxLines
	}
	row.MaxLines = limit
	if p.Result != nil {
		row.Title, row.URL = p.Result.Page.Meta.Title, p.Result.Page.Meta.URL
		if h.full || h.shown+len(p.Result.Verdicts) > limit {
			row.Omitted, h.full = true, true
		} else {
			h.shown += len(p.Result.Verdicts)
			row.Rows = htmlLines(p)
		}
	}
	if p.Failed && !row.Omitted && h.opened < htmlOpenFailing {
		row.Open = true
		h.opened++
	}
	h.exec("page", row)
	return h.err
}

// htmlLines are the rows of a page's lines.
func htmlLines(p *Page) []htmlLine {
	findings := map[int]bool{}
	for i := range p.Finds {
		findings[p.Finds[i].Line] = true
	}
	res := p.Result
	out := make([]htmlLine, 0, len(res.Verdicts))
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		l := htmlLine{Num: v.Num, Label: v.Label.String(), Score: v.Score, Text: v.Text, Finding: findings[v.Num]}
		if v.Label == rules.Noise {
			l.Category, l.Hue = v.Category, hue(v.Category)
		}
		if r := v.Rule(); r != nil {
			l.Rule = r.ID
		}
		hits := make([]string, 0, len(v.Hits)+len(v.Flags))
		for _, hit := range v.Hits {
			hits = append(hits, fmt.Sprintf("%s %+g", hit.Rule.ID, hit.Delta))
		}
		for _, f := range v.Flags {
			hits = append(hits, f.ID+" (flag: "+f.Category+")")
		}
		l.Hits = fmt.Sprintf("line %d, score %+.2f: ", v.Num, v.Score) + strings.Join(hits, ", ")
		if len(hits) == 0 {
			l.Hits += "no rule fired"
		}
		out = append(out, l)
	}
	return out
}

// topRules names the n rules with the most findings, with their counts.
func topRules(counts map[string]int, n int) string {
	ids := make([]string, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if counts[ids[i]] != counts[ids[j]] {
			return counts[ids[i]] > counts[ids[j]]
		}
		return ids[i] < ids[j]
	})
	var parts []string
	for _, id := range ids[:min(n, len(ids))] {
		parts = append(parts, id+" ×"+strconv.Itoa(counts[id]))
	}
	return strings.Join(parts, ", ")
}

// hue gives each noise category its own colour, the same in every report.
func hue(category string) int {
	h := fnv.New32a()
	h.Write([]byte(category))
	// Blues, purples and reds to yellows: greens mean content.
	return int(h.Sum32()%250+180) % 360
}

// FileError implements Writer.
func (h *HTML) FileError(path string, record int, err error) error {
	h.start()
	h.errors = append(h.errors, err.Error())
	return h.err
}

// Close implements Writer.
func (h *HTML) Close(t *Totals) error {
	h.start()
	var cats []chartBar
	for c, n := range h.cats {
		cats = append(cats, chartBar{Label: c, Value: strconv.Itoa(n), n: float64(n), Hue: hue(c),
			Title: fmt.Sprintf("%s: %d noise lines", c, n)})
	}
	var sites []chartBar
	for _, s := range h.sites.bySite() {
		sites = append(sites, chartBar{Label: s.Site, Value: fmt.Sprintf("%.1f%%", 100*s.Summary.NoiseRatio), n: s.Summary.NoiseRatio, Hue: 0,
			Title: fmt.Sprintf("%s: %d of %d lines noise on %d pages", s.Site, s.Summary.Noise, s.Summary.Lines, s.Pages)})
	}
	h.exec("summary", map[string]any{
		"Totals":        t,
		"Rows":          h.rows,
		"Unlisted":      h.unlisted,
		"Errors":        h.errors,
		"CategoryChart": h.chart("noise lines by category", cats, 0),
		"SiteChart":     h.chart("noise ratio by site", sites, 1),
		"JS":            template.JS(htmlJS),
	})
	return h.err
}

// chartBar is a bar of a chart.
type chartBar struct {
	Label, Value, Title string
	Hue                 int
	n                   float64
	// Geometry, set by chart.
	X, Y, W, H, LabelX, ValueX, TextY int
}

// htmlChartBars is the most bars a chart shows.
const htmlChartBars = 12

// chart draws bars as an inline SVG, largest first; full is the value of a
// full bar (0: the largest).
func (h *HTML) chart(caption string, bars []chartBar, full float64) template.HTML {
	sort.Slice(bars, func(i, j int) bool {
		if bars[i].n != bars[j].n {
			return bars[i].n > bars[j].n
		}
		return bars[i].Label < bars[j].Label
	})
	bars = bars[:min(len(bars), htmlChartBars)]
	if full == 0 && len(bars) > 0 {
		full = bars[0].n
	}
	const labelW, barW, valueW, rowH = 170, 220, 60, 20
	for i := range bars {
		b := &bars[i]
		if len([]rune(b.Label)) > 26 {
			b.Label = string([]rune(b.Label)[:25]) + "…"
		}
		b.LabelX, b.X, b.Y, b.H = labelW-6, labelW, i*rowH+3, rowH-6
		if full > 0 {
			b.W = max(int(barW*b.n/full+0.5), 1)
		}
		b.ValueX, b.TextY = labelW+b.W+5, i*rowH+rowH-6
	}
	var buf bytes.Buffer
	err := htmlT.ExecuteTemplate(&buf, "chart", map[string]any{
		"Caption": caption, "Bars": bars, "Width": labelW + barW + valueW, "Height": len(bars) * rowH,
	})
	if err != nil && h.err == nil {
		h.err = err
	}
	return template.HTML(buf.String())
}
