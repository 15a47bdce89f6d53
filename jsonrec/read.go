package jsonrec

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// MaxRecordSize bounds one line of a JSON Lines file.
const MaxRecordSize = 1 << 30

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Lines reads a JSON Lines stream one line at a time, in constant memory
// whatever the stream's length: only the current line is held, however long
// it is (up to MaxRecordSize).
type Lines struct {
	r    *bufio.Reader
	line int
}

// NewLines returns a reader of the lines of r.
func NewLines(r io.Reader) *Lines {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	return &Lines{r: br}
}

// Next returns the next line that is not blank, without its "\n" (a "\r"
// before it is kept: it is JSON white space, and writing the line back with
// "\n" keeps a CRLF file's line ends), and its 1-based line number. The
// slice is the caller's. A byte-order mark before the first line is
// dropped. At the end of the stream Next returns io.EOF.
func (l *Lines) Next() (raw []byte, line int, err error) {
	for {
		raw, err = l.readLine()
		if err != nil && (err != io.EOF || len(raw) == 0) {
			return nil, l.line, err
		}
		if l.line == 1 {
			raw = bytes.TrimPrefix(raw, utf8BOM)
		}
		if len(bytes.TrimLeft(raw, " \t\r")) > 0 {
			return raw, l.line, nil
		}
	}
}

// readLine reads one line into a slice of its own.
func (l *Lines) readLine() ([]byte, error) {
	l.line++
	frag, err := l.r.ReadSlice('\n')
	if err == nil {
		return append([]byte(nil), frag[:len(frag)-1]...), nil
	}
	buf := append([]byte(nil), frag...)
	for err == bufio.ErrBufferFull {
		if len(buf) > MaxRecordSize {
			return nil, fmt.Errorf("line longer than %d bytes: not a JSON Lines record (if the file is one JSON document, name it .json)", MaxRecordSize)
		}
		frag, err = l.r.ReadSlice('\n')
		buf = append(buf, frag...)
	}
	if err == nil {
		buf = buf[:len(buf)-1]
	}
	return buf, err
}

// Elem is one record of a JSON document.
type Elem struct {
	Raw   []byte // the record's JSON text, a slice of the document
	Index int    // 1-based index in the array; 0 for a document that is one object
	Line  int    // 1-based line of the document where the record starts
}

// Split returns the records of a JSON document: the document itself if it
// is an object, the elements of an array otherwise (whatever their type:
// Parse reports an element that is not an object). Invalid JSON is a
// *SyntaxError whose offset is in data.
func Split(data []byte) ([]Elem, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if !json.Valid(data) {
		err := syntaxError(data)
		var se *SyntaxError
		if errors.As(err, &se) && bytes.Contains([]byte(se.msg), []byte("after top-level value")) {
			se.msg += " (one object per line is JSON Lines: name the file .jsonl)"
		}
		return nil, err
	}
	i := skipSpace(data, 0)
	switch data[i] {
	case '{':
		return []Elem{{Raw: data, Line: 1 + bytes.Count(data[:i], []byte{'\n'})}}, nil
	case '[':
	default:
		return nil, fmt.Errorf("the document is %s, not an object or an array of objects", kind(data[i]))
	}
	var elems []Elem
	line, counted := 1, 0
	for i = skipSpace(data, i+1); data[i] != ']'; {
		j := skipValue(data, i)
		line += bytes.Count(data[counted:i], []byte{'\n'})
		counted = i
		elems = append(elems, Elem{Raw: data[i:j:j], Index: len(elems) + 1, Line: line})
		i = skipSpace(data, j)
		if data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
	return elems, nil
}
