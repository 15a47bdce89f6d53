package detect

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newslint/newslint/rules"
)

// Features is the feature vector of one line, indexed by rules.Feature.
type Features [rules.NumFeatures]float64

// Get returns the value of feature f.
func (f *Features) Get(x rules.Feature) float64 { return f[x] }

// shape holds the line-local counts computed in one pass over the text.
type shape struct {
	chars, letters, upper, digits, nonSpace int
	words, capWords, wordRunes              int
	sentences                               int
	terminal, colon, ellipsis               bool
}

// measure computes the line's character and word counts in one pass.
func measure(s string) shape {
	sh := count(s)
	sh.ending(s)
	return sh
}

// count counts the runes, letters, words and sentence breaks of s.
func count(s string) shape {
	var sh shape
	inWord := false
	var prev rune
	for i := 0; i < len(s); {
		sh.chars++
		var r rune
		var isSpace, word, upper bool
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII, the most of most lines: no decoding, no tables.
			i++
			r = rune(c)
			switch {
			case 'a' <= c && c <= 'z':
				sh.letters++
				word = true
			case 'A' <= c && c <= 'Z':
				sh.letters++
				sh.upper++
				word, upper = true, true
			case '0' <= c && c <= '9':
				sh.digits++
				word = true
			case c == ' ' || '\t' <= c && c <= '\r':
				isSpace = true
			}
		} else {
			var n int
			r, n = utf8.DecodeRuneInString(s[i:])
			i += n
			isSpace = unicode.IsSpace(r)
			switch {
			case unicode.IsLetter(r):
				sh.letters++
				if upper = unicode.IsUpper(r); upper {
					sh.upper++
				}
				word = true
			case unicode.IsDigit(r):
				sh.digits++
				word = true
			case unicode.Is(unicode.Mn, r):
				word, upper = true, unicode.IsUpper(r)
			}
		}
		if !isSpace {
			sh.nonSpace++
		}
		if word {
			if !inWord {
				sh.words++
				if upper {
					sh.capWords++
				}
			}
			sh.wordRunes++
		}
		inWord = word
		if (r == ' ' || r == '\t' || r == '\u00a0') && isSentenceEnd(prev) {
			sh.sentences++
		}
		prev = r
	}
	return sh
}

// ending notes how s ends: a terminal mark (a sentence more), a colon or
// an ellipsis.
func (sh *shape) ending(s string) {
	// Skip closing quotes and brackets, then look at the last mark.
	t := strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("\"'”“»«’‘)]›‹」", r)
	})
	switch {
	case strings.HasSuffix(t, "..") || strings.HasSuffix(t, "…") || strings.HasSuffix(t, "[…]") || strings.HasSuffix(t, "[...]"):
		sh.ellipsis = true
	case t != "":
		last, _ := utf8.DecodeLastRuneInString(t)
		switch last {
		case '.', '!', '?', '。', '！', '？', '؟':
			sh.terminal = true
			sh.sentences++
		case ':':
			sh.colon = true
		}
	}
}

func isSentenceEnd(r rune) bool { return r == '.' || r == '!' || r == '?' }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// trimLine trims white space and invisible characters at both ends.
func trimLine(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u00ad'
	})
}
