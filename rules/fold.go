package rules

import (
	"unicode"
	"unicode/utf8"
)

// FoldWords appends to dst the words of s, lower-cased and joined by single
// spaces, and returns the extended buffer. Words are runs of letters, digits
// and combining marks in any script; everything else separates them. Phrase
// rules match on folded text, so "Folgen Sie uns auf:" and "folgen sie  uns
// auf" are the same phrase.
func FoldWords(dst []byte, s string) []byte {
	inWord := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				inWord = false
				continue
			}
			if !inWord && len(dst) > 0 {
				dst = append(dst, ' ')
			}
			inWord = true
			dst = append(dst, c)
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)) {
			inWord = false
			continue
		}
		if !inWord && len(dst) > 0 {
			dst = append(dst, ' ')
		}
		inWord = true
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}
