package input

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unsafe"

	"github.com/newslint/newslint/compression"
	"github.com/newslint/newslint/page"
)

// Format is the kind of a file's content.
type Format uint8

// The input formats.
const (
	Text Format = iota
	HTML
	JSON  // one object, or an array of objects
	JSONL // one object per line
	WARC  // web archive: a page per HTML or text response record
)

var formatNames = [...]string{"text", "html", "json", "jsonl", "warc"}

func (f Format) String() string { return formatNames[f] }

// ParseFormat returns the format named s ("text", "html", "json", "jsonl",
// "warc").
func ParseFormat(s string) (Format, error) {
	for i, n := range formatNames {
		if n == s {
			return Format(i), nil
		}
	}
	return 0, fmt.Errorf("unknown input format %q (want text, html, json, jsonl or warc)", s)
}

// DefaultExtensions are the extensions of every input kind newslint reads:
// what directories are searched for unless told otherwise. Each is also
// read compressed (x.jsonl.gz, x.html.zst; see package compression).
var DefaultExtensions = []string{".txt", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson", ".warc"}

// FormatOf guesses a file's format from its extension, after the
// extension of a compression: x.jsonl.gz is JSON Lines.
func FormatOf(path string) Format {
	_, path = compression.Split(path)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm", ".xhtml":
		return HTML
	case ".json":
		return JSON
	case ".jsonl", ".ndjson":
		return JSONL
	case ".warc":
		return WARC
	}
	return Text
}

var warcMagic = []byte("WARC/")

// sniff guesses the format of unnamed data (standard input) from head,
// all there is of its start, by its first non-space byte, or the version
// line a WARC file starts with.
func sniff(head []byte) Format {
	f, _ := sniffPrefix(head, true)
	return f
}

// sniffPrefix guesses the format from head, the first bytes of the data.
// ok is false when the bytes so far do not tell and complete is false:
// more may come.
func sniffPrefix(head []byte, complete bool) (f Format, ok bool) {
	if bytes.HasPrefix(head, warcMagic) {
		return WARC, true
	}
	if !complete && len(head) < len(warcMagic) && bytes.HasPrefix(warcMagic, head) {
		return Text, false
	}
	for i, c := range head {
		switch c {
		case ' ', '\t', '\r', '\n', 0xEF, 0xBB, 0xBF:
			continue
		case '<':
			return HTML, true
		case '[':
			return JSON, true
		case '{':
			// A "{" alone on its line opens an indented object.
			rest := bytes.TrimLeft(head[i+1:], " \t")
			if len(rest) == 0 {
				return JSONL, complete
			}
			if rest[0] == '\n' || rest[0] == '\r' {
				return JSON, true
			}
			return JSONL, true
		}
		return Text, true
	}
	return Text, complete
}

// sniffMax is how much of its start sniffReader looks at.
const sniffMax = 512

// sniffReader guesses the format of br's data from its first bytes (up to
// sniffMax), reading no more of a pipe than it takes to tell: a client
// that sends one short record and waits for the answer is not kept
// waiting for bytes it will not send.
func sniffReader(br *bufio.Reader) Format {
	n := 1
	for {
		head, err := br.Peek(n) // waits for n bytes
		if b := min(br.Buffered(), sniffMax); err == nil && b > len(head) {
			head, _ = br.Peek(b) // and looks at all that has come
		}
		if f, ok := sniffPrefix(head, err != nil || len(head) >= sniffMax); ok {
			return f
		}
		n = len(head) + 1
	}
}

// Unit is one page-sized piece of a file: the whole of a text or HTML file,
// or one record of a JSON or JSON Lines file. Parse runs on a worker.
type Unit struct {
	// Record is the 1-based line (JSON Lines), array index (JSON) or WARC
	// record number of the record; 0 for a whole-file unit.
	Record int
	// Name names the record where its input names records by more than a
	// number: a WARC response's target URI. It is also the page's
	// RecordName.
	Name string
	// Date is when the record was captured, as its input gives it (a WARC
	// record's WARC-Date); "" when unknown.
	Date string
	// Raw is the unit's bytes as read. It must not be modified: the lines
	// of a text page are strings into it.
	Raw []byte
	// Format is the format the unit was read as.
	Format Format
	// FileFormat is the format of the file the unit is part of: WARC for a
	// page of a WARC file (whose Format is HTML or Text), else Format.
	FileFormat Format
	// Parse turns Raw into a page; it may be called on any goroutine.
	Parse func() (*page.Page, error)

	// parts, when set, is Pages for a format that splits its text into
	// parts before it parses it.
	parts func(max int, yield func(*page.Page) error) error
}

// Options tune how files are read.
type Options struct {
	// Format forces a format; nil guesses it from the extension.
	Format *Format
	// Field is the dotted path of the text field in JSON records; "" finds it
	// among common names.
	Field string
	// Readability enables the readability library as evidence for HTML.
	Readability bool
	// URL is the page's address when the input knows it (a JSON record's
	// url field); HTML pages use it for their site.
	URL string
	// NoSourceLines spares finding the HTML source line of each rendered
	// line (Line.SourceLine stays 0), for output that does not show it.
	NoSourceLines bool
}

// MaxFileSize bounds what is read of one text or HTML file.
const MaxFileSize = 1 << 30

// Units streams the units of target t to fn, in file order. A file whose
// name ends in .gz or .zst (or standard input that starts with the magic
// bytes of either) is decompressed as it is read, and its format is that of
// the name without the compression's extension.
func Units(t Target, opt Options, fn func(Unit) error) error {
	var r io.Reader
	kind, _ := compression.Split(t.Path)
	if t.Path == Stdin {
		br := bufio.NewReaderSize(os.Stdin, 64<<10)
		head, _ := br.Peek(4)
		kind, r = compression.Sniff(head), br
	} else {
		f, err := os.Open(t.Path)
		if err != nil {
			return describe(err)
		}
		defer f.Close()
		r = f
	}
	if kind != compression.None {
		zr, err := compression.NewReader(kind, r)
		if err != nil {
			return fmt.Errorf("%s: %w", t.Path, err)
		}
		defer zr.Close()
		r = zr
	}
	br := bufio.NewReaderSize(r, 64<<10)
	format := FormatOf(t.Path)
	if opt.Format != nil {
		format = *opt.Format
	} else if t.Path == Stdin {
		format = sniffReader(br)
	}
	switch format {
	case JSON, JSONL:
		return recordUnits(t.Path, br, format, opt, fn)
	case WARC:
		return warcUnits(t.Path, br, opt, fn)
	}
	data, err := io.ReadAll(io.LimitReader(br, MaxFileSize+1))
	if err != nil {
		return fmt.Errorf("%s: %w", t.Path, err)
	}
	if len(data) > MaxFileSize {
		return fmt.Errorf("%s: larger than %d bytes; split it or use JSON Lines", t.Path, MaxFileSize)
	}
	path := t.Path
	if format == HTML {
		return fn(Unit{Raw: data, Format: HTML, FileFormat: HTML, Parse: func() (*page.Page, error) { return ParseHTML(path, data, opt) }})
	}
	// The lines of a text page are strings into the bytes read, which no
	// one writes (see Unit.Raw): a page of 1 GB is not held twice.
	text := unsafe.String(unsafe.SliceData(data), len(data))
	return fn(Unit{Raw: data, Format: Text, FileFormat: Text, Parse: func() (*page.Page, error) { return parseText(path, text), nil },
		parts: func(max int, yield func(*page.Page) error) error { return textParts(path, text, max, yield) }})
}

// Pages calls yield with the unit's page, parsed, or, when the page has
// more than max lines (max > 0), with its parts of max lines, in order
// (see page.Page.Part), each made only when the one before is done with.
// A text file's lines are split part by part: a page of any length takes
// the memory of its text and of one part.
func (u Unit) Pages(max int, yield func(*page.Page) error) error {
	if max > 0 && u.parts != nil {
		return u.parts(max, yield)
	}
	p, err := u.Parse()
	if err != nil {
		return err
	}
	if max <= 0 || len(p.Lines) <= max {
		return yield(p)
	}
	parts := (len(p.Lines) + max - 1) / max
	for k := range parts {
		part := *p
		part.Lines = p.Lines[k*max : min((k+1)*max, len(p.Lines)) : min((k+1)*max, len(p.Lines))]
		part.Part, part.Parts = k+1, parts
		if err := yield(&part); err != nil {
			return err
		}
	}
	return nil
}

// textParts is Unit.Pages for plain text.
func textParts(path, text string, max int, yield func(*page.Page) error) error {
	text = strings.TrimPrefix(text, string(utf8BOM))
	lines := countLines(text)
	if lines <= max {
		return yield(parseText(path, text))
	}
	parts := (lines + max - 1) / max
	num := 1
	for k := range parts {
		p := &page.Page{Path: path, Part: k + 1, Parts: parts, Lines: make([]page.Line, 0, max)}
		p.Lines, text = splitLines(text, num, max, p.Lines)
		num += len(p.Lines)
		if err := yield(p); err != nil {
			return err
		}
	}
	return nil
}
