package input

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/newslint/newslint/jsonrec"
	"github.com/newslint/newslint/page"
)

// recordUnits sends fn one unit per record of a JSON Lines file (streamed:
// one line in memory at a time, blank lines skipped) or of a JSON document
// (read whole: an object is one record, an array one per element).
func recordUnits(path string, r io.Reader, f Format, opt Options, fn func(Unit) error) error {
	if f == JSONL {
		lines := jsonrec.NewLines(r)
		for {
			raw, n, err := lines.Next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s:%d: %w", path, n, err)
			}
			if err := fn(recordUnit(recordPos{path: path, record: n, line: n}, raw, JSONL, opt)); err != nil {
				return err
			}
		}
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > MaxFileSize {
		return fmt.Errorf("%s: larger than %d bytes; write it as JSON Lines (one record per line), which is streamed", path, MaxFileSize)
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	elems, err := jsonrec.Split(data)
	if err != nil {
		var se *jsonrec.SyntaxError
		if errors.As(err, &se) {
			line, col := jsonrec.Position(data, se.Offset)
			return fmt.Errorf("%s:%d:%d: %w", path, line, col, err)
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	for _, e := range elems {
		pos := recordPos{path: path, record: e.Index, line: e.Line, inArray: e.Index > 0}
		if err := fn(recordUnit(pos, e.Raw, JSON, opt)); err != nil {
			return err
		}
	}
	return nil
}

// recordPos is where a record is in its file.
type recordPos struct {
	path    string
	record  int // Page.Record: the JSON Lines line, the array index, or 0
	line    int // the file line the record starts on
	inArray bool
}

// errorf returns an error that names the record: path:line (and the index
// in a JSON array).
func (p recordPos) errorf(format string, args ...any) error {
	where := fmt.Sprintf("%s:%d: ", p.path, p.line)
	if p.inArray {
		where = fmt.Sprintf("%s:%d (record %d): ", p.path, p.line, p.record)
	}
	return fmt.Errorf(where+format, args...)
}

// ParseRecord turns one JSON Lines record, the line numbered line of the
// file at path, into a page exactly as reading the file does: its text
// field (opt.Field, else the first of jsonrec.TextFields) split into lines
// or rendered as HTML, its other fields as page evidence. Errors name
// path:line. Pipelines that read records themselves (Apache Beam, Spark)
// call it once per record.
func ParseRecord(path string, line int, raw []byte, opt Options) (*page.Page, error) {
	return parseRecord(recordPos{path: path, record: line, line: line}, raw, opt)
}

func recordUnit(pos recordPos, raw []byte, f Format, opt Options) Unit {
	return Unit{Record: pos.record, Raw: raw, Format: f, FileFormat: f, Parse: func() (*page.Page, error) {
		return parseRecord(pos, raw, opt)
	}}
}

// parseRecord turns one record into a page: its text field split into lines
// (or rendered, if it holds HTML), its other fields as page evidence. Every
// line's SourceLine is the record's line.
func parseRecord(pos recordPos, raw []byte, opt Options) (*page.Page, error) {
	rec, err := jsonrec.Parse(raw)
	if err != nil {
		var se *jsonrec.SyntaxError
		if errors.As(err, &se) {
			line, col := jsonrec.Position(raw, se.Offset)
			return nil, fmt.Errorf("%s:%d:%d: %w", pos.path, pos.line+line-1, col, err)
		}
		return nil, pos.errorf("%v", err)
	}
	f, err := rec.TextField(opt.Field)
	switch {
	case err != nil && opt.Field == "":
		return nil, pos.errorf("%v; name the text field with --field", err)
	case err != nil:
		return nil, pos.errorf("%v (--field %s)", err, opt.Field)
	}
	text := rec.String(f)
	meta := rec.Meta(f)
	var p *page.Page
	if looksLikeHTML(text) {
		hopt := opt
		hopt.URL = meta.URL
		if hp, err := ParseHTML(pos.path, []byte(text), hopt); err == nil && hp != nil {
			p = hp
			p.Path = pos.path
			mergeMeta(&p.Meta, meta)
		}
	}
	if p == nil {
		p = &page.Page{Path: pos.path, Meta: meta}
		p.Lines = SplitLines(text, nil)
	}
	p.Record = pos.record
	for i := range p.Lines {
		p.Lines[i].SourceLine = pos.line
	}
	return p, nil
}

// mergeMeta sets the fields of dst that rec has: what the record says
// beats what the HTML in its text field says.
func mergeMeta(dst *page.Meta, rec page.Meta) {
	for _, f := range []struct {
		dst *string
		v   string
	}{
		{&dst.Title, rec.Title}, {&dst.URL, rec.URL}, {&dst.Site, rec.Site}, {&dst.Lang, rec.Lang},
		{&dst.Byline, rec.Byline}, {&dst.Published, rec.Published}, {&dst.SiteName, rec.SiteName},
	} {
		if f.v != "" {
			*f.dst = f.v
		}
	}
}

// looksLikeHTML reports whether a text field holds markup: it starts with a
// tag (or a doctype or comment) and holds an end tag, a self-closing tag or
// a <br>.
func looksLikeHTML(s string) bool {
	s = strings.TrimLeft(s, " \t\r\n\ufeff")
	if len(s) < 3 || s[0] != '<' {
		return false
	}
	if c := s[1] | 0x20; !(c >= 'a' && c <= 'z' || s[1] == '!') {
		return false
	}
	if strings.IndexByte(s, '>') < 0 {
		return false
	}
	head := s[:min(len(s), 1<<16)]
	return strings.Contains(head, "</") || strings.Contains(head, "/>") || strings.Contains(strings.ToLower(head), "<br")
}
