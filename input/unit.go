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
)

var formatNames = [...]string{"text", "html", "json", "jsonl"}

func (f Format) String() string { return formatNames[f] }

// ParseFormat returns the format named s ("text", "html", "json", "jsonl").
func ParseFormat(s string) (Format, error) {
	for i, n := range formatNames {
		if n == s {
			return Format(i), nil
		}
	}
	return 0, fmt.Errorf("unknown input format %q (want text, html, json or jsonl)", s)
}

// FormatOf guesses a file's format from its extension.
func FormatOf(path string) Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm", ".xhtml":
		return HTML
	case ".json":
		return JSON
	case ".jsonl", ".ndjson":
		return JSONL
	}
	return Text
}

// sniff guesses the format of unnamed data (standard input) from its first
// non-space byte.
func sniff(head []byte) Format {
	for i, c := range head {
		switch c {
		case ' ', '\t', '\r', '\n', 0xEF, 0xBB, 0xBF:
			continue
		case '<':
			return HTML
		case '[':
			return JSON
		case '{':
			// A "{" alone on its line opens an indented object.
			if rest := bytes.TrimLeft(head[i+1:], " \t"); len(rest) > 0 && (rest[0] == '\n' || rest[0] == '\r') {
				return JSON
			}
			return JSONL
		}
		return Text
	}
	return Text
}

// Unit is one page-sized piece of a file: the whole of a text or HTML file,
// or one record of a JSON or JSON Lines file. Parse runs on a worker.
type Unit struct {
	// Record is the 1-based line (JSON Lines) or array index (JSON) of the
	// record; 0 for a whole-file unit.
	Record int
	// Raw is the unit's bytes as read. It must not be modified: the lines
	// of a text page are strings into it.
	Raw []byte
	// Format is the format the unit was read as.
	Format Format
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

// Units streams the units of target t to fn, in file order.
func Units(t Target, opt Options, fn func(Unit) error) error {
	var r io.Reader
	if t.Path == Stdin {
		r = os.Stdin
	} else {
		f, err := os.Open(t.Path)
		if err != nil {
			return describe(err)
		}
		defer f.Close()
		r = f
	}
	br := bufio.NewReaderSize(r, 64<<10)
	format := FormatOf(t.Path)
	if opt.Format != nil {
		format = *opt.Format
	} else if t.Path == Stdin {
		head, _ := br.Peek(512)
		format = sniff(head)
	}
	switch format {
	case JSON, JSONL:
		return recordUnits(t.Path, br, format, opt, fn)
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
		return fn(Unit{Raw: data, Format: HTML, Parse: func() (*page.Page, error) { return ParseHTML(path, data, opt) }})
	}
	// The lines of a text page are strings into the bytes read, which no
	// one writes (see Unit.Raw): a page of 1 GB is not held twice.
	text := unsafe.String(unsafe.SliceData(data), len(data))
	return fn(Unit{Raw: data, Format: Text, Parse: func() (*page.Page, error) { return parseText(path, text), nil },
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
