package eval

import (
	"strings"
)

// Target is what a page's gold says of one of its lines, for learning
// rule weights (package fit): the share of the line the gold counts as the
// article (Content, 0 to 1) and how much the line counts towards the
// page's score (Weight; 0 when the gold says nothing of the line).
type Target struct {
	Content float64
	Weight  float64
}

// Targets returns one Target per entry of lines, the texts of a page's
// lines in order (blank lines get a zero Weight), for gold page id, with
// the method they come from; ok is false when the gold holds no page id.
// When a page has gold of several kinds, full text wins over labels and
// labels over snippets.
//
// Each kind of gold is read as its scorer reads it:
//
//   - Shingles: a line's Content is the share of the 4-token shingles that
//     hold one of its tokens, taken over the line with the last three tokens
//     of the line above and the first three of the line below (as its text
//     stands in an output that keeps them), that the gold text holds; its
//     Weight is its number of tokens. A line with no tokens counts nothing.
//   - Labels: Content is 1 for a content line and 0 for a noise line, Weight
//     1; lines are matched by line number when the labels give one, else by
//     text in order.
//   - Snippets: a line that a "with" snippet overlaps (found in the
//     page's text with its whitespace collapsed, the lines joined by a
//     space) counts 1 for content, one that a "without" snippet overlaps 1
//     for noise; Content is the content share of what counts, Weight its
//     sum. Lines no snippet touches count nothing.
func (g *Gold) Targets(id string, lines []string) (ts []Target, m Method, ok bool) {
	if s := g.shingles[id]; s != nil {
		return shingleTargets(s, lines), Shingles, true
	}
	if l, found := g.labels[id]; found {
		return labelTargets(l, lines), Labels, true
	}
	if sp := g.snippets[id]; sp != nil {
		return snippetTargets(sp, lines), Snippets, true
	}
	return nil, 0, false
}

// shingleTargets implements Targets for full gold text.
func shingleTargets(gold *shingled, lines []string) []Target {
	toks := make([][]string, len(lines))
	for i, l := range lines {
		for _, t := range tokenize(l) {
			toks[i] = append(toks[i], l[t.start:t.end])
		}
	}
	// The gold's tokens, for texts too short to make a shingle of four.
	var b strings.Builder
	b.WriteByte(0)
	for _, t := range gold.toks {
		b.WriteString(gold.text[t.start:t.end])
		b.WriteByte(0)
	}
	goldSeq := b.String()
	out := make([]Target, len(lines))
	var seq []string
	for i := range lines {
		n := len(toks[i])
		if n == 0 {
			continue
		}
		// The line with up to three tokens of the nearest lines with tokens
		// on each side.
		seq = seq[:0]
		for j := i - 1; j >= 0; j-- {
			if k := len(toks[j]); k > 0 {
				seq = append(seq, toks[j][max(0, k-(shingleN-1)):]...)
				break
			}
		}
		from := len(seq)
		seq = append(seq, toks[i]...)
		for j := i + 1; j < len(lines); j++ {
			if k := len(toks[j]); k > 0 {
				seq = append(seq, toks[j][:min(k, shingleN-1)]...)
				break
			}
		}
		to := from + n // tokens of the line are seq[from:to]
		if len(seq) < shingleN {
			if strings.Contains(goldSeq, "\x00"+strings.Join(toks[i], "\x00")+"\x00") {
				out[i].Content = 1
			}
			out[i].Weight = float64(n)
			continue
		}
		found, all := 0, 0
		for k := 0; k+shingleN <= len(seq); k++ {
			if k+shingleN <= from || k >= to {
				continue // the shingle holds none of the line's tokens
			}
			all++
			if gold.counts[strings.Join(seq[k:k+shingleN], "\x00")] > 0 {
				found++
			}
		}
		out[i] = Target{Content: float64(found) / float64(all), Weight: float64(n)}
	}
	return out
}

// labelTargets implements Targets for line labels.
func labelTargets(labels []labelLine, lines []string) []Target {
	out := make([]Target, len(lines))
	collapsed := make([]string, len(lines))
	for i, l := range lines {
		collapsed[i] = collapse(l)
	}
	next := 0 // lines before next are taken by earlier labels (text order)
	for _, l := range labels {
		i := -1
		if l.line > 0 {
			if k := l.line - 1; k < len(lines) && collapsed[k] == l.text {
				i = k
			}
		} else {
			for k := next; k < len(lines); k++ {
				if collapsed[k] == l.text {
					i, next = k, k+1
					break
				}
			}
		}
		if i < 0 {
			continue
		}
		out[i] = Target{Weight: 1}
		if l.content {
			out[i].Content = 1
		}
	}
	return out
}

// snippetTargets implements Targets for snippet gold.
func snippetTargets(sp *snippetPage, lines []string) []Target {
	var b strings.Builder
	starts := make([]int, len(lines)+1)
	for i, l := range lines {
		c := collapse(l)
		if c != "" && b.Len() > 0 {
			b.WriteByte(' ')
		}
		starts[i] = b.Len()
		b.WriteString(c)
	}
	starts[len(lines)] = b.Len()
	text := b.String()
	with := make([]float64, len(lines))
	without := make([]float64, len(lines))
	// mark adds 1 to acc for every non-blank line that [from, to) overlaps.
	mark := func(acc []float64, from, to int) {
		for i := range lines {
			if s, e := starts[i], starts[i+1]; e > s && s < to && e > from {
				acc[i]++
			}
		}
	}
	for _, s := range sp.with {
		if s == "" {
			continue
		}
		if k := strings.Index(text, s); k >= 0 {
			mark(with, k, k+len(s))
		}
	}
	for _, s := range sp.without {
		if s == "" {
			continue
		}
		for off := 0; ; {
			k := strings.Index(text[off:], s)
			if k < 0 {
				break
			}
			mark(without, off+k, off+k+len(s))
			off += k + len(s)
		}
	}
	out := make([]Target, len(lines))
	for i := range lines {
		if w := with[i] + without[i]; w > 0 {
			out[i] = Target{Content: with[i] / w, Weight: w}
		}
	}
	return out
}
