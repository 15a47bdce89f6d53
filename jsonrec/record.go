// Package jsonrec reads and writes scraper records: JSON objects, one per
// line of a JSON Lines file or one per element of a JSON array. It finds the
// record's text field (by dotted path or among common names), takes page
// evidence from the other fields (title, URL, language, author, date), and
// writes a record back with only the text changed: every other byte of the
// record, key order and number spelling included, is kept as it was read.
package jsonrec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// TextFields are the names tried, in order, when no text field is named.
var TextFields = []string{"text", "content", "body", "articleBody", "maintext"}

// ErrNoTextField is wrapped by the error of a record in which none of
// TextFields holds a string.
var ErrNoTextField = errors.New("record has no text field (tried " + strings.Join(TextFields, ", ") + ")")

// Record is one JSON object as read, indexed so that fields can be found
// and replaced without decoding the rest.
type Record struct {
	raw []byte
	top object
}

// Field is a value inside a record: Raw()[Start:End] is its JSON text.
type Field struct {
	Path       string // dotted path from the record's top level
	Start, End int
	parent     int // offset of the object holding the field
}

// Parse checks that raw holds exactly one JSON object (white space around it
// is allowed) and indexes it. The error is a *SyntaxError for invalid JSON.
func Parse(raw []byte) (*Record, error) {
	if !json.Valid(raw) {
		return nil, syntaxError(raw)
	}
	i := skipSpace(raw, 0)
	if raw[i] != '{' {
		return nil, fmt.Errorf("record is %s, not a JSON object", kind(raw[i]))
	}
	return &Record{raw: raw, top: parseObject(raw, i)}, nil
}

// Raw returns the record's bytes as given to Parse.
func (r *Record) Raw() []byte { return r.raw }

// Lookup finds the value at a dotted path ("article.body"). A top-level key
// that itself contains dots is found too.
func (r *Record) Lookup(path string) (Field, error) {
	if m, ok := r.top.get(path); ok {
		return Field{Path: path, Start: m.valStart, End: m.valEnd, parent: r.top.start}, nil
	}
	obj := &r.top
	parts := strings.Split(path, ".")
	for i, key := range parts {
		m, ok := obj.get(key)
		if !ok {
			return Field{}, fmt.Errorf("record has no field %q", strings.Join(parts[:i+1], "."))
		}
		if i == len(parts)-1 {
			return Field{Path: path, Start: m.valStart, End: m.valEnd, parent: obj.start}, nil
		}
		if r.raw[m.valStart] != '{' {
			return Field{}, fmt.Errorf("field %q is %s, not an object", strings.Join(parts[:i+1], "."), kind(r.raw[m.valStart]))
		}
		o := parseObject(r.raw, m.valStart)
		obj = &o
	}
	panic("unreachable")
}

// TextField returns the field holding the record's text: the one at path if
// path is not "", else the first of TextFields that holds a string (matched
// exactly, then ignoring case). The field must hold a string.
func (r *Record) TextField(path string) (Field, error) {
	if path != "" {
		f, err := r.Lookup(path)
		if err != nil {
			return Field{}, err
		}
		if c := r.raw[f.Start]; c != '"' {
			return Field{}, fmt.Errorf("field %q is %s, not a string", path, kind(c))
		}
		return f, nil
	}
	var wrong *member
	for _, fold := range []bool{false, true} {
		for _, name := range TextFields {
			for i := len(r.top.members) - 1; i >= 0; i-- {
				m := &r.top.members[i]
				if !(m.key == name || fold && strings.EqualFold(m.key, name)) {
					continue
				}
				if r.raw[m.valStart] == '"' {
					return Field{Path: m.key, Start: m.valStart, End: m.valEnd, parent: r.top.start}, nil
				}
				if wrong == nil {
					wrong = m
				}
			}
		}
	}
	if wrong != nil {
		return Field{}, fmt.Errorf("%w: field %q is %s, not a string", ErrNoTextField, wrong.key, kind(r.raw[wrong.valStart]))
	}
	return Field{}, ErrNoTextField
}

// String returns the text of a field that holds a JSON string.
func (r *Record) String(f Field) string {
	return decodeString(r.raw[f.Start:f.End])
}

// Replace returns a copy of the record with f's value replaced by the JSON
// string s. A record written in ASCII only, with \u escapes for the other
// characters, gets s written that way too.
func (r *Record) Replace(f Field, s string) []byte {
	out := make([]byte, 0, len(r.raw)-(f.End-f.Start)+len(s)+len(s)/16+2)
	out = append(out, r.raw[:f.Start]...)
	out = appendString(out, s, r.escapesNonASCII())
	return append(out, r.raw[f.End:]...)
}

// escapesNonASCII reports whether the record is ASCII only and holds \u
// escapes: it was written by an encoder that escapes every character
// outside ASCII.
func (r *Record) escapesNonASCII() bool {
	for _, c := range r.raw {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return bytes.Contains(r.raw, []byte(`\u`))
}

// Set returns a copy of the record with the top-level field name set to the
// JSON string s: its value replaced if the record has it, else the field
// added after the last one, spaced like the fields before it.
func (r *Record) Set(name, s string) []byte {
	return r.SetRaw(name, appendString(nil, s, r.escapesNonASCII()))
}

// SetRaw is Set with value, a JSON value, written as it is.
func (r *Record) SetRaw(name string, value []byte) []byte {
	if m, ok := r.top.get(name); ok {
		out := make([]byte, 0, len(r.raw)-(m.valEnd-m.valStart)+len(value))
		out = append(out, r.raw[:m.valStart]...)
		out = append(out, value...)
		return append(out, r.raw[m.valEnd:]...)
	}
	var add []byte
	at := r.top.start + 1
	if n := len(r.top.members); n > 0 {
		last := r.top.members[n-1]
		at = last.valEnd
		add = append(add, ',')
		add = append(add, r.raw[last.gapStart:last.keyStart]...)
		add = AppendString(add, name)
		add = append(add, r.raw[last.keyEnd:last.valStart]...)
	} else {
		add = AppendString(add, name)
		add = append(add, ':')
	}
	add = append(add, value...)
	out := make([]byte, 0, len(r.raw)+len(add))
	out = append(out, r.raw[:at]...)
	out = append(out, add...)
	return append(out, r.raw[at:]...)
}
