package htmltext

import (
	"strconv"
	"strings"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Page style sheets.
//
// A browser that renders a saved page without network applies the page's
// own <style> elements, and they decide much of what innerText shows: menus
// hidden until hovered, cookie dialogs, text-transform: uppercase, list items
// shown inline or as flex items. This is a small subset of CSS for that: the
// rules of <style> elements (with @media evaluated for a 1280×720 screen),
// selectors matched by cascadia, and only the properties that change the
// text: display, visibility, text-transform, white-space, float and position
// (floated and absolutely positioned elements are block-level).

// cssProp is a property the renderer reads.
type cssProp uint8

const (
	propDisplay cssProp = iota
	propVisibility
	propTextTransform
	propWhiteSpace
	propFloat
	propPosition
	numProps
)

var cssProps = map[string]cssProp{
	"display": propDisplay, "visibility": propVisibility, "text-transform": propTextTransform,
	"white-space": propWhiteSpace, "float": propFloat, "position": propPosition,
}

// decl is one declaration of a rule.
type decl struct {
	prop      cssProp
	val       string
	important bool
}

// cssRule is a selector with the declarations of its rule.
type cssRule struct {
	sel   cascadia.Sel
	spec  cascadia.Specificity
	order int
	decls []decl
}

// styleSheet holds the rules of a page, indexed by the id, class or tag of
// their selector's subject (the rightmost compound selector).
type styleSheet struct {
	byID, byClass, byTag map[string][]*cssRule
	any                  []*cssRule
	n                    int
}

// maxRules bounds the work spent on huge style sheets.
const maxRules = 20000

// collectStyles reads the <style> elements of doc.
func collectStyles(doc *html.Node) *styleSheet {
	var ss *styleSheet
	for n := doc; n != nil; n = next(doc, n, n.Type == html.ElementNode && n.Namespace != "") {
		if n.Type != html.ElementNode || n.DataAtom != atom.Style || n.Namespace != "" {
			continue
		}
		if t := strings.TrimSpace(attr(n, "type")); t != "" && !strings.EqualFold(t, "text/css") {
			continue
		}
		if m := attr(n, "media"); m != "" && !mediaMatches(m) {
			continue
		}
		css := textOf(n)
		if strings.TrimSpace(css) == "" {
			continue
		}
		if ss == nil {
			ss = &styleSheet{byID: map[string][]*cssRule{}, byClass: map[string][]*cssRule{}, byTag: map[string][]*cssRule{}}
		}
		ss.parse(css, 0)
	}
	return ss
}

// parse adds the rules of a style sheet (or of a block inside an at-rule).
func (ss *styleSheet) parse(css string, depth int) {
	for len(css) > 0 && ss.n < maxRules {
		css = skipSpaceAndComments(css)
		if css == "" {
			return
		}
		if css[0] == '}' { // stray
			css = css[1:]
			continue
		}
		// Prelude up to '{' or ';'.
		i := scanTo(css, "{;}")
		prelude := strings.TrimSpace(stripComments(css[:i]))
		if i >= len(css) {
			return
		}
		if css[i] == ';' || css[i] == '}' { // @import …; or garbage
			css = css[i+1:]
			continue
		}
		end := matchBrace(css, i)
		block := css[i+1 : end]
		if end < len(css) {
			css = css[end+1:]
		} else {
			css = ""
		}
		if strings.HasPrefix(prelude, "@") {
			name := strings.ToLower(prelude)
			switch {
			case strings.HasPrefix(name, "@media"):
				if depth < 8 && mediaMatches(prelude[len("@media"):]) {
					ss.parse(block, depth+1)
				}
			case strings.HasPrefix(name, "@supports"), strings.HasPrefix(name, "@layer"),
				strings.HasPrefix(name, "@container"), strings.HasPrefix(name, "@document"),
				strings.HasPrefix(name, "@-moz-document"), strings.HasPrefix(name, "@scope"):
				if depth < 8 {
					ss.parse(block, depth+1)
				}
			}
			continue
		}
		decls := parseDecls(block)
		if len(decls) == 0 {
			continue
		}
		for _, s := range splitTop(prelude, ',') {
			s = strings.TrimSpace(s)
			if s == "" || strings.Contains(s, ":has(") { // :has matches subtrees: too slow per element
				continue
			}
			sel, err := cascadia.ParseWithPseudoElement(s)
			if err != nil || sel.PseudoElement() != "" {
				continue
			}
			ss.n++
			r := &cssRule{sel: sel, spec: sel.Specificity(), order: ss.n, decls: decls}
			ss.index(s, r)
		}
	}
}

// index files r under the id, class or tag of its subject.
func (ss *styleSheet) index(sel string, r *cssRule) {
	subj := subject(sel)
	if id, ok := firstName(subj, '#'); ok {
		ss.byID[id] = append(ss.byID[id], r)
		return
	}
	if cl, ok := firstName(subj, '.'); ok {
		ss.byClass[cl] = append(ss.byClass[cl], r)
		return
	}
	if strings.HasPrefix(subj, ":") || strings.ContainsAny(subj, "|\\") {
		ss.any = append(ss.any, r)
		return
	}
	n := 0
	for n < len(subj) && (isAlnum(subj[n]) || subj[n] == '-' || subj[n] == '_') {
		n++
	}
	if n > 0 {
		tag := strings.ToLower(subj[:n])
		ss.byTag[tag] = append(ss.byTag[tag], r)
		return
	}
	ss.any = append(ss.any, r)
}

// subject is the last compound selector of sel.
func subject(sel string) string {
	depth := 0
	for i := len(sel) - 1; i >= 0; i-- {
		switch c := sel[i]; c {
		case ')', ']':
			depth++
		case '(', '[':
			depth--
		case ' ', '>', '+', '~', '\t', '\n':
			if depth == 0 {
				return sel[i+1:]
			}
		}
	}
	return sel
}

// firstName finds the first #id or .class of compound selector s, outside
// brackets and parentheses.
func firstName(s string, mark byte) (string, bool) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			depth--
		case c == '\\':
			return "", false
		case c == mark && depth == 0:
			j := i + 1
			for j < len(s) && (isAlnum(s[j]) || s[j] == '-' || s[j] == '_' || s[j] >= 0x80) {
				j++
			}
			if j > i+1 {
				return s[i+1 : j], true
			}
		}
	}
	return "", false
}

// parseDecls reads the declarations of a block that the renderer uses.
func parseDecls(block string) []decl {
	var out []decl
	for _, d := range splitTop(stripComments(block), ';') {
		colon := strings.IndexByte(d, ':')
		if colon < 0 {
			continue
		}
		p, ok := cssProps[strings.ToLower(strings.TrimSpace(d[:colon]))]
		if !ok {
			continue
		}
		v := strings.ToLower(strings.TrimSpace(d[colon+1:]))
		imp := false
		if k := strings.Index(v, "!important"); k >= 0 {
			imp = true
			v = strings.TrimSpace(v[:k])
		}
		out = append(out, decl{prop: p, val: v, important: imp})
	}
	return out
}

// computed is the cascaded value of each property for one element.
type computed struct {
	val [numProps]string
	set [numProps]bool
	// priority of the winning declaration: important, specificity, order
	imp   [numProps]bool
	spec  [numProps]cascadia.Specificity
	order [numProps]int
}

func (c *computed) apply(d decl, spec cascadia.Specificity, order int) {
	p := d.prop
	if c.set[p] {
		if c.imp[p] && !d.important {
			return
		}
		if c.imp[p] == d.important {
			if spec.Less(c.spec[p]) || spec == c.spec[p] && order < c.order[p] {
				return
			}
		}
	}
	c.val[p], c.set[p], c.imp[p], c.spec[p], c.order[p] = d.val, true, d.important, spec, order
}

// style computes the sheet's values for element n, then the inline style
// attribute's (which win over everything but !important rules).
func (ss *styleSheet) style(n *html.Node, inline string) computed {
	var c computed
	if ss != nil {
		try := func(rules []*cssRule) {
			for _, r := range rules {
				if r.sel.Match(n) {
					for _, d := range r.decls {
						c.apply(d, r.spec, r.order)
					}
				}
			}
		}
		try(ss.any)
		try(ss.byTag[n.Data])
		for _, a := range n.Attr {
			if a.Namespace != "" {
				continue
			}
			switch a.Key {
			case "id":
				try(ss.byID[strings.TrimSpace(a.Val)])
			case "class":
				for _, cl := range strings.Fields(a.Val) {
					try(ss.byClass[cl])
				}
			}
		}
	}
	if inline != "" {
		inlineSpec := cascadia.Specificity{1 << 20, 0, 0}
		for _, d := range parseDecls(inline) {
			c.apply(d, inlineSpec, 1<<30)
		}
	}
	return c
}

// mediaMatches evaluates a media query list for a 1280×720 screen at
// device pixel ratio 1.
func mediaMatches(q string) bool {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return true
	}
	for _, alt := range splitTop(q, ',') {
		if mediaQuery(strings.TrimSpace(alt)) {
			return true
		}
	}
	return false
}

func mediaQuery(q string) bool {
	neg := false
	if strings.HasPrefix(q, "not ") {
		neg, q = true, strings.TrimSpace(q[4:])
	}
	q = strings.TrimPrefix(q, "only ")
	ok := true
	for _, part := range strings.Split(q, " and ") {
		part = strings.TrimSpace(part)
		switch {
		case part == "" || part == "all" || part == "screen":
		case strings.HasPrefix(part, "("):
			if !mediaFeature(strings.Trim(part, "() ")) {
				ok = false
			}
		default: // print, speech, tv, unknown types
			ok = false
		}
	}
	return ok != neg
}

func mediaFeature(f string) bool {
	name, val, found := strings.Cut(f, ":")
	name, val = strings.TrimSpace(name), strings.TrimSpace(val)
	if !found {
		switch name {
		case "color", "hover", "pointer", "any-hover", "any-pointer", "grid":
			return name != "grid"
		}
		return true
	}
	px := func() (float64, bool) {
		num := strings.TrimRight(val, "abcdefghijklmnopqrstuvwxyz%")
		unit := val[len(num):]
		x, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err != nil {
			return 0, false
		}
		switch unit {
		case "px", "":
			return x, true
		case "em", "rem":
			return x * 16, true
		}
		return 0, false
	}
	switch name {
	case "min-width", "max-width", "min-height", "max-height", "min-device-width", "max-device-width":
		x, ok := px()
		if !ok {
			return true
		}
		size := 1280.0
		if strings.HasSuffix(name, "height") {
			size = 720
		}
		if strings.HasPrefix(name, "min") {
			return size >= x
		}
		return size <= x
	case "orientation":
		return val == "landscape"
	case "-webkit-min-device-pixel-ratio", "min-resolution", "min--moz-device-pixel-ratio", "min-device-pixel-ratio":
		x, err := strconv.ParseFloat(strings.TrimRight(val, "dpix"), 64)
		if err != nil {
			return false
		}
		if strings.HasSuffix(val, "dpi") {
			x /= 96
		}
		return x <= 1
	case "prefers-color-scheme":
		return val == "light"
	case "prefers-reduced-motion":
		return val == "no-preference"
	case "hover", "any-hover":
		return val == "hover"
	case "pointer", "any-pointer":
		return val == "fine"
	}
	return true
}

// skipSpaceAndComments drops leading white space, comments and HTML comment
// delimiters.
func skipSpaceAndComments(s string) string {
	for {
		s = strings.TrimLeft(s, " \t\r\n\f")
		switch {
		case strings.HasPrefix(s, "/*"):
			if k := strings.Index(s[2:], "*/"); k >= 0 {
				s = s[k+4:]
			} else {
				return ""
			}
		case strings.HasPrefix(s, "<!--"):
			s = s[4:]
		case strings.HasPrefix(s, "-->"):
			s = s[3:]
		default:
			return s
		}
	}
}

func stripComments(s string) string {
	for {
		i := strings.Index(s, "/*")
		if i < 0 {
			return s
		}
		k := strings.Index(s[i+2:], "*/")
		if k < 0 {
			return s[:i]
		}
		s = s[:i] + " " + s[i+2+k+2:]
	}
}

// scanTo finds the first byte of stops in s outside strings, parentheses
// and comments; len(s) if none.
func scanTo(s string, stops string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\'':
			i = skipString(s, i)
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			k := strings.Index(s[i+2:], "*/")
			if k < 0 {
				return len(s)
			}
			i += k + 3
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			if depth > 0 {
				depth--
			}
		case c == '\\':
			i++
		case depth == 0 && strings.IndexByte(stops, c) >= 0:
			return i
		}
	}
	return len(s)
}

// matchBrace finds the '}' closing the '{' at s[open]; len(s) if none.
func matchBrace(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\'':
			i = skipString(s, i)
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			k := strings.Index(s[i+2:], "*/")
			if k < 0 {
				return len(s)
			}
			i += k + 3
		case c == '\\':
			i++
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return len(s)
}

// skipString returns the index of the quote closing the string at s[i].
func skipString(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case q, '\n':
			return j
		}
	}
	return len(s)
}

// splitTop splits s at sep outside strings, parentheses and brackets.
func splitTop(s string, sep byte) []string {
	var out []string
	for {
		i := scanTo(s, string(sep))
		out = append(out, s[:min(i, len(s))])
		if i >= len(s) {
			return out
		}
		s = s[i+1:]
	}
}
