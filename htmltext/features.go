package htmltext

import (
	"strings"

	"github.com/newslint/newslint/page"
)

// maxPathDepth caps DOM.Path: deeper paths keep "body", "…" and the
// innermost maxPathDepth-1 elements.
const maxPathDepth = 10

// pageLines turns the rendered lines into page lines with their DOM features.
func (r *renderer) pageLines() []page.Line {
	out := make([]page.Line, len(r.lines))
	doms := make([]page.DOM, len(r.lines))
	for i, l := range r.lines {
		d := &doms[i]
		out[i] = page.Line{Text: l.text, Num: i + 1, DOM: d}
		segs := r.segs[l.segStart:l.segEnd]
		if len(segs) == 0 {
			continue
		}
		var total, link, art int32
		lca := segs[0].frame
		for _, s := range segs {
			total += s.chars
			if s.link {
				link += s.chars
			}
			if s.inArticle {
				art += s.chars
			}
			lca = r.lca(lca, s.frame)
		}
		for _, s := range segs {
			if s.srcLine > 0 {
				out[i].SourceLine = int(s.srcLine)
				break
			}
		}
		if total > 0 {
			d.LinkDensity = float64(link) / float64(total)
		}
		d.InArticle = art*2 > total
		f := &r.frames[lca]
		d.Heading = int(f.heading)
		d.ListItem = f.li
		d.Caption = f.caption
		d.Path = r.path(lca)
		d.Elements = r.chain(lca)
		d.Hints = f.hints[:len(f.hints):len(f.hints)]
		// Elements below the common ancestor that hold most of the line
		// (<p><span class="byline">By …</span>, 2 May</p>) add their hints too.
		if len(segs) > 1 {
			d.Hints = r.innerHints(segs, lca, total, d.Hints)
		}
	}
	return out
}

// innerHints adds the own hints of elements between the segments and their
// common ancestor lca that hold at least half the line's characters.
func (r *renderer) innerHints(segs []segment, lca int32, total int32, hints []string) []string {
	type acc struct {
		f     int32
		chars int32
	}
	var buf [16]acc
	accs := buf[:0]
	for _, s := range segs {
		for f := s.frame; f != lca && f >= 0; f = r.frames[f].parent {
			if len(r.frames[f].own) == 0 {
				continue
			}
			found := false
			for k := range accs {
				if accs[k].f == f {
					accs[k].chars += s.chars
					found = true
					break
				}
			}
			if !found {
				accs = append(accs, acc{f, s.chars})
			}
		}
	}
	copied := false
	for _, a := range accs {
		if a.chars*2 < total || total == 0 {
			continue
		}
		for _, w := range r.frames[a.f].own {
			if contains(hints, w) {
				continue
			}
			if !copied {
				hints = append([]string(nil), hints...)
				copied = true
			}
			hints = append(hints, w)
		}
	}
	return hints
}

// chain is the list of frames from the root down to f, shared by the lines
// of one frame and built on the chains of its ancestors.
func (r *renderer) chain(f int32) []int32 {
	if r.chains == nil {
		r.chains = make([][]int32, len(r.frames))
	}
	if c := r.chains[f]; c != nil {
		return c
	}
	var c []int32
	if p := r.frames[f].parent; p >= 0 {
		parent := r.chain(p)
		c = make([]int32, len(parent)+1)
		copy(c, parent)
	} else {
		c = make([]int32, 1)
	}
	c[len(c)-1] = f
	r.chains[f] = c
	return c
}

// lca is the lowest common ancestor of frames a and b.
func (r *renderer) lca(a, b int32) int32 {
	for a != b {
		if a < 0 || b < 0 {
			return 0
		}
		if r.frames[a].depth >= r.frames[b].depth {
			a = r.frames[a].parent
		} else {
			b = r.frames[b].parent
		}
	}
	return a
}

// path is the element path of frame f from the root, e.g. "body>div>p".
func (r *renderer) path(f int32) string {
	fr := &r.frames[f]
	if fr.path != "" {
		return fr.path
	}
	var names [maxPathDepth]string
	k := 0
	g := f
	for ; g >= 0 && k < maxPathDepth; g = r.frames[g].parent {
		names[k] = tagName(r.frames[g].node.Data)
		k++
	}
	var b strings.Builder
	if g >= 0 { // deeper than maxPathDepth
		root := int32(0)
		b.WriteString(tagName(r.frames[root].node.Data))
		b.WriteString(">…")
		k--
	}
	for i := k - 1; i >= 0; i-- {
		if b.Len() > 0 {
			b.WriteByte('>')
		}
		b.WriteString(names[i])
	}
	fr.path = b.String()
	return fr.path
}

// tagName shortens absurd custom element names.
func tagName(s string) string {
	if len(s) > 40 {
		return s[:40]
	}
	return s
}
