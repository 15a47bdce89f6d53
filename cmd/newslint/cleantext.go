package main

import (
	"github.com/newslint/newslint/clean"
	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/runner"
)

// text returns the cleaned text of res as the clean flags ask for it; for
// the last part of a page scored in parts, that of the whole page (see
// gatherParts).
func (cl *cleaner) text(res *detect.Result, eol string) []byte {
	if cl.joined != nil {
		return cl.joined
	}
	return clean.Render(res, cl.options(eol))
}

func (cl *cleaner) options(eol string) clean.Options {
	return clean.Options{Keep: cl.keep, EOL: eol, FixEncoding: cl.fixEncoding, DropUncertain: cl.dropUncertain}
}

// gatherParts takes the part of a page scored in parts that it holds: it
// reports false until the page's last part, whose item then goes on as if
// it were the whole page, cl.text returning the cleaned text of all parts
// (and cl.pageText the text read, cl.verdict the gate verdict).
func (cl *cleaner) gatherParts(it *runner.Item, format input.Format) bool {
	p := it.Page
	if p.Part == 1 {
		eol := "\n" // JSON records, and the text read from HTML by --diff
		if format == input.Text || format == input.HTML && !cl.diff {
			eol = input.LineEnding(it.Unit.Raw)
		}
		cl.parts = &clean.Joiner{Options: cl.options(eol)}
	}
	if cl.parts == nil {
		return false // an earlier part went wrong
	}
	cl.parts.Add(it.Result)
	if cl.diff && (format == input.HTML || format == input.WARC) {
		// --diff compares the page's text too: the parts' lines, each
		// part's after the one before.
		if p.Part == 1 {
			cl.partsText = cl.partsText[:0]
		}
		cl.partsText = append(append(cl.partsText, p.Text()...), '\n')
	}
	if cl.gateField != "" && (format == input.JSON || format == input.JSONL) {
		if p.Part == 1 {
			cl.partsGate = &report.Page{}
		}
		joinGate(cl.partsGate, report.NewPage(it.Result, cl.gate))
	}
	if p.Part < p.Parts {
		return false
	}
	cl.joined = cl.parts.Text()
	if cl.joined == nil {
		cl.joined = []byte{}
	}
	if cl.diff && (format == input.HTML || format == input.WARC) {
		cl.joinedText = cl.partsText
	}
	cl.joinedGate, cl.partsGate = cl.partsGate, nil
	cl.parts = nil
	return true
}
