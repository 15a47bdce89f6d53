package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"

	"github.com/newslint/newslint/atomicfile"
	"github.com/newslint/newslint/clean"
	"github.com/newslint/newslint/compression"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/jsonrec"
	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/runner"
)

// recordOut is the cleaned copy of a JSON or JSON Lines file being written,
// one record at a time.
type recordOut struct {
	file    *atomicfile.File // nil for standard output
	zw      io.WriteCloser   // compresses into file, as its name says
	dst     string           // the file's path, for messages
	buf     *bufio.Writer
	w       *jsonrec.Writer
	changed bool // a record differs from the input
	skip    bool // there is no output: the file's items are only checked
	warc    bool // the records are the pages of a WARC file
}

// record writes one item of a JSON or JSON Lines file read as format: the
// record with its text cleaned, or as it was read if it could not be
// parsed (the error is reported and makes the exit code 2). The output is
// opened at the file's first item and put in place at its last.
func (cl *cleaner) record(it *runner.Item, format input.Format) error {
	if it.Err != nil && it.Unit.Raw == nil {
		// The file could not be read, or not to its end: a partial output
		// must replace nothing.
		cl.errorf("%v", it.Err)
		return cl.endRecords(false)
	}
	if cl.rec == nil {
		array := format == input.JSON && (it.Unit.Record > 0 || it.Unit.Raw == nil)
		cl.rec = cl.openRecords(it.Target, format, array)
	}
	out := cl.rec
	if raw := it.Unit.Raw; raw != nil {
		if it.Err != nil {
			cl.errorf("%v; the record is copied unchanged", it.Err)
		} else {
			raw = cl.cleanRecord(it)
			out.changed = out.changed || !bytes.Equal(raw, it.Unit.Raw)
		}
		if !out.skip {
			if err := out.w.Write(raw); err != nil {
				if out.file == nil {
					return err // standard output is gone: stop
				}
				cl.errorf("%s: %v", out.dst, err)
				out.abort()
			} else if cl.stream && out.file == nil {
				if err := out.buf.Flush(); err != nil {
					return err // standard output is gone: stop
				}
			}
		}
	}
	if it.Last {
		return cl.endRecords(true)
	}
	return nil
}

// abort drops the output file after an error: nothing is put in place.
func (out *recordOut) abort() {
	if out.zw != nil {
		out.zw.Close()
	}
	out.file.Abort()
	out.skip = true
}

// openRecords starts the output of target t.
func (cl *cleaner) openRecords(t input.Target, format input.Format, array bool) *recordOut {
	dst, err := cl.destination(t, format)
	if err != nil {
		cl.errorf("%v", err)
		return &recordOut{skip: true}
	}
	out := &recordOut{}
	w := cl.stdout
	if dst != "" {
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			cl.errorf("%v", err)
			return &recordOut{skip: true}
		}
		if out.file, err = atomicfile.Create(dst, 0o644); err != nil {
			cl.errorf("%v", err)
			return &recordOut{skip: true}
		}
		kind, _ := compression.Split(dst)
		if out.zw, err = compression.NewWriter(kind, out.file); err != nil {
			out.file.Abort()
			cl.errorf("%s: %v", dst, err)
			return &recordOut{skip: true}
		}
		w, out.dst = out.zw, dst
	}
	out.buf = bufio.NewWriterSize(w, 256<<10)
	out.w = jsonrec.NewWriter(out.buf, array)
	return out
}

// endRecords finishes the current output: complete is false when the file
// was not read to its end, and then a file output is dropped. With --write,
// an input none of whose records changed is left alone.
func (cl *cleaner) endRecords(complete bool) error {
	out := cl.rec
	cl.rec = nil
	if out == nil || out.skip {
		return nil
	}
	var err error
	if complete {
		err = out.w.Close()
	}
	if err == nil {
		err = out.buf.Flush()
	}
	if out.file == nil {
		return err
	}
	if cerr := out.zw.Close(); err == nil {
		err = cerr
	}
	switch {
	case err != nil:
		out.file.Abort()
		cl.errorf("%s: %v", out.dst, err)
	case !complete || cl.write && !out.changed:
		out.file.Abort()
	default:
		if err := out.file.Commit(); err != nil {
			cl.errorf("%v", err)
		}
	}
	return nil
}

// cleanRecord returns the record of it with its cleaned text in the text
// field, or in the --add-field field (see clean.Record), and with its gate
// verdict in the --gate-field field.
//
// For the last part of a page scored in parts, the text is that of all its
// parts and the verdict the page's (see gatherParts).
func (cl *cleaner) cleanRecord(it *runner.Item) []byte {
	opt := clean.RecordOptions{
		Options: clean.Options{Keep: cl.keep, FixEncoding: cl.fixEncoding, DropUncertain: cl.dropUncertain},
		Field:   cl.field, AddField: cl.addField,
	}
	var out []byte
	var err error
	if cl.joined != nil {
		out, err = clean.RecordText(it.Unit.Raw, cl.joined, opt)
	} else {
		out, err = clean.Record(it.Unit.Raw, it.Result, opt)
	}
	if err != nil { // the worker parsed it already: no error
		return it.Unit.Raw
	}
	if cl.gateField != "" {
		rec, err := jsonrec.Parse(out)
		if err != nil {
			return out
		}
		out = rec.SetRaw(cl.gateField, gateVerdict(cl.verdict(it)))
	}
	return out
}

// verdict is the gate's verdict on the page of it: for the last part of a
// page scored in parts, that of all its parts.
func (cl *cleaner) verdict(it *runner.Item) *report.Page {
	if cl.joinedGate != nil {
		return cl.joinedGate
	}
	return report.NewPage(it.Result, cl.gate)
}

// joinGate adds part, the gate's verdict on a part of a page scored in
// parts, to sum, that on the parts before: the page fails when a part
// does, for each of the parts' reasons (the first part's says the page was
// scored in parts), and its summary is that of all its parts.
func joinGate(sum, part *report.Page) {
	sum.Failed = sum.Failed || part.Failed
	for _, r := range part.Reasons {
		if !slices.Contains(sum.Reasons, r) {
			sum.Reasons = append(sum.Reasons, r)
		}
	}
	sum.Summary.Add(&part.Summary)
}

// gateVerdict is the JSON value of --gate-field: whether the page fails
// the gate, why, and its noise ratio and quality.
func gateVerdict(p *report.Page) []byte {
	reasons := make([]string, len(p.Reasons))
	for i, r := range p.Reasons {
		reasons[i] = r.Message
	}
	v, _ := json.Marshal(struct {
		Fail       bool     `json:"fail"`
		Reasons    []string `json:"reasons,omitempty"`
		NoiseRatio float64  `json:"noise_ratio"`
		Quality    float64  `json:"quality"`
	}{p.Failed, reasons, round3(p.Summary.NoiseRatio), round3(p.Summary.Quality)})
	return v
}

// warcPage is a page of a WARC file as clean writes it: one JSON Lines
// record per page.
type warcPage struct {
	URL   string `json:"url"`
	Date  string `json:"date"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// warcPage writes one item of a WARC file: the page as a JSON Lines record
// holding its URL, capture date, title and cleaned text (what clean gives
// for the same HTML as a file). A page that could not be read is reported
// and left out; the exit code is 2. The output is opened at the file's
// first item and put in place at its last.
func (cl *cleaner) warcPage(it *runner.Item) error {
	if it.Err != nil && it.Unit.Parse == nil {
		// The file could not be read, or not to its end: a partial output
		// must replace nothing.
		cl.errorf("%v", it.Err)
		return cl.endRecords(false)
	}
	if cl.rec == nil {
		cl.rec = cl.openRecords(it.Target, input.WARC, false)
		cl.rec.warc = true
	}
	out := cl.rec
	switch {
	case it.Err != nil:
		cl.errorf("%v; the page is left out", it.Err)
	case it.Unit.Parse != nil && !out.skip:
		pg := it.Result.Page
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		err := enc.Encode(warcPage{URL: it.Unit.Name, Date: it.Unit.Date, Title: pg.Meta.Title, Text: string(cl.text(it.Result, "\n"))})
		if err == nil {
			err = out.w.Write(b.Bytes())
		}
		if err != nil {
			if out.file == nil {
				return err // standard output is gone: stop
			}
			cl.errorf("%s: %v", out.dst, err)
			out.abort()
		}
	}
	if it.Last {
		return cl.endRecords(true)
	}
	return nil
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
