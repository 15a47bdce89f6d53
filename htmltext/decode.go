package htmltext

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// decode returns the page as valid UTF-8 (without BOM) and the name of the
// encoding it was read in.
//
// The encoding is chosen as a browser does: byte order mark, then the charset
// of contentType (the HTTP header, if the caller knows it), then the HTML5
// prescan of <meta charset> / <meta http-equiv="Content-Type"> in the first
// 1024 bytes. When none of these names an encoding, a <meta> charset further
// down in the head is honoured (browsers re-parse when they meet one), then
// UTF-8 if the whole page is valid UTF-8, else windows-1252.
//
// Invalid byte sequences become U+FFFD; decode never fails.
func decode(src []byte, contentType string) ([]byte, string) {
	enc, name := sniff(src, contentType)
	var out []byte
	if name == "utf-8" {
		out = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
		if !utf8.Valid(out) {
			out = transform(unicode.UTF8.NewDecoder(), out)
		}
	} else {
		out = transform(enc.NewDecoder(), src)
		out = bytes.TrimPrefix(out, []byte("\xef\xbb\xbf"))
		if !utf8.Valid(out) { // a decoder passing bytes through; never trust it
			out = bytes.ToValidUTF8(out, []byte("\ufffd"))
		}
	}
	return out, name
}

// transform runs a decoder over b, falling back to replacing invalid UTF-8
// when the decoder gives up.
func transform(d *encoding.Decoder, b []byte) []byte {
	out, err := d.Bytes(b)
	if err != nil {
		return bytes.ToValidUTF8(b, []byte("\ufffd"))
	}
	return out
}

// sniff picks the page's encoding (see decode).
func sniff(src []byte, contentType string) (encoding.Encoding, string) {
	head := src
	if len(head) > 1024 {
		head = head[:1024]
	}
	enc, name, certain := charset.DetermineEncoding(head, contentType)
	if certain || name != guess(head) {
		// BOM, Content-Type, or a <meta> found by the prescan.
		return enc, normName(name)
	}
	// DetermineEncoding's answer may be its own guess: look for a <meta>
	// charset in the rest of the head before guessing from the whole page.
	if cs := lateMetaCharset(src); cs != "" {
		if e, n := charset.Lookup(cs); e != nil {
			if n == "utf-16le" || n == "utf-16be" { // a page that can say so in ASCII is not UTF-16
				n = "utf-8"
			}
			return e, normName(n)
		}
	}
	if utf8.Valid(src) {
		return encoding.Nop, "utf-8"
	}
	e, n := charset.Lookup("windows-1252")
	return e, n
}

func normName(n string) string {
	if n == "" {
		return "utf-8"
	}
	return n
}

// guess is the name DetermineEncoding returns for head when nothing in it
// names an encoding.
func guess(head []byte) string {
	for i := len(head) - 1; i >= 0 && i > len(head)-4; i-- {
		b := head[i]
		if b < 0x80 {
			break
		}
		if utf8.RuneStart(b) {
			head = head[:i]
			break
		}
	}
	for _, c := range head {
		if c >= 0x80 {
			if utf8.Valid(head) {
				return "utf-8"
			}
			break
		}
	}
	return "windows-1252"
}

// lateMetaCharset finds the charset of a <meta> tag in the first 64 KiB of
// the page, before <body>. It is a loose scan, not the HTML5 prescan.
func lateMetaCharset(src []byte) string {
	if len(src) > 64<<10 {
		src = src[:64<<10]
	}
	for i := 0; i < len(src); {
		j := bytes.IndexByte(src[i:], '<')
		if j < 0 {
			return ""
		}
		i += j + 1
		if i+4 > len(src) {
			return ""
		}
		if lowerHasPrefix(src[i:], "body") {
			return ""
		}
		if !lowerHasPrefix(src[i:], "meta") {
			continue
		}
		end := bytes.IndexByte(src[i:], '>')
		if end < 0 {
			return ""
		}
		tag := src[i : i+end]
		i += end
		k := indexFold(tag, "charset")
		if k < 0 {
			continue
		}
		rest := bytes.TrimLeft(tag[k+len("charset"):], " \t\r\n\f")
		if len(rest) == 0 || rest[0] != '=' {
			continue
		}
		rest = bytes.TrimLeft(rest[1:], " \t\r\n\f\"'")
		n := 0
		for n < len(rest) && isCharsetByte(rest[n]) {
			n++
		}
		if n > 0 {
			return string(rest[:n])
		}
	}
	return ""
}

func isCharsetByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == ':' || c == '.'
}

func lowerHasPrefix(b []byte, prefix string) bool {
	if len(b) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// indexFold is bytes.Index for an ASCII lower-case needle, ignoring case.
func indexFold(b []byte, needle string) int {
	for i := 0; i+len(needle) <= len(b); i++ {
		if lowerHasPrefix(b[i:], needle) {
			return i
		}
	}
	return -1
}
