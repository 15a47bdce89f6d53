package main

import (
	"io"

	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/internal/udiff"
	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/runner"
)

// diffItem prints the diff of one input against its cleaned text (clean
// --diff). Text is compared as read, byte-order mark and line ends
// included, so the diff shows exactly what --write would change; HTML is
// compared as the text newslint reads from it (all of it for a page
// scored in parts, at its last part), and so is each page of a WARC file.
func (cl *cleaner) diffItem(it *runner.Item, format input.Format) error {
	if format == input.JSON || format == input.JSONL {
		if it.First {
			cl.errorf("%s: clean --diff does not compare JSON records yet", it.Target.Path)
		}
		return nil
	}
	if it.Err != nil {
		cl.errorf("%v", it.Err)
		return nil
	}
	raw := string(it.Unit.Raw)
	eol := input.LineEnding(it.Unit.Raw)
	name := it.Target.Path
	switch format {
	case input.HTML:
		raw, eol = cl.pageText(it), "\n"
	case input.WARC:
		if it.Unit.Parse == nil {
			return nil // a WARC file without pages
		}
		// Each page against its cleaned text, named as findings name it.
		raw, eol = cl.pageText(it), "\n"
		name = report.Where(name, it.Unit.Record, it.Unit.Name)
	}
	d := udiff.Unified("a/"+name, "b/"+name, raw, string(cl.text(it.Result, eol)))
	if d == "" {
		return nil
	}
	cl.changed++
	_, err := io.WriteString(cl.stdout, d)
	return err
}

// pageText is the text read from the page of it, an HTML page or a WARC
// file's, with a final line break: that of every part of a page scored in
// parts (see gatherParts).
func (cl *cleaner) pageText(it *runner.Item) string {
	if cl.joinedText != nil {
		return string(cl.joinedText)
	}
	return it.Result.Page.Text() + "\n"
}
