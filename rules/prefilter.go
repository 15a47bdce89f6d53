package rules

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Prefilter is a set of literals of which every match of a pattern contains
// at least one, in case-folded form (see FoldCase). A line that contains none
// of them cannot match, and the regular expression need not run. A nil
// Prefilter passes every line.
type Prefilter []string

// worthIt reports whether a literal can serve in a prefilter. The detector
// finds all literals of all patterns in one pass of an automaton, so even a
// single character ("&", "<", "©") costs nothing and filters well.
func worthIt(lit string) bool { return lit != "" }

// maxClass is the largest character class turned into a literal set.
const maxClass = 64

// Pass reports whether folded (a line passed through FoldCase) may match.
func (p Prefilter) Pass(folded string) bool {
	if p == nil {
		return true
	}
	for _, lit := range p {
		if strings.Contains(folded, lit) {
			return true
		}
	}
	return false
}

// prefilterOf derives the required literals of a parsed expression.
func prefilterOf(re *syntax.Regexp) Prefilter {
	set := infoOf(re.Simplify()).req
	if len(set) == 0 || len(set) > maxSet {
		return nil
	}
	var out Prefilter
	for _, s := range set {
		if !worthIt(s) {
			return nil
		}
		// A match holds the whole literal, so it holds its first bytes:
		// longer literals filter no better and cost automaton states.
		if len(s) > maxLiteral {
			s = s[:maxLiteral]
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// maxLiteral is the longest literal kept in a prefilter, in bytes.
const maxLiteral = 8

// maxSet is the largest literal set kept for a node: the prefilter, and
// the products of adjacent parts (a digit before a dot: "0.", …, "9.").
const maxSet = 64

// info is what the prefilter knows about a node, all in case-folded form:
// exact is the finite set of strings it matches (nil: unknown or too
// many); pre and suf are sets one of which every match starts or ends
// with; req is a set one of which every match contains. A nil set means
// "nothing known"; sets never hold "" except in exact.
type info struct {
	exact, pre, suf, req []string
}

// infoOf computes the prefilter information of re (simplified).
func infoOf(re *syntax.Regexp) info {
	switch re.Op {
	case syntax.OpLiteral:
		return known([]string{FoldCase(string(re.Rune))})
	case syntax.OpCharClass:
		set, ok := classSet(re.Rune)
		if !ok {
			return info{}
		}
		return known(set)
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return info{exact: []string{""}}
	case syntax.OpCapture:
		return infoOf(re.Sub[0])
	case syntax.OpQuest:
		if x := infoOf(re.Sub[0]); x.exact != nil {
			return info{exact: union([]string{""}, x.exact)}
		}
	case syntax.OpPlus:
		x := infoOf(re.Sub[0])
		return info{pre: x.pre, suf: x.suf, req: x.req}
	case syntax.OpRepeat:
		if re.Min >= 1 {
			x := infoOf(re.Sub[0])
			return info{pre: x.pre, suf: x.suf, req: x.req}
		}
	case syntax.OpAlternate:
		subs := make([]info, len(re.Sub))
		for i, sub := range re.Sub {
			subs[i] = infoOf(sub)
		}
		var x info
		all := func(get func(info) []string) []string {
			var out []string
			for _, s := range subs {
				set := get(s)
				if set == nil {
					return nil
				}
				if out = union(out, set); len(out) > maxSet {
					return nil
				}
			}
			return out
		}
		x.exact = all(func(i info) []string { return i.exact })
		if x.exact != nil {
			return known(x.exact)
		}
		x.pre = all(func(i info) []string { return i.pre })
		x.suf = all(func(i info) []string { return i.suf })
		x.req = all(func(i info) []string { return i.req })
		return x
	case syntax.OpConcat:
		return concatInfo(re.Sub)
	}
	return info{}
}

// known is the information of a node that matches exactly the strings of set.
func known(set []string) info {
	x := info{exact: set}
	if !slices.Contains(set, "") {
		x.pre, x.suf, x.req = set, set, set
	}
	return x
}

// concatInfo combines the parts of a concatenation. Besides each part's
// own required set, a part's suffixes followed by the exact strings of the
// next parts (and the prefixes of the part after them) are required too:
// `\d+\.` needs one of "0." … "9.", which is rarer than ".".
func concatInfo(subs []*syntax.Regexp) info {
	xs := make([]info, len(subs))
	for i, sub := range subs {
		xs[i] = infoOf(sub)
	}
	exact := []string{""}
	for _, x := range xs {
		if exact = product(exact, x.exact); exact == nil {
			break
		}
	}
	if exact != nil {
		return known(exact)
	}
	var out info
	out.pre = chain(xs, false)
	out.suf = chain(xs, true)
	// Required: the best of each part's own set and of every chain that
	// starts with a part's suffixes (or exact strings) and goes on through
	// exact parts, possibly ending in a part's prefixes.
	consider := func(set []string) {
		if set = nonEmpty(set); set != nil && (out.req == nil || better(set, out.req)) {
			out.req = set
		}
	}
	for i, x := range xs {
		consider(x.req)
		c := x.exact
		if c == nil {
			c = x.suf
		}
		for j := i + 1; c != nil && j < len(xs); j++ {
			next := xs[j].exact
			if next == nil {
				consider(product(c, xs[j].pre))
				break
			}
			if c = product(c, next); c != nil {
				consider(c)
			}
		}
	}
	return out
}

// chain returns the set one of which every match of the concatenation xs
// starts with (or ends with, when fromEnd): the product of the exact parts
// from that end, then of the first inexact part's prefixes (suffixes).
func chain(xs []info, fromEnd bool) []string {
	acc := []string{""}
	for k := range xs {
		i := k
		if fromEnd {
			i = len(xs) - 1 - k
		}
		set, last := xs[i].exact, false
		if set == nil {
			set, last = xs[i].pre, true
			if fromEnd {
				set = xs[i].suf
			}
		}
		if set == nil {
			break
		}
		next := product(acc, set)
		if fromEnd {
			next = product(set, acc)
		}
		switch {
		case next != nil:
			acc = next
		case slices.Contains(acc, ""):
			// Too many to combine: a match whose earlier parts were empty
			// starts with this part; the others with what acc holds.
			if acc = union(slices.DeleteFunc(slices.Clone(acc), func(s string) bool { return s == "" }), set); len(acc) > maxSet {
				return nil
			}
		default:
			last = true
		}
		if last {
			break
		}
	}
	return nonEmpty(acc)
}

// classSet returns the case-folded runes of a small character class.
func classSet(ranges []rune) ([]string, bool) {
	size := 0
	for i := 0; i+1 < len(ranges); i += 2 {
		if size += int(ranges[i+1]-ranges[i]) + 1; size > 2*maxClass {
			return nil, false // too big to be worth folding; giving up is safe
		}
	}
	var set []string
	seen := map[string]bool{}
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i+1]-ranges[i] >= maxClass {
			return nil, false
		}
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			if f := FoldCase(string(r)); !seen[f] {
				seen[f] = true
				set = append(set, f)
			}
		}
		if len(set) > maxClass {
			return nil, false
		}
	}
	return set, len(set) > 0
}

// product returns every string of a followed by one of b, or nil when
// either is unknown or there would be more than maxSet.
func product(a, b []string) []string {
	if a == nil || b == nil || len(a)*len(b) > maxSet {
		return nil
	}
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			if s := x + y; !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// union returns a with the strings of b it lacks.
func union(a, b []string) []string {
	out := slices.Clip(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// nonEmpty returns set, or nil when it is empty or holds "" (which every
// text contains, so it tells nothing).
func nonEmpty(set []string) []string {
	if len(set) == 0 || slices.Contains(set, "") {
		return nil
	}
	return set
}

// better prefers literal sets whose shortest member is longer, then smaller sets.
func better(a, b []string) bool {
	ma, mb := shortest(a), shortest(b)
	if ma != mb {
		return ma > mb
	}
	return len(a) < len(b)
}

func allWorth(set []string) bool {
	for _, s := range set {
		if !worthIt(s) {
			return false
		}
	}
	return true
}

func shortest(set []string) int {
	m := -1
	for _, s := range set {
		if n := len(s); m < 0 || n < m {
			m = n
		}
	}
	return m
}

// FoldCase maps every rune of s to the smallest rune that case-folds to it,
// so that two strings equal under Unicode simple case folding (as (?i)
// matches) become byte-equal. ASCII letters fold to upper case.
func FoldCase(s string) string {
	return string(AppendFoldCase(nil, s))
}

// AppendFoldCase appends FoldCase(s) to dst.
func AppendFoldCase(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			// 'K' and 'S' share their fold orbits with U+212A and U+017F,
			// which are larger, so upper-case ASCII is the orbit minimum.
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		dst = utf8.AppendRune(dst, foldMin(r))
	}
	return dst
}

// foldMin returns the smallest rune in r's simple case-folding orbit.
func foldMin(r rune) rune {
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < m {
			m = f
		}
	}
	return m
}
