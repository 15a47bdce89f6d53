// Package server is newslint's local web application for tuning rules
// interactively (`newslint serve`): a corpus view, a page view with every
// line's verdict, a rules.yaml editor whose "apply" re-scores the whole
// corpus in memory and shows what changed, and line labelling saved as gold
// for newslint eval and the test suite.
//
// The server keeps every page parsed in memory and re-scores all of them on
// every core after an edit. It writes two files only, the rules file and the
// labels file, only when asked to save, atomically, keeping the previous
// version as <file>.bak. Requests whose Host or Origin is not the served
// address are refused (see Guard).
package server

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"sync"
	"time"

	"github.com/newslint/newslint/atomicfile"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/rules"
)

//go:embed assets
var assetFS embed.FS

// Config says what a Server serves.
type Config struct {
	// Paths are the files and directories of the corpus.
	Paths []string
	// Walk selects the files read from directories; no Extensions means
	// those of the rules file's settings.
	Walk input.WalkOptions
	// Read tunes how files are read.
	Read input.Options
	// RulesPath is the rules file edited and saved. It need not exist: it is
	// created by the first save.
	RulesPath string
	// LabelsPath is the labels file; "" is DefaultLabelsPath(Paths).
	LabelsPath string
	// Workers score pages in parallel; 0 is one per CPU.
	Workers int
	// Site names the site of a page whose input names none, and Corpus
	// turns on corpus mode, as in runner.Config.
	Site   func(input.Target) string
	Corpus bool
}

// NewRulesFile is the content of a rules file that does not exist yet: it
// extends the built-in rules and changes nothing.
const NewRulesFile = `# Rules for this corpus. They extend the built-in rules: a rule with a new
# id is added; a rule with an existing id changes only the keys given here
# (- id: share-button / enabled: false switches one off). See README.md.
version: 1
extends: default
rules: []
`

// Server holds the corpus, the rule versions it was scored with and the
// labels being edited. Its methods are safe for concurrent use.
type Server struct {
	cfg    Config
	corpus *memCorpus

	mu sync.Mutex
	// rulesDisk is the rules file as last read or written; nil if it does not exist.
	rulesDisk []byte
	// loadProblems are the errors of the rules file on disk, when it could
	// not be parsed (the built-in rules are then in effect until an apply).
	loadProblems []Problem
	saved        *snapshot // the rules file on disk (or the defaults)
	prev         *snapshot // before the last apply
	cur          *snapshot // applied: what the views show
	labels       *labelFile
	lastApply    Timing
	// fitting is held while a fit runs (without mu, but for its start and end).
	fitting sync.Mutex
}

// Timing is how long the steps of the last apply took, in milliseconds.
type Timing struct {
	ParseMS   float64 `json:"parseMs"`
	ScoreMS   float64 `json:"scoreMs"`
	CompareMS float64 `json:"compareMs"`
	TotalMS   float64 `json:"totalMs"`
	Pages     int     `json:"pages"`
}

// New reads the rules file, the corpus and the labels, and scores the corpus.
func New(cfg Config) (*Server, error) {
	if cfg.RulesPath == "" {
		return nil, errors.New("server: no rules file path")
	}
	if cfg.LabelsPath == "" {
		cfg.LabelsPath = DefaultLabelsPath(cfg.Paths)
	}
	s := &Server{cfg: cfg}
	text := []byte(NewRulesFile)
	data, err := os.ReadFile(cfg.RulesPath)
	switch {
	case err == nil:
		s.rulesDisk, text = data, data
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	set, err := rules.Parse(text, cfg.RulesPath)
	if err != nil {
		s.loadProblems = problems(err, cfg.RulesPath)
		if set, err = rules.Default(); err != nil {
			return nil, err
		}
	}
	walk := cfg.Walk
	if len(walk.Extensions) == 0 {
		walk.Extensions = set.Settings.Extensions
	}
	s.corpus, err = loadCorpus(cfg.Paths, reading{walk: walk, read: cfg.Read, site: cfg.Site, corpusMode: cfg.Corpus,
		skip: []string{cfg.RulesPath, cfg.LabelsPath}, workers: cfg.Workers})
	if err != nil {
		return nil, err
	}
	if s.labels, err = readLabels(cfg.LabelsPath); err != nil {
		return nil, err
	}
	if s.loadProblems != nil {
		text = nil // nothing valid applied: the editor still shows the file
	}
	s.saved = score(s.corpus, text, set, cfg.Workers)
	s.cur = s.saved
	return s, nil
}

// Pages returns the number of pages served.
func (s *Server) Pages() int { return len(s.corpus.docs) }

// Errors returns the files and records that could not be read.
func (s *Server) Errors() []string { return s.corpus.errs }

// LabelsPath returns the labels file the server reads and writes.
func (s *Server) LabelsPath() string { return s.cfg.LabelsPath }

// Apply parses text as the rules file, re-scores the corpus with it without
// writing anything, and returns what changed against base ("previous": the
// rules applied before; "saved": the rules file on disk).
func (s *Server) Apply(text []byte, base string) (*Changes, []Problem, Timing) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.apply(text, base)
}

func (s *Server) apply(text []byte, base string) (*Changes, []Problem, Timing) {
	start := time.Now()
	var tm Timing
	set, err := rules.Parse(text, s.cfg.RulesPath)
	if err != nil {
		return nil, problems(err, s.cfg.RulesPath), tm
	}
	tm.ParseMS = ms(time.Since(start))
	snap := rescore(s.corpus, s.cur, bytes.Clone(text), set, s.cfg.Workers)
	tm.ScoreMS = ms(snap.took)
	s.prev, s.cur = s.cur, snap
	t := time.Now()
	ch := s.changes(base)
	tm.CompareMS = ms(time.Since(t))
	tm.TotalMS = ms(time.Since(start))
	tm.Pages = len(s.corpus.docs)
	s.lastApply = tm
	return ch, nil, tm
}

func ms(d time.Duration) float64 { return math.Round(float64(d.Microseconds())/10) / 100 }

// changes compares the applied rules with base.
func (s *Server) changes(base string) *Changes {
	before := s.prev
	if base == "saved" {
		before = s.saved
	} else {
		base = "previous"
	}
	if before == nil {
		before = s.cur
	}
	return compare(s.corpus, before, s.cur, base)
}

// base returns the snapshot named by base.
func (s *Server) base(base string) *snapshot {
	if base == "saved" || s.prev == nil {
		return s.saved
	}
	return s.prev
}

// errConflict is returned when a file changed on disk since it was read.
var errConflict = errors.New("changed on disk since newslint serve read it")

// SaveRules writes text as the rules file, atomically, keeping the previous
// version as <file>.bak, and applies it. Text that does not parse is not
// written. Unless force is set, a file changed on disk by someone else is
// not overwritten (errConflict).
func (s *Server) SaveRules(text []byte, force bool) ([]Problem, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	set, err := rules.Parse(text, s.cfg.RulesPath)
	if err != nil {
		return problems(err, s.cfg.RulesPath), nil
	}
	if err := s.writeFile(s.cfg.RulesPath, text, s.rulesDisk, force); err != nil {
		return nil, err
	}
	s.rulesDisk = bytes.Clone(text)
	s.loadProblems = nil
	if s.cur == nil || !bytes.Equal(s.cur.text, text) {
		s.prev, s.cur = s.cur, rescore(s.corpus, s.cur, bytes.Clone(text), set, s.cfg.Workers)
	}
	s.saved = s.cur
	return nil, nil
}

// writeFile writes data to path atomically after copying the current
// content to path.bak. disk is the content the server last saw there.
func (s *Server) writeFile(path string, data, disk []byte, force bool) error {
	old, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if disk != nil && !force {
			return fmt.Errorf("%s: %w (it was removed)", path, errConflict)
		}
		return atomicfile.Write(path, data, 0o644)
	case err != nil:
		return err
	}
	if !force && !bytes.Equal(old, disk) {
		return fmt.Errorf("%s: %w", path, errConflict)
	}
	if bytes.Equal(old, data) {
		return nil
	}
	if err := atomicfile.Write(path+".bak", old, 0o644); err != nil {
		return err
	}
	return atomicfile.Write(path, data, 0o644)
}

// Label labels line num of page id as "content" or "noise" ("" removes
// the label), in memory; SaveLabels writes the file.
func (s *Server) Label(id string, num int, label string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.index(id)
	if !ok {
		return errNotFound
	}
	return s.labels.set(id, s.cur.pages[i].Result.Verdicts, num, label)
}

// SaveLabels writes the labels file atomically, keeping the previous
// version as <file>.bak.
func (s *Server) SaveLabels(force bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	data := s.labels.bytes()
	if err := s.writeFile(s.cfg.LabelsPath, data, s.labels.disk, force); err != nil {
		return err
	}
	s.labels.disk, s.labels.dirty = data, false
	return nil
}

var errNotFound = errors.New("no such page")

func (s *Server) index(id string) (int, bool) {
	d := s.corpus.byID[id]
	if d == nil {
		return 0, false
	}
	for i, x := range s.corpus.docs {
		if x == d {
			return i, true
		}
	}
	return 0, false
}
