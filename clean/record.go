package clean

import (
	"bytes"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/jsonrec"
)

// RecordOptions say what the cleaned text of a JSON record holds and where
// it goes.
type RecordOptions struct {
	Options
	// Field is the dotted path of the text field ("" finds it among
	// jsonrec.TextFields), as the record was read with.
	Field string
	// AddField, if set, names a top-level field that gets the cleaned text;
	// the text field is left as it is.
	AddField string
}

// Record returns the JSON record raw, from which res was scored, with the
// cleaned text of res in its text field (or in opt.AddField). Every other
// byte of the record is kept. The cleaned text ends with a line break only
// if the text it replaces did. The error is that of jsonrec.Parse or
// Record.TextField: the record could not have been scored.
func Record(raw []byte, res *detect.Result, opt RecordOptions) ([]byte, error) {
	o := opt.Options
	o.EOL = "\n"
	return RecordText(raw, Render(res, o), opt)
}

// RecordText is Record for cleaned text already rendered, with "\n" line
// ends (opt.Options are not used): the text of a page scored in parts, as
// a Joiner gives it.
func RecordText(raw, text []byte, opt RecordOptions) ([]byte, error) {
	rec, err := jsonrec.Parse(raw)
	if err != nil {
		return nil, err
	}
	f, err := rec.TextField(opt.Field)
	if err != nil {
		return nil, err
	}
	if !endsWithNewline(raw[f.Start:f.End]) {
		text = bytes.TrimSuffix(text, []byte("\n"))
	}
	if opt.AddField != "" {
		return rec.Set(opt.AddField, string(text)), nil
	}
	return rec.Replace(f, string(text)), nil
}

// endsWithNewline reports whether a JSON string token ends with an escaped
// line feed (\n, not \\n).
func endsWithNewline(tok []byte) bool {
	if !bytes.HasSuffix(tok, []byte(`\n"`)) {
		return false
	}
	n := 0
	for i := len(tok) - 3; i >= 0 && tok[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}
