package jsonrec

import (
	"bytes"
	"encoding/json"
	"errors"
	"unicode/utf16"
	"unicode/utf8"
)

// The scanner below indexes JSON that encoding/json has already validated
// (json.Valid): it only finds where values start and end, so it can skip
// strings with a byte search and never needs to report an error.

// object is a JSON object of a record: its braces and members.
type object struct {
	start, end int // raw[start] == '{', raw[end-1] == '}'
	members    []member
}

// member is one "key": value pair of an object, as byte offsets into raw.
type member struct {
	key      string
	gapStart int // just after the '{' or ',' before the key
	keyStart int // the key's opening quote
	keyEnd   int // just after the key's closing quote
	valStart int
	valEnd   int
}

// get returns the last member named key (later duplicates win, as in
// encoding/json).
func (o *object) get(key string) (member, bool) {
	for i := len(o.members) - 1; i >= 0; i-- {
		if o.members[i].key == key {
			return o.members[i], true
		}
	}
	return member{}, false
}

// parseObject indexes the object starting at b[i] == '{'.
func parseObject(b []byte, i int) object {
	o := object{start: i}
	gap := i + 1
	i = skipSpace(b, i+1)
	if b[i] == '}' {
		o.end = i + 1
		return o
	}
	for {
		m := member{gapStart: gap, keyStart: i}
		m.keyEnd = skipString(b, i)
		m.key = decodeKey(b[i:m.keyEnd])
		i = skipSpace(b, m.keyEnd) // at ':'
		m.valStart = skipSpace(b, i+1)
		m.valEnd = skipValue(b, m.valStart)
		o.members = append(o.members, m)
		i = skipSpace(b, m.valEnd)
		if b[i] == '}' {
			o.end = i + 1
			return o
		}
		gap = i + 1 // after ','
		i = skipSpace(b, i+1)
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\r', '\n':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the offset just after the string starting at b[i] == '"'.
func skipString(b []byte, i int) int {
	j := i + 1
	for {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			return len(b) // not reached on valid JSON
		}
		j += k
		// The quote is escaped if an odd number of backslashes precede it.
		n := 0
		for p := j - 1; p > i && b[p] == '\\'; p-- {
			n++
		}
		j++
		if n%2 == 0 {
			return j
		}
	}
}

// skipValue returns the offset just after the value starting at b[i].
func skipValue(b []byte, i int) int {
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = skipString(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	}
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return i
		}
		i++
	}
	return i
}

// decodeKey returns the text of a JSON string token (with its quotes).
func decodeKey(tok []byte) string {
	if bytes.IndexByte(tok, '\\') < 0 {
		return string(tok[1 : len(tok)-1])
	}
	return decodeString(tok)
}

// decodeString returns the text of a JSON string token (valid JSON, with
// its quotes) by encoding/json's rules: escapes decoded, bad UTF-8 and lone
// surrogates (`\ud800`) become U+FFFD. Scraped text is full of `\n`, so
// this is on the path of every JSON record; it decodes in one pass instead
// of json.Unmarshal's validate-then-decode.
func decodeString(tok []byte) string {
	body := tok[1 : len(tok)-1]
	if bytes.IndexByte(body, '\\') < 0 && utf8.Valid(body) {
		return string(body)
	}
	out := make([]byte, 0, len(body))
	for i := 0; i < len(body); {
		c := body[i]
		switch {
		case c == '\\':
			var r rune
			r, i = unescape(body, i)
			out = utf8.AppendRune(out, r)
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
		default:
			r, n := utf8.DecodeRune(body[i:])
			out = utf8.AppendRune(out, r) // RuneError for a bad byte
			i += n
		}
	}
	return string(out)
}

// unescape decodes the escape at body[i] (a backslash) of a valid JSON
// string and returns the rune and the offset after it.
func unescape(body []byte, i int) (rune, int) {
	switch c := body[i+1]; c {
	case 'b':
		return '\b', i + 2
	case 'f':
		return '\f', i + 2
	case 'n':
		return '\n', i + 2
	case 'r':
		return '\r', i + 2
	case 't':
		return '\t', i + 2
	case 'u':
		r := hex4(body[i+2 : i+6])
		i += 6
		if utf16.IsSurrogate(r) {
			if i+6 <= len(body) && body[i] == '\\' && body[i+1] == 'u' {
				if pair := utf16.DecodeRune(r, hex4(body[i+2:i+6])); pair != utf8.RuneError {
					return pair, i + 6
				}
			}
			return utf8.RuneError, i
		}
		return r, i
	default: // '"', '\\', '/'
		return rune(c), i + 2
	}
}

// hex4 reads four hexadecimal digits (valid JSON: they are).
func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c >= 'a':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// kind names the type of the JSON value starting with c, for messages.
func kind(c byte) string {
	switch c {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// SyntaxError is invalid JSON in a record or a document.
type SyntaxError struct {
	// Offset is the 0-based byte offset of the problem in the data given.
	Offset int
	msg    string
}

func (e *SyntaxError) Error() string { return "invalid JSON: " + e.msg }

// syntaxError describes why data is not valid JSON.
func syntaxError(data []byte) error {
	err := json.Unmarshal(data, new(json.RawMessage))
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := int(se.Offset) - 1
		msg := se.Error()
		if msg == "unexpected end of JSON input" {
			msg = "the value ends early (a truncated record?)"
			off = len(data)
		}
		return &SyntaxError{Offset: max(off, 0), msg: msg}
	}
	if err == nil {
		return nil
	}
	return &SyntaxError{msg: err.Error()}
}

// Position returns the 1-based line and column (in bytes) of offset off in data.
func Position(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	line = 1 + bytes.Count(data[:off], []byte{'\n'})
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, off - start + 1
}
