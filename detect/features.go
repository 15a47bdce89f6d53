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
	var sh shape
	inWord := false
	var prev rune
	for i, r := range s {
		sh.chars++
		isSpace := unicode.IsSpace(r)
		if !isSpace {
			sh.nonSpace++
		}
		word := false
		switch {
		case r < utf8.RuneSelf:
			switch {
			case 'a' <= r && r <= 'z':
				sh.letters++
				word = true
			case 'A' <= r && r <= 'Z':
				sh.letters++
				sh.upper++
				word = true
			case '0' <= r && r <= '9':
				sh.digits++
				word = true
			}
		case unicode.IsLetter(r):
			sh.letters++
			if unicode.IsUpper(r) {
				sh.upper++
			}
			word = true
		case unicode.IsDigit(r):
			sh.digits++
			word = true
		case unicode.Is(unicode.Mn, r):
			word = true
		}
		if word {
			if !inWord {
				sh.words++
				if unicode.IsUpper(r) {
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
		_ = i
	}
	// Ending: skip closing quotes and brackets, then look at the last mark.
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
	return sh
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
