package clean

import (
	"strings"
	"unicode/utf8"
)

// cp1252 maps the bytes 0x80-0x9F to the characters Windows-1252 gives
// them; 0 marks the five bytes it leaves undefined, which decoders turn
// into the C1 control of the same number (WHATWG) or into U+FFFD. Bytes
// 0xA0-0xFF are the Latin-1 characters of the same number.
var cp1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// cp1252Byte returns the Windows-1252 (or Latin-1) byte that decodes to r.
func cp1252Byte(r rune) (byte, bool) {
	switch {
	case r < 0x80 || (r >= 0xA0 && r <= 0xFF):
		return byte(r), true
	case r <= 0x9F: // a C1 control: an undefined byte, or Latin-1 decoding
		return byte(r), true
	}
	for i, c := range cp1252 {
		if c == r {
			return byte(0x80 + i), true
		}
	}
	return 0, false
}

// lossy are reviewed repairs for sequences whose last byte was lost: 0x9D,
// the last byte of "”" (E2 80 9D), is not in Windows-1252, and decoders
// drop it or turn it into U+FFFD. No other character of running text ends
// in a byte Windows-1252 lacks as often ("Ý", "Ð", "Á", "Í", "Ï" do,
// rarely, and are not guessed).
//
// A no-break space double-encoded is "Â" and a no-break space; when a later
// step made that a plain space, "Â " is left, and "Ã " for "à" (C3 A0).
var lossy = strings.NewReplacer(
	"â€\uFFFD", "”",
	"â€ ", "” ",
	"Â ", " ",
	"Ã ", "à ",
)

// FixEncoding repairs text that was UTF-8, decoded as Windows-1252 or
// Latin-1 and encoded as UTF-8 again ("FÃ¼r" → "Für", "â€žJaâ€œ" → "„Ja“",
// "Â " → a no-break space), once or twice over. Characters that could not
// be part of such a sequence are left as they are, so a line that mixes
// repaired and intact text comes out whole. Windows-1252 punctuation read as
// Latin-1 (C1 controls where quotes and dashes belong) becomes that
// punctuation, and other control characters but tab are dropped. Text that
// holds none of these comes back unchanged.
func FixEncoding(s string) string {
	for range 3 { // text encoded wrongly twice needs two rounds
		t := undouble(s)
		if t == s {
			break
		}
		s = t
	}
	s = lossy.Replace(s)
	if t, ok := strings.CutSuffix(s, "â€"); ok {
		s = t + "”"
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return r
		case r < 0x20 || r == 0x7F:
			return -1
		case r >= 0x80 && r <= 0x9F:
			if c := cp1252[r-0x80]; c != 0 {
				return c
			}
			return -1
		}
		return r
	}, s)
}

// undouble replaces every run of characters whose Windows-1252 bytes form
// one valid multi-byte UTF-8 sequence by the character it encodes.
func undouble(s string) string {
	var b strings.Builder
	changed := false
	var seq [4]byte
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		lead, ok := cp1252Byte(r)
		need := 0
		switch {
		case !ok || r < 0x80:
		case lead >= 0xC2 && lead <= 0xDF:
			need = 1
		case lead >= 0xE0 && lead <= 0xEF:
			need = 2
		case lead >= 0xF0 && lead <= 0xF4:
			need = 3
		}
		if need > 0 {
			seq[0] = lead
			j, k := i+n, 1
			for ; k <= need && j < len(s); k++ {
				c, m := utf8.DecodeRuneInString(s[j:])
				cb, ok := cp1252Byte(c)
				if !ok || cb < 0x80 || cb > 0xBF {
					break
				}
				seq[k] = cb
				j += m
			}
			if k == need+1 {
				if dr, dn := utf8.DecodeRune(seq[:k]); dr != utf8.RuneError && dn == k {
					if !changed {
						b.Grow(len(s))
						b.WriteString(s[:i])
						changed = true
					}
					b.WriteRune(dr)
					i = j
					continue
				}
			}
		}
		if changed {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	if !changed {
		return s
	}
	return b.String()
}
