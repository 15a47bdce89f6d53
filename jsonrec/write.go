package jsonrec

import (
	"bytes"
	"io"
)

// Writer writes records back in the layout they were read in: one per line
// (JSON Lines, or a document that is one object), or as the elements of an
// array.
type Writer struct {
	w      io.Writer
	array  bool
	n      int
	indent []byte // before each element of an indented array; nil: one per line
	err    error
}

// NewWriter returns a writer to w; array selects the array layout.
func NewWriter(w io.Writer, array bool) *Writer {
	return &Writer{w: w, array: array}
}

// Write writes one record. A record is ended with "\n" unless it already
// ends with one. In an array, the first record sets the layout: an
// indented record (one with line breaks, like json.MarshalIndent or
// Python's json.dump(indent=...) write) is indented as its closing line is;
// a one-line record gets a line of its own.
func (w *Writer) Write(raw []byte) error {
	if w.err != nil {
		return w.err
	}
	if !w.array {
		w.write(raw)
		if len(raw) == 0 || raw[len(raw)-1] != '\n' {
			w.write([]byte{'\n'})
		}
		return w.err
	}
	if w.n == 0 {
		if i := bytes.LastIndexByte(raw, '\n'); i >= 0 {
			last := raw[i+1:]
			w.indent = append([]byte(nil), last[:len(last)-len(bytes.TrimLeft(last, " \t"))]...)
		}
		w.write([]byte("[\n"))
	} else {
		w.write([]byte(",\n"))
	}
	w.n++
	w.write(w.indent)
	w.write(raw)
	return w.err
}

// Close ends an array ("[]" if no record was written). It does not close
// the underlying writer.
func (w *Writer) Close() error {
	if w.array {
		if w.n == 0 {
			w.write([]byte("[]\n"))
		} else {
			w.write([]byte("\n]\n"))
		}
	}
	return w.err
}

func (w *Writer) write(b []byte) {
	if w.err == nil && len(b) > 0 {
		_, w.err = w.w.Write(b)
	}
}
