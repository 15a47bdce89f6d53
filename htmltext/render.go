package htmltext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Rendering follows the HTML standard's innerText algorithm ("rendered text
// collection steps") as Chromium implements it, with the user agent style
// sheet's display values, the page's <style> rules and style attributes
// (css.go), and CSS white-space collapsing.

// display is how an element takes part in rendering.
type display uint8

const (
	dispInline      display = iota
	dispNone                // not rendered
	dispBlock               // block-level: one required line break before and after
	dispPara                // <p>: two required line breaks
	dispBR                  // <br>: a line break
	dispAtomic              // replaced element: no text, but holds its place on the line
	dispInlineBlock         // inline-block with content (button, select)
	dispTable               // block-level; knows its last row
	dispRow                 // table row: "\n" after all but the last row
	dispCell                // table cell: "\t" after all but the last cell
	dispEmptyBlock          // block-level element whose content is dropped
)

// wsMode is the CSS white-space mode.
type wsMode uint8

const (
	wsNormal  wsMode = iota // collapse spaces and line breaks
	wsPre                   // keep both
	wsPreLine               // collapse spaces, keep line breaks
)

// defaultDisplay is the display of n in Chromium's user agent style sheet.
func defaultDisplay(n *html.Node) display {
	if n.Namespace != "" { // svg, math
		if n.Parent != nil && n.Parent.Namespace == "" {
			return dispAtomic
		}
		return dispNone
	}
	switch n.DataAtom {
	case atom.P:
		return dispPara
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Body, atom.Center,
		atom.Dd, atom.Details, atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Dt,
		atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Header, atom.Hgroup,
		atom.Hr, atom.Html, atom.Legend, atom.Li, atom.Listing, atom.Main, atom.Menu,
		atom.Nav, atom.Ol, atom.Optgroup, atom.Option, atom.Plaintext, atom.Pre,
		atom.Search, atom.Section, atom.Summary, atom.Ul, atom.Xmp, atom.Caption,
		atom.Frameset, atom.Frame:
		return dispBlock
	case atom.Table:
		return dispTable
	case atom.Tr:
		return dispRow
	case atom.Td, atom.Th:
		return dispCell
	case atom.Br:
		return dispBR
	case atom.Head, atom.Script, atom.Style, atom.Template, atom.Title, atom.Meta,
		atom.Link, atom.Base, atom.Noembed, atom.Noframes, atom.Param, atom.Rp,
		atom.Datalist, atom.Area, atom.Source, atom.Track, atom.Col, atom.Colgroup:
		return dispNone
	case atom.Img, atom.Input, atom.Iframe, atom.Video, atom.Embed, atom.Object,
		atom.Canvas, atom.Textarea, atom.Meter, atom.Progress, atom.Image:
		return dispAtomic
	case atom.Audio:
		if hasAttr(n, "controls") {
			return dispAtomic
		}
		return dispNone
	case atom.Button, atom.Select:
		return dispInlineBlock
	}
	return dispInline
}

// textTransform is the CSS text-transform.
type textTransform uint8

const (
	ttNone textTransform = iota
	ttUpper
	ttLower
	ttCapitalize
)

// inherit is the rendering state an element passes to its children.
type inherit struct {
	ws        wsMode
	tt        textTransform
	invisible bool // visibility: hidden
	flex      bool // the parent is a flex or grid container: children are block-level
}

// elemStyle is what the style sheets and the style attribute say about an
// element.
type elemStyle struct {
	display    display
	hasDisplay bool
	flex       bool // display: flex, grid and their inline forms
	blockify   bool // float or absolute position
	vis        int8 // visibility: 0 inherit, 1 visible, -1 hidden
	tt         textTransform
	hasTT      bool
	ws         wsMode
	hasWS      bool
}

// cssDisplay maps a display value; ok is false for values it ignores.
func cssDisplay(val string) (d display, flex, ok bool) {
	switch val {
	case "none":
		return dispNone, false, true
	case "block", "list-item", "flow-root", "table-caption", "table", "table-row-group",
		"table-header-group", "table-footer-group":
		return dispBlock, false, true
	case "flex", "grid", "-webkit-box", "-ms-flexbox", "-webkit-flex", "-moz-box":
		return dispBlock, true, true
	case "inline", "contents", "ruby":
		return dispInline, false, true
	case "inline-block", "inline-table":
		return dispInlineBlock, false, true
	case "inline-flex", "inline-grid", "-webkit-inline-box", "-ms-inline-flexbox":
		return dispInlineBlock, true, true
	case "table-row":
		return dispRow, false, true
	case "table-cell":
		return dispCell, false, true
	}
	return 0, false, false
}

// elementStyle computes n's elemStyle, once per element.
func (r *renderer) elementStyle(n *html.Node) elemStyle {
	inline := attr(n, "style")
	if r.sheet == nil && inline == "" {
		return elemStyle{}
	}
	if st, ok := r.styles[n]; ok {
		return st
	}
	c := r.sheet.style(n, inline)
	var st elemStyle
	if c.set[propDisplay] {
		st.display, st.flex, st.hasDisplay = cssDisplay(c.val[propDisplay])
	}
	if c.set[propVisibility] {
		switch c.val[propVisibility] {
		case "hidden", "collapse":
			st.vis = -1
		case "visible":
			st.vis = 1
		}
	}
	if c.set[propTextTransform] {
		st.hasTT = true
		switch c.val[propTextTransform] {
		case "uppercase":
			st.tt = ttUpper
		case "lowercase":
			st.tt = ttLower
		case "capitalize":
			st.tt = ttCapitalize
		case "none":
		default:
			st.hasTT = false
		}
	}
	if c.set[propWhiteSpace] {
		st.hasWS = true
		switch c.val[propWhiteSpace] {
		case "pre", "pre-wrap", "break-spaces", "preserve":
			st.ws = wsPre
		case "pre-line", "preserve-breaks":
			st.ws = wsPreLine
		case "normal", "nowrap", "collapse":
			st.ws = wsNormal
		default:
			st.hasWS = false
		}
	}
	if c.set[propFloat] && (c.val[propFloat] == "left" || c.val[propFloat] == "right") {
		st.blockify = true
	}
	if c.set[propPosition] && (c.val[propPosition] == "absolute" || c.val[propPosition] == "fixed") {
		st.blockify = true
	}
	if r.styles == nil {
		r.styles = map[*html.Node]elemStyle{}
	}
	r.styles[n] = st
	return st
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

// frame is a rendered element, with what its ancestors tell about it.
type frame struct {
	node    *html.Node
	parent  int32 // index in renderer.frames; -1 for the root
	depth   int32
	heading int8     // innermost h1..h6 around (or at) this element
	li      bool     // inside <li>
	caption bool     // inside <figcaption>, or <figure> outside a table, quote or listing
	link    bool     // inside <a href>
	own     []string // hints of this element alone
	hints   []string // hints of this element and its ancestors, outermost first
	path    string   // lazily built element path
}

// segment is the run of a text node's characters on one output line.
type segment struct {
	node      *html.Node
	frame     int32
	chars     int32 // non-space characters
	srcLine   int32
	link      bool
	inArticle bool
}

// rline is one output line before its DOM features are computed.
type rline struct {
	text             string
	segStart, segEnd int32
}

// renderer builds the lines of a document body.
type renderer struct {
	frames []frame
	segs   []segment
	lines  []rline
	cur    []byte

	lineSegs     int32 // first segment of the current line
	req          int   // pending required line breaks
	emitted      bool  // something was written
	pendingSpace bool  // a collapsible space waits for the next content
	lineContent  bool  // the current line has content (leading spaces drop)
	segOpen      bool  // the last segment belongs to the text node being written

	lastRow        *html.Node // last row of the innermost table
	row            *html.Node // the row being rendered
	rowLastCell    *html.Node // its last rendered cell
	hideAriaHidden bool
	sheet          *styleSheet              // the page's style sheets; nil if none
	styles         map[*html.Node]elemStyle // elementStyle cache
	prevRune       rune                     // last character written
	chains         [][]int32                // per frame: its chain from the root (see chain)
}

// render renders root (the body) into r.lines.
func (r *renderer) render(root *html.Node) {
	f := r.push(root, -1)
	var in inherit
	if p := root.Parent; p != nil && p.Type == html.ElementNode {
		_, in = r.displayOf(p, in) // <html> passes visibility and text-transform down
	}
	d, in := r.displayOf(root, in)
	if d == dispNone {
		return
	}
	r.walk(root, f, in)
	if len(r.cur) > 0 || int(r.lineSegs) < len(r.segs) {
		r.newline()
	}
}

func (r *renderer) walk(n *html.Node, f int32, in inherit) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if !in.invisible {
				r.text(c, f, in)
			}
		case html.ElementNode:
			r.element(c, f, in)
		}
	}
}

// hiddenBy tells what attribute hides an element.
type hiddenBy uint8

const (
	shown      hiddenBy = iota
	hiddenAttr          // hidden, <input type=hidden>, closed <dialog>: not rendered
	hiddenAria          // aria-hidden="true": rendered by browsers, dropped here
)

// isHidden reports whether and how n is hidden by an attribute.
func (r *renderer) isHidden(n *html.Node) hiddenBy {
	h := shown
	for _, a := range n.Attr {
		if a.Namespace != "" {
			continue
		}
		switch a.Key {
		case "hidden":
			return hiddenAttr
		case "aria-hidden":
			if r.hideAriaHidden && strings.EqualFold(strings.TrimSpace(a.Val), "true") {
				h = hiddenAria
			}
		case "type":
			if n.DataAtom == atom.Input && strings.EqualFold(strings.TrimSpace(a.Val), "hidden") {
				return hiddenAttr
			}
		}
	}
	if n.DataAtom == atom.Dialog && !hasAttr(n, "open") {
		return hiddenAttr
	}
	return h
}

// displayOf is n's display and the state it passes to its children, given
// its parent's.
func (r *renderer) displayOf(n *html.Node, in inherit) (display, inherit) {
	out := in
	out.flex = false
	h := r.isHidden(n)
	if h == hiddenAttr {
		return dispNone, out
	}
	d := defaultDisplay(n)
	switch n.DataAtom {
	case atom.Pre, atom.Listing, atom.Xmp, atom.Plaintext:
		out.ws = wsPre
	}
	blockify := in.flex
	if n.Namespace == "" {
		st := r.elementStyle(n)
		if st.hasDisplay && d != dispBR && d != dispNone {
			switch {
			case st.display == dispNone:
				return dispNone, out
			case d == dispAtomic:
				if st.display != dispInline && st.display != dispInlineBlock {
					blockify = true
				}
			default:
				d = st.display
				out.flex = st.flex
			}
		}
		blockify = blockify || st.blockify
		switch st.vis {
		case -1:
			out.invisible = true
		case 1:
			out.invisible = false
		}
		if st.hasTT {
			out.tt = st.tt
		}
		if st.hasWS {
			out.ws = st.ws
		}
	}
	if blockify {
		switch d {
		case dispInline, dispInlineBlock:
			d = dispBlock
		case dispAtomic:
			d = dispEmptyBlock
		}
	}
	if h == hiddenAria && d != dispNone {
		// Dropped, but it keeps its place: a block still breaks the line,
		// an inline element still separates the white space around it.
		switch d {
		case dispBlock, dispPara, dispTable, dispEmptyBlock:
			return dispEmptyBlock, out
		default:
			return dispAtomic, out
		}
	}
	return d, out
}

func (r *renderer) element(n *html.Node, parent int32, in inherit) {
	d, out := r.displayOf(n, in)
	if d == dispNone {
		return
	}
	if out.invisible {
		// Nothing of its own shows, but a descendant may be visible again.
		if d != dispBR && d != dispAtomic && d != dispEmptyBlock {
			r.walk(n, r.push(n, parent), out)
		}
		return
	}
	switch d {
	case dispBR:
		r.literalNewline()
		return
	case dispAtomic:
		r.atomic()
		return
	case dispEmptyBlock:
		r.requireBreak(1)
		return
	}
	f := r.push(n, parent)
	switch d {
	case dispInline:
		r.walk(n, f, out)
	case dispBlock, dispPara:
		k := 1
		if d == dispPara {
			k = 2
		}
		r.requireBreak(k)
		if n.DataAtom == atom.Details && !hasAttr(n, "open") {
			// A closed <details> shows its first <summary> only.
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && c.DataAtom == atom.Summary {
					r.element(c, f, out)
					break
				}
			}
		} else {
			r.walk(n, f, out)
		}
		r.requireBreak(k)
	case dispInlineBlock:
		r.atomic()
		r.lineContent = false
		r.walk(n, f, out)
		r.pendingSpace = false
		r.lineContent = true
	case dispTable:
		r.requireBreak(1)
		saved := r.lastRow
		r.lastRow = r.findLastRow(n, out)
		r.walk(n, f, out)
		r.lastRow = saved
		r.requireBreak(1)
	case dispRow:
		savedRow, savedCell := r.row, r.rowLastCell
		r.row, r.rowLastCell = n, nil
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				if cd, _ := r.displayOf(c, out); cd == dispCell {
					r.rowLastCell = c
				}
			}
		}
		r.walk(n, f, out)
		r.row, r.rowLastCell = savedRow, savedCell
		if n != r.lastRow && r.lastRow != nil {
			r.literalNewline()
		}
	case dispCell:
		r.pendingSpace = false
		r.lineContent = false
		r.walk(n, f, out)
		r.pendingSpace = false
		last := n == r.rowLastCell
		if n.Parent != r.row {
			last = r.isLastCell(n, in) // a cell by style outside a row
		}
		if !last {
			r.flushBreaks()
			r.cur = append(r.cur, '\t')
			r.emitted = true
			r.lineContent = false
		}
	}
}

// findLastRow finds the last rendered row of table t.
func (r *renderer) findLastRow(t *html.Node, in inherit) *html.Node {
	var last *html.Node
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Tr:
			if d, _ := r.displayOf(c, in); d == dispRow {
				last = c
			}
		case atom.Tbody, atom.Thead, atom.Tfoot:
			d, gin := r.displayOf(c, in)
			if d == dispNone {
				continue
			}
			for g := c.FirstChild; g != nil; g = g.NextSibling {
				if g.Type == html.ElementNode && g.DataAtom == atom.Tr {
					if d, _ := r.displayOf(g, gin); d == dispRow {
						last = g
					}
				}
			}
		}
	}
	return last
}

// isLastCell reports whether no rendered cell follows cell n in its row.
func (r *renderer) isLastCell(n *html.Node, in inherit) bool {
	for c := n.NextSibling; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if d, _ := r.displayOf(c, in); d == dispCell {
			return false
		}
	}
	return true
}

// push adds a frame for element n.
func (r *renderer) push(n *html.Node, parent int32) int32 {
	fr := frame{node: n, parent: parent}
	var p *frame
	if parent >= 0 {
		p = &r.frames[parent]
		fr.depth = p.depth + 1
		fr.heading, fr.li, fr.caption, fr.link = p.heading, p.li, p.caption, p.link
		fr.hints = p.hints
	}
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		fr.heading = int8(n.Data[1] - '0')
	case atom.Li:
		fr.li = true
	case atom.Figure, atom.Figcaption:
		fr.caption = true
	case atom.Table, atom.Blockquote, atom.Pre:
		// A table, a quote or a listing that a <figure> wraps is not a caption.
		fr.caption = false
	case atom.A:
		if hasAttr(n, "href") {
			fr.link = true
		}
	}
	if w, ok := elementHints[n.Data]; ok && n.Namespace == "" {
		fr.own = append(fr.own, w)
	}
	for _, a := range n.Attr {
		if a.Namespace == "" && (a.Key == "class" || a.Key == "id") {
			fr.own = appendHints(fr.own, a.Val)
		}
	}
	if len(fr.own) > 0 {
		var h []string
		for _, w := range fr.own {
			if !contains(fr.hints, w) {
				if h == nil {
					h = append(make([]string, 0, len(fr.hints)+len(fr.own)), fr.hints...)
				}
				h = append(h, w)
			}
		}
		if h != nil {
			fr.hints = h
		}
	}
	r.frames = append(r.frames, fr)
	return int32(len(r.frames) - 1)
}

func contains(list []string, w string) bool {
	for _, s := range list {
		if s == w {
			return true
		}
	}
	return false
}

// flushBreaks writes the pending required line breaks, unless nothing was
// written yet.
func (r *renderer) flushBreaks() {
	if r.req > 0 {
		if r.emitted {
			// The breaks go before what the current line holds so far:
			// replaced elements and the space after them.
			ps, lc := r.pendingSpace, r.lineContent
			for k := 0; k < r.req; k++ {
				r.newline()
			}
			r.pendingSpace, r.lineContent = ps, lc
		}
		r.req = 0
	}
}

// requireBreak notes a block boundary that needs k line breaks.
func (r *renderer) requireBreak(k int) {
	if r.req < k {
		r.req = k
	}
	r.pendingSpace = false
	r.lineContent = false
}

// literalNewline writes a line break that is text (<br>, a newline in
// <pre>, the end of a table row).
func (r *renderer) literalNewline() {
	r.flushBreaks()
	r.newline()
	r.emitted = true
}

// atomic places a replaced element: it writes no text, but white space
// next to it is not at the edge of the line.
func (r *renderer) atomic() {
	if r.pendingSpace {
		r.flushBreaks()
		r.cur = append(r.cur, ' ')
		r.emitted = true
		r.pendingSpace = false
	}
	r.lineContent = true
}

// newline ends the current line.
func (r *renderer) newline() {
	r.lines = append(r.lines, rline{text: string(r.cur), segStart: r.lineSegs, segEnd: int32(len(r.segs))})
	r.cur = r.cur[:0]
	r.lineSegs = int32(len(r.segs))
	r.pendingSpace = false
	r.lineContent = false
	r.segOpen = false
}

// text writes text node n, a child of frame f.
func (r *renderer) text(n *html.Node, f int32, in inherit) {
	ws := in.ws
	s := n.Data
	src := 0
	r.segOpen = false
	link := r.frames[f].link
	for i := 0; i < len(s); {
		c := s[i]
		var ru rune
		size := 1
		if c < utf8.RuneSelf {
			ru = rune(c)
		} else {
			ru, size = utf8.DecodeRuneInString(s[i:])
			if isMarkRune(ru) {
				if ru == markOpen {
					line, n, ok := readMarker(s[i:])
					if ok {
						src = line
					}
					i += n
				} else {
					i += size
				}
				continue
			}
		}
		i += size
		switch ru {
		case '\n':
			if src > 0 {
				src++
			}
			switch ws {
			case wsNormal:
				r.space()
			default:
				r.pendingSpace = false
				r.literalNewline()
			}
			continue
		case ' ', '\t', '\r', '\f':
			if ws == wsPre {
				r.put(s[i-size:i], false)
			} else {
				r.space()
			}
			continue
		case '\u00a0':
			r.put("\u00a0", false)
			continue
		}
		r.flushBreaks() // may end the line: open the segment after it
		if !r.segOpen {
			r.segs = append(r.segs, segment{node: n, frame: f, srcLine: int32(src), link: link})
			r.segOpen = true
		}
		counts := !unicode.IsSpace(ru)
		if in.tt != ttNone {
			r.putTransformed(ru, in.tt, counts)
			continue
		}
		r.put(s[i-size:i], counts)
	}
	r.segOpen = false
}

// space notes a collapsible space.
func (r *renderer) space() {
	if r.lineContent {
		r.pendingSpace = true
	}
}

// put writes content; counts says whether it is a non-space character of
// the current segment.
func (r *renderer) put(b string, counts bool) {
	r.flushBreaks()
	if r.pendingSpace {
		r.cur = append(r.cur, ' ')
		r.pendingSpace = false
	}
	r.cur = append(r.cur, b...)
	if len(b) == 1 {
		r.prevRune = rune(b[0])
	} else {
		r.prevRune, _ = utf8.DecodeLastRuneInString(b)
	}
	if counts {
		r.segs[len(r.segs)-1].chars++
	}
	r.lineContent = true
	r.emitted = true
}

// putTransformed writes ru after CSS text-transform tt.
func (r *renderer) putTransformed(ru rune, tt textTransform, counts bool) {
	var buf [8]byte
	switch tt {
	case ttUpper:
		if ru == 'ß' {
			r.put("SS", counts)
			return
		}
		ru = unicode.ToUpper(ru)
	case ttLower:
		ru = unicode.ToLower(ru)
	case ttCapitalize:
		p := r.prevRune
		if r.pendingSpace || len(r.cur) == 0 || r.req > 0 ||
			!(unicode.IsLetter(p) || unicode.IsDigit(p) || p == '\'' || p == '’' || p == '-' || unicode.Is(unicode.Mn, p)) {
			ru = unicode.ToTitle(ru)
		}
	}
	n := utf8.EncodeRune(buf[:], ru)
	r.put(string(buf[:n]), counts)
}
