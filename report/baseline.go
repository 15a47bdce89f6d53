package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"
)

// BaselineVersion is the version of the baseline file format.
const BaselineVersion = 1

// BaselineEntry is one accepted finding, or one accepted page-level gate
// failure, in a baseline file. Entries are keyed on the file, the rule (or
// gate check) and the line's normalised text, never on line numbers, so
// that edits elsewhere in a file do not turn known findings into new ones.
type BaselineEntry struct {
	// File is the input's path relative to the baseline file's directory,
	// with forward slashes.
	File string `json:"file"`
	Rule string `json:"rule,omitempty"`
	// Gate names a page-level check (max-noise-ratio, min-content-lines,
	// required-fields) the file is known to fail; Rule and Text are empty.
	Gate string `json:"gate,omitempty"`
	Text string `json:"text,omitempty"`
	// Count is how many lines of the file carry this finding (omitted for 1).
	Count int `json:"count,omitempty"`
}

type baselineFile struct {
	Version int             `json:"version"`
	Entries []BaselineEntry `json:"entries"`
}

type baselineKey struct{ file, rule, gate, text string }

// Baseline is a set of accepted findings. A gate with a baseline leaves
// them out of its pages and reports only new ones; entries that match
// nothing in a run are stale.
type Baseline struct {
	File string // the file it was read from
	dir  string // entry paths are relative to it

	mu      sync.Mutex
	left    map[baselineKey]int // matches still available in this run
	entries []BaselineEntry     // as read, in file order
	seen    map[string]bool     // files (entry paths) linted in this run
}

// LoadBaseline reads the baseline file at path.
func LoadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("baseline %s: no such file (record one with `newslint baseline -o %s PATH...`)", path, path)
		}
		return nil, fmt.Errorf("baseline: %w", err)
	}
	var bf baselineFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&bf); err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	if bf.Version != BaselineVersion {
		return nil, fmt.Errorf("baseline %s: version %d, want %d", path, bf.Version, BaselineVersion)
	}
	b := &Baseline{File: path, dir: filepath.Dir(path), left: map[baselineKey]int{}, entries: bf.Entries, seen: map[string]bool{}}
	for i, e := range bf.Entries {
		if e.File == "" || (e.Rule == "") == (e.Gate == "") {
			return nil, fmt.Errorf("baseline %s: entry %d: want a file and either a rule or a gate", path, i+1)
		}
		b.left[e.key()] += max(e.Count, 1)
	}
	return b, nil
}

func (e BaselineEntry) key() baselineKey {
	return baselineKey{e.File, e.Rule, e.Gate, NormText(e.Text)}
}

// filter splits the findings of the file at path into those the baseline
// does not hold and the number it holds.
func (b *Baseline) filter(path string, finds []Finding) ([]Finding, int) {
	file := baselinePath(b.dir, path)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seen[file] = true
	out := make([]Finding, 0, len(finds))
	known := 0
	for _, f := range finds {
		k := baselineKey{file: file, rule: f.RuleID(), text: NormText(f.Text)}
		if b.left[k] > 0 {
			b.left[k]--
			known++
			continue
		}
		out = append(out, f)
	}
	return out, known
}

// knows reports whether the baseline accepts the file at path failing check.
func (b *Baseline) knows(path, check string) bool {
	file := baselinePath(b.dir, path)
	k := baselineKey{file: file, gate: check}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seen[file] = true
	_, ok := b.left[k]
	if ok {
		b.left[k] = 0 // used: one entry covers every record of the file
	}
	return ok
}

// Stale returns the entries that matched nothing: entries of files linted in
// this run that no longer carry the finding (Count says how many of the
// recorded lines are gone), and entries of files that no longer exist.
func (b *Baseline) Stale() []BaselineEntry {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []BaselineEntry
	done := map[baselineKey]bool{}
	for _, e := range b.entries {
		k := e.key()
		if done[k] {
			continue
		}
		done[k] = true
		if !b.seen[e.File] {
			if _, err := os.Stat(filepath.Join(b.dir, filepath.FromSlash(e.File))); err == nil || e.File == "-" {
				continue // not linted in this run
			}
		}
		if n := b.left[k]; n > 0 {
			e.Count = 0 // one line, as in the baseline file
			if n > 1 {
				e.Count = n
			}
			out = append(out, e)
		}
	}
	return out
}

// baselinePath is path as written in a baseline file kept in dir.
func baselinePath(dir, path string) string {
	if path == "-" {
		return path
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	absDir, err := filepath.Abs(dir)
	if err == nil {
		if rel, err := filepath.Rel(absDir, abs); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(abs)
}

// NormText is a line's text as baselines and fingerprints compare it:
// Unicode NFC, runs of white space (no-break spaces included) as one space,
// no leading or trailing space.
func NormText(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// Fingerprint identifies a finding across runs: a hash of the file's path,
// the rule and the normalised line text, and the occurrence (0, 1, …) of
// that same text and rule in the file. It does not depend on line numbers.
func Fingerprint(path, rule, text string, occurrence int) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d", filepath.ToSlash(path), rule, NormText(text), occurrence)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// BaselineRecorder is a Writer that records every finding that reaches its
// page's fail level, and every page-level gate failure, as a baseline.
type BaselineRecorder struct {
	dir    string
	counts map[baselineKey]int
	// Findings and Gates count what was recorded.
	Findings, Gates int
}

// NewBaselineRecorder returns a recorder for a baseline file kept in dir.
func NewBaselineRecorder(dir string) *BaselineRecorder {
	return &BaselineRecorder{dir: dir, counts: map[baselineKey]int{}}
}

// Page implements Writer.
func (r *BaselineRecorder) Page(p *Page) error {
	file := baselinePath(r.dir, p.Path)
	for i := range p.Finds {
		f := &p.Finds[i]
		if f.Fails {
			r.counts[baselineKey{file: file, rule: f.RuleID(), text: NormText(f.Text)}]++
			r.Findings++
		}
	}
	for _, why := range p.Reasons {
		k := baselineKey{file: file, gate: why.Check}
		if why.Check != CheckFailLevel && r.counts[k] == 0 {
			r.counts[k] = 1
			r.Gates++
		}
	}
	return nil
}

// FileError implements Writer; files that cannot be read add nothing.
func (r *BaselineRecorder) FileError(path string, record int, err error) error { return nil }

// Close implements Writer; it does nothing (see Bytes).
func (r *BaselineRecorder) Close(*Totals) error { return nil }

// Bytes returns the baseline file: entries sorted by file, gate checks
// first, then rule and text, so that the file diffs well in review.
func (r *BaselineRecorder) Bytes() []byte {
	bf := baselineFile{Version: BaselineVersion, Entries: []BaselineEntry{}}
	for k, n := range r.counts {
		e := BaselineEntry{File: k.file, Rule: k.rule, Gate: k.gate, Text: k.text}
		if n > 1 {
			e.Count = n
		}
		bf.Entries = append(bf.Entries, e)
	}
	sort.Slice(bf.Entries, func(i, j int) bool {
		a, b := bf.Entries[i], bf.Entries[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if (a.Gate == "") != (b.Gate == "") {
			return a.Gate != ""
		}
		if a.Gate != b.Gate {
			return a.Gate < b.Gate
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Text < b.Text
	})
	return marshalIndent(bf)
}

// marshalIndent is json.MarshalIndent without HTML escaping, ending in a newline.
func marshalIndent(v any) []byte { return marshal(v, "  ") }

// marshalCompact is json.Marshal without HTML escaping, ending in a newline.
func marshalCompact(v any) []byte { return marshal(v, "") }

func marshal(v any, indent string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		panic(err) // only plain structs are encoded
	}
	return buf.Bytes()
}
