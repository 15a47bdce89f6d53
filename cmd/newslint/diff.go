package main

import (
	"io"

	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/internal/udiff"
	"github.com/newslint/newslint/runner"
)

// diffItem prints the diff of one input against its cleaned text (clean
// --diff). Text is compared as read, byte-order mark and line ends
// included, so the diff shows exactly what --write would change; HTML is
// compared as the text newslint reads from it.
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
	if format == input.HTML && it.Page.Part > 0 {
		cl.errorf("%s: clean --diff does not compare HTML longer than --max-page-lines", it.Target.Path)
		return nil
	}
	if format == input.HTML {
		raw, eol = it.Result.Page.Text()+"\n", "\n"
	}
	name := it.Target.Path
	d := udiff.Unified("a/"+name, "b/"+name, raw, string(cl.text(it.Result, eol)))
	if d == "" {
		return nil
	}
	cl.changed++
	_, err := io.WriteString(cl.stdout, d)
	return err
}
