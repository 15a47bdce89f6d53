package htmltext

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Source lines.
//
// The x/net/html parser does not tell where a node came from. To know the
// source line of every text node, markSource tokenizes the page once, counting
// line breaks in the raw bytes of each token, and writes the page back with a
// marker in front of the first non-space byte of each text token: U+FDD0, the
// line number in base 16 as U+FDE0..U+FDEF, U+FDD1. These are Unicode
// noncharacters: pages do not use them (markSource replaces any it finds), the
// parser treats them as ordinary text, and a marker travels with its text
// through everything the tree builder does (merging, foster parenting, the
// adoption agency). The renderer reads the markers as it walks the text and
// stripMarkers removes them from the tree before anyone else sees it.
//
// Only text tokens that hold something besides white space get a marker, so
// the tree builder, which treats white-space-only text specially, builds the
// same tree as for the unmarked page.

const (
	markOpen  = '\uFDD0'
	markClose = '\uFDD1'
	markDigit = '\uFDE0' // markDigit+0 .. markDigit+15
)

// isMarkRune reports whether r belongs to a marker.
func isMarkRune(r rune) bool { return r >= 0xFDD0 && r <= 0xFDEF }

// rawTextTags are the start tags after which the tokenizer reads raw text.
// noscript is left out: the page is parsed with scripting off, as the
// innerText reference was rendered, so its content is markup.
var rawTextTags = map[string]bool{
	"iframe": true, "noembed": true, "noframes": true, "plaintext": true,
	"script": true, "style": true, "textarea": true, "title": true, "xmp": true,
}

// voidTags are the elements that have no end tag.
var voidTags = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "keygen": true, "link": true, "meta": true,
	"param": true, "source": true, "track": true, "wbr": true, "image": true,
}

// markSource returns src with line markers in front of its text tokens.
//
// When maxDepth > 0 it also drops start tags (and their end tags) that would
// open an element deeper than maxDepth by a naive count of open elements:
// the x/net/html parser refuses trees deeper than 512 elements, and a page
// that has them is rendered from this flattened copy instead.
func markSource(src []byte, maxDepth int) []byte {
	if hasMarkRunes(src) {
		src = scrubMarkRunes(src)
	}
	out := make([]byte, 0, len(src)+len(src)/8+64)
	z := html.NewTokenizer(bytes.NewReader(src))
	line := 1
	prevCR := false
	foreign := 0  // depth of <svg>/<math>
	rawNext := "" // tag whose raw text comes next
	var open []string
	dropped := map[string]int{}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		switch tt {
		case html.TextToken:
			i := 0
			if rawNext == "" {
				for i < len(raw) && isHTMLSpace(raw[i]) {
					i++
				}
			} else {
				i = len(raw)
			}
			if i < len(raw) {
				n, _ := countLines(raw[:i], prevCR)
				out = append(out, raw[:i]...)
				out = appendMarker(out, line+n)
				out = append(out, raw[i:]...)
			} else {
				out = append(out, raw...)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			out0 := len(out)
			out = append(out, raw...)
			name, _ := z.TagName()
			tag := string(name)
			if maxDepth > 0 && tt == html.StartTagToken && !voidTags[tag] {
				if len(open) >= maxDepth {
					out = out[:out0]
					dropped[tag]++
				} else {
					open = append(open, tag)
				}
			}
			if foreign > 0 {
				z.NextIsNotRawText()
				if tt == html.StartTagToken && (tag == "svg" || tag == "math") {
					foreign++
				}
			} else if tt == html.StartTagToken && (tag == "svg" || tag == "math") {
				foreign++
				z.AllowCDATA(true)
			} else if tag == "noscript" {
				z.NextIsNotRawText()
			} else if rawTextTags[tag] {
				rawNext = tag
			}
		case html.EndTagToken:
			out0 := len(out)
			out = append(out, raw...)
			name, _ := z.TagName()
			tag := string(name)
			if foreign > 0 && (tag == "svg" || tag == "math") {
				foreign--
				if foreign == 0 {
					z.AllowCDATA(false)
				}
			}
			if maxDepth > 0 {
				k := len(open) - 1
				for k >= 0 && open[k] != tag {
					k--
				}
				if k >= 0 {
					open = open[:k]
				} else if dropped[tag] > 0 {
					dropped[tag]--
					out = out[:out0]
				}
			}
		default:
			out = append(out, raw...)
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			rawNext = ""
		}
		n, cr := countLines(raw, prevCR)
		line += n
		prevCR = cr
	}
	return out
}

// countLines counts the line breaks in b (LF, CR LF, lone CR); prevCR says
// whether the byte before b was a CR. It also returns whether b ends in CR.
func countLines(b []byte, prevCR bool) (int, bool) {
	n := 0
	for _, c := range b {
		switch c {
		case '\n':
			if !prevCR {
				n++
			}
			prevCR = false
		case '\r':
			n++
			prevCR = true
		default:
			prevCR = false
		}
	}
	return n, prevCR
}

func appendMarker(out []byte, line int) []byte {
	out = utf8.AppendRune(out, markOpen)
	var digits [16]byte
	k := len(digits)
	for {
		k--
		digits[k] = byte(line & 15)
		line >>= 4
		if line == 0 {
			break
		}
	}
	for _, d := range digits[k:] {
		out = utf8.AppendRune(out, markDigit+rune(d))
	}
	return utf8.AppendRune(out, markClose)
}

// readMarker parses the marker at the start of s (which begins with
// markOpen). It returns the line and the marker's length in bytes; ok is
// false for a stray marker rune.
func readMarker(s string) (line, size int, ok bool) {
	i := len(string(markOpen))
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == markClose:
			return line, i + n, true
		case r >= markDigit && r <= markDigit+15:
			line = line<<4 | int(r-markDigit)
			if line > 1<<40 {
				return 0, i + n, false
			}
			i += n
		default:
			return 0, i, false
		}
	}
	return 0, i, false
}

// stripMarks removes the markers from s.
func stripMarks(s string) string {
	if !strings.Contains(s, "\xef\xb7") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if !isMarkRune(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// stripMarkers removes the markers from every text node under n.
func stripMarkers(n *html.Node) {
	for c := n; c != nil; {
		if c.Type == html.TextNode {
			c.Data = stripMarks(c.Data)
		}
		if c.FirstChild != nil {
			c = c.FirstChild
			continue
		}
		for c != n && c.NextSibling == nil {
			c = c.Parent
		}
		if c == n {
			break
		}
		c = c.NextSibling
	}
}

// hasMarkRunes reports whether b holds a rune in U+FDD0..U+FDEF.
func hasMarkRunes(b []byte) bool {
	for {
		i := bytes.Index(b, []byte("\xef\xb7"))
		if i < 0 || i+2 >= len(b) {
			return false
		}
		if c := b[i+2]; c >= 0x90 && c <= 0xaf {
			return true
		}
		b = b[i+2:]
	}
}

// scrubMarkRunes replaces the runes U+FDD0..U+FDEF in b with U+FFFD.
func scrubMarkRunes(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if isMarkRune(r) {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}
