// Package input finds the files to read and turns each into pages: plain
// text (one block per line), HTML, JSON/JSON Lines scraper records and the
// HTML and text responses of WARC files, each also read compressed (.gz,
// .zst).
package input

import (
	"bytes"
	"strings"

	"github.com/newslint/newslint/page"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ParseText splits plain text into a page, one line per line of the text.
// A UTF-8 byte-order mark is dropped; LF, CRLF and lone CR all end a line.
// Bytes that are not valid UTF-8 are kept as they are.
func ParseText(path string, data []byte) *page.Page {
	return parseText(path, string(data))
}

// parseText is ParseText for text as a string.
func parseText(path, text string) *page.Page {
	p := &page.Page{Path: path}
	p.Lines = SplitLines(strings.TrimPrefix(text, string(utf8BOM)), p.Lines)
	return p
}

// SplitLines appends the lines of s to dst, numbering them from 1. A final
// line terminator does not start another line.
func SplitLines(s string, dst []page.Line) []page.Line {
	dst, _ = splitLines(s, 1, -1, dst)
	return dst
}

// splitLines appends up to max lines of s (all when max < 0) to dst,
// numbering them from n, and returns the rest of s.
func splitLines(s string, n, max int, dst []page.Line) ([]page.Line, string) {
	for ; len(s) > 0 && max != 0; max-- {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			dst = append(dst, page.Line{Text: s, Num: n, SourceLine: n})
			return dst, ""
		}
		dst = append(dst, page.Line{Text: s[:i], Num: n, SourceLine: n})
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
		s = s[i+1:]
		n++
	}
	return dst, s
}

// countLines returns the number of lines SplitLines finds in s.
func countLines(s string) int {
	n := 0
	for len(s) > 0 {
		i := strings.IndexAny(s, "\r\n")
		n++
		if i < 0 {
			break
		}
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
		s = s[i+1:]
	}
	return n
}

// LineEnding returns the line terminator data uses most ("\n" by default),
// so that cleaned output keeps the input's convention.
func LineEnding(data []byte) string {
	crlf := bytes.Count(data, []byte("\r\n"))
	lf := bytes.Count(data, []byte("\n")) - crlf
	if crlf > lf {
		return "\r\n"
	}
	return "\n"
}
