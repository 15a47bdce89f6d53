package rules

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Prefilter is what every match of a pattern contains, in case-folded form
// (see FoldCase): at least one literal of each of its sets. A line that
// lacks every literal of some set cannot match, and the regular expression
// need not run. The first set is the most selective; the others come from
// other parts of the pattern (`(?i)(?:may|june) \d` needs a month name and
// a digit). A nil Prefilter passes every line.
type Prefilter [][]string

// maxClass is the largest character class turned into a literal set. A
// set larger than maxSet serves only as a further set of a prefilter (the
// second character of mojibake, say), never as its first.
const maxClass = 128

// Pass reports whether folded (a line passed through FoldCase) may match.
func (p Prefilter) Pass(folded string) bool {
	for _, set := range p {
		if !slices.ContainsFunc(set, func(lit string) bool { return strings.Contains(folded, lit) }) {
			return false
		}
	}
	return true
}

// prefilterOf derives the required literals of a parsed expression.
func prefilterOf(re *syntax.Regexp) Prefilter {
	x := infoOf(re.Simplify())
	if len(x.req) == 0 || len(x.req) > maxSet {
		return nil
	}
	out := Prefilter{cut(x.req)}
	for _, set := range x.also {
		if len(out) == maxSets {
			break
		}
		// Sets every line holds are gone already (see concatInfo).
		set = cut(set)
		if !slices.ContainsFunc(out, func(had []string) bool { return implies(had, set) }) {
			out = append(out, set)
		}
	}
	return out
}

// implies reports whether a line holding a literal of a always holds one
// of b: each literal of a contains one of b.
func implies(a, b []string) bool {
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y string) bool { return strings.Contains(x, y) }) {
			return false
		}
	}
	return true
}

// cut shortens the literals of set to maxLiteral bytes: a match holds the
// whole literal, so it holds its first bytes, and longer literals filter
// no better and cost automaton states.
func cut(set []string) []string {
	var out []string
	for _, s := range set {
		if len(s) > maxLiteral {
			s = s[:maxLiteral]
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// maxSets is the most literal sets in a prefilter.
const maxSets = 3

// selective reports whether a further set can rule out lines the first set
// lets through: a set holding a lone space or ASCII letter is on almost
// every line. A lone digit or punctuation mark is not.
func selective(set []string) bool {
	for _, s := range set {
		if len(s) == 1 && (asciiSpace(s[0]) || 'A' <= s[0] && s[0] <= 'Z') {
			return false
		}
	}
	return true
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// maxLiteral is the longest literal kept in a prefilter, in bytes.
const maxLiteral = 8

// maxSet is the largest literal set kept for a node: the prefilter, and
// the products of adjacent parts (a digit before a dot: "0.", …, "9.").
const maxSet = 64

// info is what the prefilter knows about a node, all in case-folded form:
// exact is the finite set of strings it matches (nil: unknown or too
// many); pre and suf are sets one of which every match starts or ends
// with; req is a set one of which every match contains, the most
// selective known; also are further such sets, from other parts of a
// concatenation. A nil set means "nothing known"; sets never hold ""
// except in exact.
type info struct {
	exact, pre, suf, req []string
	also                 [][]string
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
		return info{pre: x.pre, suf: x.suf, req: x.req, also: x.also}
	case syntax.OpRepeat:
		if re.Min >= 1 {
			x := infoOf(re.Sub[0])
			return info{pre: x.pre, suf: x.suf, req: x.req, also: x.also}
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
	// from and to are the parts the chosen set comes from; own is set when
	// it is the part's own set, not a chain.
	from, to, own := -1, -1, false
	consider := func(set []string, i, j int) {
		if set = nonEmpty(set); set != nil && len(set) <= maxSet && (out.req == nil || better(set, out.req)) {
			out.req, from, to, own = set, i, j, false
		}
	}
	for i, x := range xs {
		consider(x.req, i, i)
		if out.req != nil && from == i && to == i {
			own = true
		}
		c := x.exact
		if c == nil {
			c = x.suf
		}
		for j := i + 1; c != nil && j < len(xs); j++ {
			next := xs[j].exact
			if next == nil {
				consider(product(c, xs[j].pre), i, j)
				break
			}
			if c = product(c, next); c != nil {
				consider(c, i, j)
			}
		}
	}
	// Further sets: those of the parts the chosen one does not come from
	// (each part's sets are required independently of the others'), and
	// the further sets of the chosen part.
	for i, x := range xs {
		switch {
		case own && i == from:
			out.also = append(out.also, x.also...)
		case i < from || i > to:
			if x.req != nil {
				out.also = append(out.also, x.req)
			}
			out.also = append(out.also, x.also...)
		}
	}
	out.also = slices.DeleteFunc(out.also, func(set []string) bool {
		return nonEmpty(set) == nil || len(set) > maxClass || !selective(set)
	})
	slices.SortStableFunc(out.also, func(a, b []string) int {
		switch {
		case better(a, b):
			return -1
		case better(b, a):
			return 1
		}
		return 0
	})
	if len(out.also) > maxSets {
		out.also = out.also[:maxSets]
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
