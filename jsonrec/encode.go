package jsonrec

import (
	"unicode/utf16"
	"unicode/utf8"
)

const hex = "0123456789abcdef"

// AppendString appends s to dst as a JSON string. Unlike encoding/json it
// leaves <, > and & as they are (records are data, not HTML); control
// characters, U+2028 and U+2029 are escaped, and bytes that are not UTF-8
// become U+FFFD, as encoding/json does.
func AppendString(dst []byte, s string) []byte { return appendString(dst, s, false) }

// appendString is AppendString; with ascii set, every character outside
// ASCII is written as a \u escape (a UTF-16 surrogate pair above U+FFFF),
// as Python's json.dumps does by default.
func appendString(dst []byte, s string, ascii bool) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' || ascii {
			dst = append(dst, s[start:i]...)
			if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
				dst = appendU(dst, r1)
				r = r2
			}
			dst = appendU(dst, r)
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendU appends the escape \uXXXX of a UTF-16 code unit.
func appendU(dst []byte, r rune) []byte {
	return append(dst, '\\', 'u', hex[r>>12&0xF], hex[r>>8&0xF], hex[r>>4&0xF], hex[r&0xF])
}
