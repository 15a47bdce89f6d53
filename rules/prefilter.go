package rules

import (
	"regexp/syntax"
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
	set, ok := required(re.Simplify())
	if !ok || len(set) == 0 || len(set) > 64 {
		return nil
	}
	for _, s := range set {
		if !worthIt(s) {
			return nil
		}
	}
	return set
}

// required returns literals one of which every match of re contains.
func required(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{FoldCase(string(re.Rune))}, true
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpCharClass:
		var set []string
		seen := map[string]bool{}
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i+1]-re.Rune[i] >= maxClass {
				return nil, false
			}
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
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
	case syntax.OpConcat:
		var best []string
		found := false
		for _, sub := range re.Sub {
			if s, ok := required(sub); ok && allWorth(s) && (!found || better(s, best)) {
				best, found = s, true
			}
		}
		return best, found
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			s, ok := required(sub)
			if !ok {
				return nil, false
			}
			all = append(all, s...)
		}
		return all, true
	}
	return nil, false
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
