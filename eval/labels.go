package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// labelLine is one labelled line of a page.
type labelLine struct {
	line    int    // 1-based line number in the page, 0 if not given
	text    string // whitespace-collapsed line text, never empty
	content bool   // true for content, false for noise
	src     int    // line of the labels file it came from
}

// labelRecord is one record of a labels file as written.
type labelRecord struct {
	Page  *string `json:"page"`
	Line  int     `json:"line"`
	Text  *string `json:"text"`
	Label *string `json:"label"`
	Note  string  `json:"note"`
}

// LoadLabels reads a labels file: JSON Lines, one labelled line per record,
//
//	{"page": "bbc-42", "line": 7, "text": "Share this article", "label": "noise"}
//
// where "page" is the page ID (matched verbatim against prediction keys),
// "text" the line's text (required; compared after whitespace collapsing),
// "line" its optional 1-based line number in the page (orders duplicate
// texts and must be unique per page), "label" is "content" or "noise", and
// an optional "note" is ignored. Blank lines and lines starting with '#'
// are skipped; any other field is an error. See FORMATS.md.
func LoadLabels(path string) (*Gold, error) {
	g := newGold()
	if err := g.addLabels(path); err != nil {
		return nil, err
	}
	return g, nil
}

// ParseLabels reads labels in the format of LoadLabels from data, with
// the same checks; name names the source in errors ("name:line: …"), as
// a path does for LoadLabels. For labels held in memory (newslint serve).
func ParseLabels(data []byte, name string) (*Gold, error) {
	g := newGold()
	if err := g.addLabelData(data, name); err != nil {
		return nil, err
	}
	return g, nil
}

// addLabels reads the labels file at path into g.
func (g *Gold) addLabels(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	return g.addLabelData(data, path)
}

// addLabelData reads labels data, named path in errors, into g.
func (g *Gold) addLabelData(data []byte, path string) error {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	pages := make(map[string][]labelLine)
	seenLine := make(map[string]map[int]int) // page → line number → file line
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, len(data)+1)
	for n := 1; sc.Scan(); n++ {
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 || raw[0] == '#' {
			continue
		}
		fail := func(format string, args ...any) error {
			return fmt.Errorf("eval: %s:%d: %s", path, n, fmt.Sprintf(format, args...))
		}
		var rec labelRecord
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rec); err != nil {
			return fail("%v", err)
		}
		if rest := bytes.TrimSpace(raw[dec.InputOffset():]); len(rest) > 0 {
			return fail("text after the JSON object: %q", rest)
		}
		switch {
		case rec.Page == nil || *rec.Page == "":
			return fail(`missing "page"`)
		case rec.Text == nil:
			return fail(`missing "text"`)
		case rec.Label == nil:
			return fail(`missing "label"`)
		case rec.Line < 0:
			return fail(`"line" must be 1 or more, not %d`, rec.Line)
		}
		l := labelLine{line: rec.Line, text: collapse(*rec.Text), src: n}
		if l.text == "" {
			return fail(`"text" is blank: blank lines carry no label`)
		}
		switch *rec.Label {
		case "content":
			l.content = true
		case "noise":
		default:
			return fail(`"label" must be "content" or "noise", not %q`, *rec.Label)
		}
		page := *rec.Page
		if l.line > 0 {
			if seenLine[page] == nil {
				seenLine[page] = make(map[int]int)
			}
			if prev, ok := seenLine[page][l.line]; ok {
				return fail("page %q line %d already labelled on line %d", page, l.line, prev)
			}
			seenLine[page][l.line] = n
		}
		pages[page] = append(pages[page], l)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("eval: %s: %w", path, err)
	}
	for page, ls := range pages {
		if _, dup := g.labels[page]; dup {
			return fmt.Errorf("eval: %s: page %q is already labelled in another labels file", path, page)
		}
		numbered := true
		for _, l := range ls {
			numbered = numbered && l.line > 0
		}
		if numbered {
			sort.SliceStable(ls, func(i, j int) bool { return ls[i].line < ls[j].line })
		}
		g.labels[page] = ls
	}
	return nil
}

// scoreLabels scores every labelled page against pred.
func (g *Gold) scoreLabels(pred map[string]string) Result {
	pages := make([]PageScore, 0, len(g.labels))
	for _, id := range sortedKeys(g.labels) {
		pages = append(pages, scoreLabelPage(id, g.labels[id], pred[id]))
	}
	return Aggregate(Labels, pages)
}

// scoreLabelPage scores one labelled page. A labelled line is kept when a
// line of text equals it after whitespace collapsing. Predicted lines are
// matched to labelled lines in order first (each to the next unmatched
// labelled line with its text after the previous match), so that among
// duplicate texts the right copy is taken when the output keeps page order;
// lines left over are then matched to any unmatched labelled line with
// their text.
func scoreLabelPage(id string, labels []labelLine, text string) PageScore {
	page := PageScore{ID: id, Method: Labels, Empty: blank(text)}
	byText := make(map[string][]int, len(labels))
	for i, l := range labels {
		byText[l.text] = append(byText[l.text], i)
	}
	kept := make([]bool, len(labels))
	last := -1
	var leftover []string
	for _, line := range strings.Split(text, "\n") {
		line = collapse(line)
		pos, ok := byText[line]
		if line == "" || !ok {
			continue
		}
		found := false
		for _, i := range pos {
			if i > last && !kept[i] {
				kept[i], last, found = true, i, true
				break
			}
		}
		if !found {
			leftover = append(leftover, line)
		}
	}
	for _, line := range leftover {
		for _, i := range byText[line] {
			if !kept[i] {
				kept[i] = true
				break
			}
		}
	}
	for i, l := range labels {
		switch {
		case kept[i] && l.content:
			page.TP++
		case kept[i]:
			page.FP++
			page.Kept = append(page.Kept, l.text)
		case l.content:
			page.FN++
			page.Missed = append(page.Missed, l.text)
		default:
			page.TN++
		}
	}
	page.P, page.R, page.F1 = pageCountScore(page.TP, page.FP, page.FN)
	return page
}
