package lang

import (
	"iter"
	"unicode"
	"unicode/utf8"
)

const (
	zwnj       = '\u200c'
	zwj        = '\u200d'
	softHyphen = '\u00ad'
	rightQuote = '\u2019'
)

// asciiWord marks the ASCII bytes that are word characters.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	return t
}()

// isWordRune reports whether r is a word character: a letter, mark or number.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r)
}

// isJoiner reports whether r joins two word characters into one word.
func isJoiner(r rune) bool {
	return r == '\'' || r == rightQuote || r == zwnj || r == zwj || r == softHyphen
}

// wordRuneAt reports whether text[i:] starts with a word character.
func wordRuneAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	if c := text[i]; c < utf8.RuneSelf {
		return asciiWord[c]
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return isWordRune(r)
}

// NextWord finds the first word of text that starts at or after byte offset
// from, and returns its byte offsets: the word is text[start:end]. When there
// is no further word it returns start = end = -1. It never allocates. A loop
// over all words:
//
//	for i := 0; ; {
//		start, end := lang.NextWord(line, i)
//		if start < 0 {
//			break
//		}
//		word := line[start:end]
//		i = end
//	}
//
// See the package documentation for what counts as a word.
func NextWord(text string, from int) (start, end int) {
	i := max(from, 0)
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if asciiWord[c] {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			break
		}
		i += size
	}
	if i >= len(text) {
		return -1, -1
	}
	start = i
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if asciiWord[c] {
				i++
				continue
			}
			if c == '\'' && wordRuneAt(text, i+1) {
				i++
				continue
			}
			break
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) || isJoiner(r) && wordRuneAt(text, i+size) {
			i += size
			continue
		}
		break
	}
	return start, i
}

// AppendLower appends the lower-case form of word to dst, as used for
// stopword look-ups, and returns the extended buffer. It lower-cases rune by
// rune with unicode.ToLower ("ÜBER" → "über", "STRAßE" → "straße"; ß is kept,
// not expanded to "ss"), writes U+2019 ’ as the ASCII apostrophe, drops soft
// hyphens, and writes a word-final capital sigma as final sigma ς. It does
// not normalise Unicode: decomposed text (e + U+0301) stays decomposed.
// Given a buffer with enough capacity it does not allocate.
func AppendLower(dst []byte, word string) []byte {
	for i := 0; i < len(word); {
		c := word[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(word[i:])
		i += size
		switch r {
		case rightQuote:
			dst = append(dst, '\'')
			continue
		case softHyphen:
			continue
		case 'Σ':
			if i == len(word) && i > size {
				dst = utf8.AppendRune(dst, 'ς')
				continue
			}
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

// maxKey bounds the length in bytes of a folded word that can be a stopword;
// init checks that every list entry fits. Longer words are never stopwords.
const maxKey = 64

// keyBuf is a stack buffer for folded look-up keys.
type keyBuf [maxKey]byte

// foldKey returns word's folded form for a table look-up, in buf when the
// word needs folding and as word itself when it is already lower-case ASCII.
// ok is false when the folded word cannot be a stopword because it is too
// long.
func foldKey(buf *keyBuf, word string) (key []byte, direct string, ok bool) {
	plain := true
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			plain = false
			break
		}
	}
	if plain {
		return nil, word, len(word) <= maxKey
	}
	n := 0
	for i := 0; i < len(word); {
		c := word[i]
		if c < utf8.RuneSelf {
			if n == maxKey {
				return nil, "", false
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[n] = c
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(word[i:])
		i += size
		switch r {
		case rightQuote:
			r = '\''
		case softHyphen:
			continue
		case 'Σ':
			if i == len(word) && i > size {
				r = 'ς'
			} else {
				r = 'σ'
			}
		default:
			r = unicode.ToLower(r)
		}
		if n+utf8.RuneLen(r) > maxKey {
			return nil, "", false
		}
		n += utf8.EncodeRune(buf[n:], r)
	}
	return buf[:n], "", true
}

// Words returns an iterator over the words of text, as found by NextWord,
// each a substring of text:
//
//	for w := range lang.Words(line) { ... }
//
// Ranging over it does not allocate.
func Words(text string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for i := 0; ; {
			start, end := NextWord(text, i)
			if start < 0 || !yield(text[start:end]) {
				return
			}
			i = end
		}
	}
}
