package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/eval"
	"github.com/newslint/newslint/rules"
)

// LabelsSuffix ends the name of the labels file kept next to a corpus: the
// corpus directory news/ gets news.labels.jsonl beside it.
const LabelsSuffix = ".labels.jsonl"

// DefaultLabelsPath returns where the labels for a corpus given as paths
// are kept: next to the first path, named after it with LabelsSuffix
// ("news/" → "news.labels.jsonl", "page.txt" → "page.labels.jsonl").
func DefaultLabelsPath(paths []string) string {
	if len(paths) == 0 {
		return "corpus" + LabelsSuffix
	}
	p := filepath.Clean(paths[0])
	if b := filepath.Base(p); b == "." || b == ".." || b == string(filepath.Separator) {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
	}
	if st, err := os.Stat(p); err == nil && !st.IsDir() {
		p = strings.TrimSuffix(p, filepath.Ext(p))
	}
	return p + LabelsSuffix
}

// labelRecord is one record of a labels file, in the fields of eval's
// format (eval/FORMATS.md): page ID, 1-based line, the line's text, and
// "content" or "noise".
type labelRecord struct {
	Page  string `json:"page"`
	Line  int    `json:"line,omitempty"`
	Text  string `json:"text"`
	Label string `json:"label"`
	Note  string `json:"note,omitempty"`
}

// labelFile is a labels file held in memory while it is edited: its
// records and the lines that are not records (comments, blank lines) in
// file order, so that saving keeps what a person wrote.
type labelFile struct {
	path    string
	entries []labelEntry
	disk    []byte // the file as last read or written; nil when it does not exist
	dirty   bool
}

type labelEntry struct {
	raw string       // a comment or blank line, kept verbatim (rec == nil)
	rec *labelRecord // a record
}

// readLabels reads the labels file at path; a missing file is an empty one.
// The file is checked with eval.LoadLabels, so that what the server accepts
// is what newslint eval reads.
func readLabels(path string) (*labelFile, error) {
	lf := &labelFile{path: path}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return lf, nil
	}
	if err != nil {
		return nil, err
	}
	if _, err := eval.LoadLabels(path); err != nil {
		return nil, err
	}
	lf.disk = data
	sc := bufio.NewScanner(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	sc.Buffer(nil, len(data)+1)
	for sc.Scan() {
		raw := sc.Text()
		t := strings.TrimSpace(raw)
		if t == "" || t[0] == '#' {
			lf.entries = append(lf.entries, labelEntry{raw: raw})
			continue
		}
		rec := &labelRecord{}
		if err := json.Unmarshal([]byte(t), rec); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		lf.entries = append(lf.entries, labelEntry{rec: rec})
	}
	return lf, sc.Err()
}

// records returns the records for page id in file order.
func (lf *labelFile) records(id string) []*labelRecord {
	var out []*labelRecord
	for _, e := range lf.entries {
		if e.rec != nil && e.rec.Page == id {
			out = append(out, e.rec)
		}
	}
	return out
}

// count is the number of records.
func (lf *labelFile) count() int {
	n := 0
	for _, e := range lf.entries {
		if e.rec != nil {
			n++
		}
	}
	return n
}

// match pairs the records of one page with its scored lines: a record with
// a line number belongs to that line when the texts agree; a record
// without one to the first line with its text not yet taken. Records that
// match no line are stale (the page changed since they were written).
func match(recs []*labelRecord, vs []detect.Verdict) (byLine map[int]*labelRecord, stale []*labelRecord) {
	byLine = map[int]*labelRecord{}
	idx := make(map[int]int, len(vs)) // line number → verdict index
	for i := range vs {
		idx[vs[i].Num] = i
	}
	var unnumbered []*labelRecord
	for _, r := range recs {
		if r.Line == 0 {
			unnumbered = append(unnumbered, r)
			continue
		}
		i, ok := idx[r.Line]
		if !ok || collapse(vs[i].Text) != collapse(r.Text) || byLine[r.Line] != nil {
			stale = append(stale, r)
			continue
		}
		byLine[r.Line] = r
	}
	for _, r := range unnumbered {
		t := collapse(r.Text)
		found := false
		for i := range vs {
			if byLine[vs[i].Num] == nil && collapse(vs[i].Text) == t {
				byLine[vs[i].Num], found = r, true
				break
			}
		}
		if !found {
			stale = append(stale, r)
		}
	}
	return byLine, stale
}

// set labels line num of page id (whose scored lines are vs) as label:
// "content", "noise", or "" to remove the label.
func (lf *labelFile) set(id string, vs []detect.Verdict, num int, label string) error {
	var v *detect.Verdict
	for i := range vs {
		if vs[i].Num == num {
			v = &vs[i]
		}
	}
	if v == nil {
		return fmt.Errorf("page %q has no non-blank line %d", id, num)
	}
	switch label {
	case "", "content", "noise":
	default:
		return fmt.Errorf("label %q: want content or noise", label)
	}
	byLine, stale := match(lf.records(id), vs)
	rec := byLine[num]
	if rec == nil {
		// A stale record with this line number would clash with a new one.
		for _, r := range stale {
			if r.Line == num {
				rec = r
			}
		}
	}
	switch {
	case rec == nil && label == "":
		return nil
	case rec == nil:
		lf.entries = append(lf.entries, labelEntry{rec: &labelRecord{Page: id, Line: num, Text: strings.TrimSpace(v.Text), Label: label}})
	case label == "":
		lf.entries = slices.DeleteFunc(lf.entries, func(e labelEntry) bool { return e.rec == rec })
	default:
		rec.Label, rec.Text = label, strings.TrimSpace(v.Text)
		if rec.Line == 0 {
			rec.Line = num
		}
	}
	lf.dirty = true
	return nil
}

// header starts a labels file the server creates.
const header = `# Line labels written by newslint serve: one JSON object per line,
# {"page": ID, "line": N, "text": "...", "label": "content" | "noise"}.
# newslint eval and go test read them as gold.
`

// bytes returns the file's content as it will be saved.
func (lf *labelFile) bytes() []byte {
	var b bytes.Buffer
	if lf.disk == nil && len(lf.entries) > 0 {
		b.WriteString(header)
	}
	for _, e := range lf.entries {
		if e.rec == nil {
			b.WriteString(e.raw)
			b.WriteByte('\n')
			continue
		}
		r := e.rec
		fmt.Fprintf(&b, `{"page": %s, `, jsonString(r.Page))
		if r.Line > 0 {
			fmt.Fprintf(&b, `"line": %d, `, r.Line)
		}
		fmt.Fprintf(&b, `"text": %s, "label": %s`, jsonString(r.Text), jsonString(r.Label))
		if r.Note != "" {
			fmt.Fprintf(&b, `, "note": %s`, jsonString(r.Note))
		}
		b.WriteString("}\n")
	}
	return b.Bytes()
}

// jsonString quotes s as a JSON string, leaving <, > and & as they are.
func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// collapse replaces runs of white space with one space and trims the ends,
// as eval compares label texts.
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
	}), " ")
}

// LabelScore is how the current verdicts agree with the labels: a line
// labelled content is a true positive when kept and a false negative when
// dropped; one labelled noise a false positive when kept and a true negative
// when dropped (eval's Labels method).
type LabelScore struct {
	Labelled  int            `json:"labelled"`
	Stale     int            `json:"stale"` // records that match no line any more
	TP        int            `json:"tp"`
	FP        int            `json:"fp"`
	FN        int            `json:"fn"`
	TN        int            `json:"tn"`
	Precision float64        `json:"precision"`
	Recall    float64        `json:"recall"`
	F1        float64        `json:"f1"`
	Disagree  []Disagreement `json:"disagree"`
}

// Disagreement is a labelled line the rules get wrong.
type Disagreement struct {
	Page  string `json:"page"`
	Line  int    `json:"line"`
	Text  string `json:"text"`
	Label string `json:"label"` // the label given
	Got   string `json:"got"`   // the verdict
}

// scoreLabels scores the snapshot against the labels.
func scoreLabels(c *memCorpus, s *snapshot, lf *labelFile) LabelScore {
	var sc LabelScore
	pages := map[string][]*labelRecord{}
	for _, e := range lf.entries {
		if e.rec != nil {
			pages[e.rec.Page] = append(pages[e.rec.Page], e.rec)
		}
	}
	for i, d := range c.docs {
		recs := pages[d.ID]
		if len(recs) == 0 {
			continue
		}
		delete(pages, d.ID)
		vs := s.pages[i].Result.Verdicts
		byLine, stale := match(recs, vs)
		sc.Stale += len(stale)
		for j := range vs {
			v := &vs[j]
			r := byLine[v.Num]
			if r == nil {
				continue
			}
			sc.Labelled++
			kept := slices.Contains(s.set.Settings.Keep, v.Label)
			content := r.Label == "content"
			switch {
			case content && kept:
				sc.TP++
			case kept:
				sc.FP++
			case content:
				sc.FN++
			default:
				sc.TN++
			}
			if content != kept {
				sc.Disagree = append(sc.Disagree, Disagreement{Page: d.ID, Line: v.Num, Text: v.Text, Label: r.Label, Got: verdictName(v)})
			}
		}
	}
	for _, recs := range pages {
		sc.Stale += len(recs) // pages not in the corpus
	}
	if sc.TP+sc.FP > 0 {
		sc.Precision = float64(sc.TP) / float64(sc.TP+sc.FP)
	}
	if sc.TP+sc.FN > 0 {
		sc.Recall = float64(sc.TP) / float64(sc.TP+sc.FN)
	}
	if d := 2*sc.TP + sc.FP + sc.FN; d > 0 {
		sc.F1 = 2 * float64(sc.TP) / float64(d)
	}
	return sc
}

// labelsByLine returns the label given to each line of page i, by line number.
func labelsByLine(lf *labelFile, d *doc, vs []detect.Verdict) map[int]string {
	byLine, _ := match(lf.records(d.ID), vs)
	out := make(map[int]string, len(byLine))
	for n, r := range byLine {
		out[n] = r.Label
	}
	return out
}

// keptLabel reports whether label l is kept under set's settings.
func keptLabel(set *rules.Set, l rules.Label) bool { return slices.Contains(set.Settings.Keep, l) }
