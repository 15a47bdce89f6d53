package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"math"
	"net/http"
	"sort"
	"strings"

	"github.com/newslint/newslint"
	"github.com/newslint/newslint/clean"
	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/rules"
)

// Handler returns the application's HTTP handler, guarded so that only
// requests addressed to one of hosts (host:port, as the browser writes it
// in the address bar) are served; see Guard.
func (s *Server) Handler(hosts ...string) http.Handler {
	mux := http.NewServeMux()
	sub, _ := fs.Sub(assetFS, "assets")
	files := http.FileServer(http.FS(sub))
	mux.Handle("GET /assets/", http.StripPrefix("/assets/", files))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		data, _ := fs.ReadFile(sub, "index.html")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(data)
	})
	mux.HandleFunc("GET /api/state", s.handleState)
	mux.HandleFunc("GET /api/corpus", s.handleCorpus)
	mux.HandleFunc("GET /api/page", s.handlePage)
	mux.HandleFunc("GET /api/changes", s.handleChanges)
	mux.HandleFunc("GET /api/diff", s.handleDiff)
	mux.HandleFunc("POST /api/check", s.handleCheck)
	mux.HandleFunc("POST /api/apply", s.handleApply)
	mux.HandleFunc("POST /api/fit", s.handleFit)
	mux.HandleFunc("POST /api/save", s.handleSave)
	mux.HandleFunc("POST /api/label", s.handleLabel)
	mux.HandleFunc("POST /api/labels/save", s.handleSaveLabels)
	return Guard(mux, hosts...)
}

// maxBody bounds a request body (the rules file being the largest).
const maxBody = 4 << 20

func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "bad request: "+err.Error())
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

type stateJSON struct {
	RulesPath   string     `json:"rulesPath"`
	RulesExists bool       `json:"rulesExists"`
	RulesText   string     `json:"rulesText"` // as applied, or as on disk when that does not parse
	RulesSaved  string     `json:"rulesSaved"`
	Problems    []Problem  `json:"problems"`
	Defaults    string     `json:"defaults"`
	LabelsPath  string     `json:"labelsPath"`
	LabelsCount int        `json:"labelsCount"`
	LabelsDirty bool       `json:"labelsDirty"`
	Score       LabelScore `json:"score"`
	Pages       int        `json:"pages"`
	Errors      []string   `json:"errors"`
	ScoreMS     float64    `json:"scoreMs"`
	LastApply   Timing     `json:"lastApply"`
	Keep        []string   `json:"keep"`
	Categories  []string   `json:"categories"`
}

func (s *Server) handleState(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := stateJSON{
		RulesPath: s.cfg.RulesPath, RulesExists: s.rulesDisk != nil, RulesText: string(s.cur.text),
		RulesSaved: string(s.rulesDisk), Problems: s.loadProblems, Defaults: string(newslint.DefaultRules),
		LabelsPath: s.cfg.LabelsPath, LabelsCount: s.labels.count(), LabelsDirty: s.labels.dirty,
		Score: scoreLabels(s.corpus, s.cur, s.labels), Pages: len(s.corpus.docs), Errors: s.corpus.errs,
		ScoreMS: ms(s.cur.took), LastApply: s.lastApply,
	}
	if s.rulesDisk == nil {
		st.RulesSaved = NewRulesFile
	}
	if s.loadProblems != nil {
		st.RulesText = string(s.rulesDisk)
	}
	for _, l := range s.cur.set.Settings.Keep {
		st.Keep = append(st.Keep, l.String())
	}
	for c := range rules.Categories {
		st.Categories = append(st.Categories, c)
	}
	sort.Strings(st.Categories)
	writeJSON(w, http.StatusOK, st)
}

type ruleHits struct {
	ID string `json:"id"`
	N  int    `json:"n"`
}

type corpusPage struct {
	ID         string     `json:"id"`
	Path       string     `json:"path"`
	Site       string     `json:"site"`
	Format     string     `json:"format"`
	Lines      int        `json:"lines"`
	Content    int        `json:"content"`
	Noise      int        `json:"noise"`
	NoiseRatio float64    `json:"noiseRatio"`
	Quality    float64    `json:"quality"`
	Failed     bool       `json:"failed"`
	Reasons    []string   `json:"reasons"`
	Top        []ruleHits `json:"top"`
	Labelled   int        `json:"labelled"`
}

func (s *Server) handleCorpus(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	labelled := map[string]int{}
	for _, e := range s.labels.entries {
		if e.rec != nil {
			labelled[e.rec.Page]++
		}
	}
	out := make([]corpusPage, len(s.corpus.docs))
	for i, d := range s.corpus.docs {
		p := s.cur.pages[i]
		cp := corpusPage{ID: d.ID, Path: d.Path, Site: d.Group, Format: d.Format.String(),
			Lines: p.Summary.Lines, Content: p.Summary.Content, Noise: p.Summary.Noise,
			NoiseRatio: round3(p.Summary.NoiseRatio), Quality: round3(p.Summary.Quality),
			Failed: p.Failed, Reasons: reasons(p), Labelled: labelled[d.ID]}
		for id, n := range p.Summary.Rules {
			cp.Top = append(cp.Top, ruleHits{id, n})
		}
		sort.Slice(cp.Top, func(i, j int) bool {
			if cp.Top[i].N != cp.Top[j].N {
				return cp.Top[i].N > cp.Top[j].N
			}
			return cp.Top[i].ID < cp.Top[j].ID
		})
		if len(cp.Top) > 3 {
			cp.Top = cp.Top[:3]
		}
		out[i] = cp
	}
	writeJSON(w, http.StatusOK, map[string]any{"pages": out})
}

// reasons returns why the page fails its gate, as messages.
func reasons(p *report.Page) []string {
	var out []string
	for _, r := range p.Reasons {
		out = append(out, r.Message)
	}
	return out
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

type hitJSON struct {
	Rule  string  `json:"rule"`
	Delta float64 `json:"delta"`
}

type lineJSON struct {
	Num      int            `json:"num"`
	Text     string         `json:"text"`
	Blank    bool           `json:"blank,omitempty"`
	Label    string         `json:"label,omitempty"`
	Category string         `json:"category,omitempty"`
	Score    float64        `json:"score"`
	Kept     bool           `json:"kept"`
	Hits     []hitJSON      `json:"hits,omitempty"`
	Features map[string]any `json:"features,omitempty"`
	Source   int            `json:"source,omitempty"`
	DOM      *domJSON       `json:"dom,omitempty"`
	Gold     string         `json:"gold,omitempty"`
}

type domJSON struct {
	Path        string   `json:"path"`
	Hints       []string `json:"hints,omitempty"`
	LinkDensity float64  `json:"linkDensity,omitempty"`
}

type ruleInfo struct {
	Label       string  `json:"label"`
	Category    string  `json:"category,omitempty"`
	Weight      float64 `json:"weight"`
	Kind        string  `json:"kind"`
	Description string  `json:"description"`
	Line        int     `json:"line,omitempty"` // in the edited file
}

type pageJSON struct {
	ID         string              `json:"id"`
	Path       string              `json:"path"`
	Site       string              `json:"site"`
	Format     string              `json:"format"`
	Lang       string              `json:"lang"`
	BlockStart int                 `json:"blockStart"`
	BlockEnd   int                 `json:"blockEnd"`
	Failed     bool                `json:"failed"`
	Reasons    []string            `json:"reasons"`
	NoiseRatio float64             `json:"noiseRatio"`
	Quality    float64             `json:"quality"`
	Lines      []lineJSON          `json:"lines"`
	Cleaned    string              `json:"cleaned"`
	Source     []string            `json:"source,omitempty"`
	Rules      map[string]ruleInfo `json:"rules"`
	Stale      []labelRecord       `json:"stale,omitempty"`
}

func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.index(r.URL.Query().Get("id"))
	if !ok {
		writeError(w, http.StatusNotFound, "no such page")
		return
	}
	d, p := s.corpus.docs[i], s.cur.pages[i]
	res := p.Result
	out := pageJSON{ID: d.ID, Path: d.Path, Site: d.Group, Format: d.Format.String(), Lang: res.Lang,
		BlockStart: res.BlockStart, BlockEnd: res.BlockEnd, Failed: p.Failed, Reasons: reasons(p),
		NoiseRatio: round3(p.Summary.NoiseRatio), Quality: round3(p.Summary.Quality),
		Cleaned: string(clean.Text(res, s.cur.set.Settings.Keep, "\n")), Rules: map[string]ruleInfo{}}
	byLine, stale := match(s.labels.records(d.ID), res.Verdicts)
	for _, r := range stale {
		out.Stale = append(out.Stale, *r)
	}
	userFile := s.cfg.RulesPath
	vi := 0
	for _, l := range res.Page.Lines {
		lj := lineJSON{Num: l.Num, Text: l.Text, Source: l.SourceLine}
		if l.DOM != nil {
			lj.DOM = &domJSON{Path: l.DOM.Path, Hints: l.DOM.Hints, LinkDensity: round3(l.DOM.LinkDensity)}
		}
		if vi < len(res.Verdicts) && res.Verdicts[vi].Num == l.Num {
			v := &res.Verdicts[vi]
			vi++
			lj.Label, lj.Score = v.Label.String(), v.Score
			if v.Label == rules.Noise {
				lj.Category = v.Category
			}
			lj.Kept = keptLabel(s.cur.set, v.Label)
			for _, h := range v.Hits {
				lj.Hits = append(lj.Hits, hitJSON{h.Rule.ID, h.Delta})
				if _, ok := out.Rules[h.Rule.ID]; !ok {
					// The set applied, not the hit's rule: a page the last
					// edit could not change keeps the hits of an earlier set.
					r := s.cur.set.Rule(h.Rule.ID)
					if r == nil {
						r = h.Rule
					}
					ri := ruleInfo{Label: r.Label.String(), Category: r.Category, Weight: r.Weight,
						Kind: r.Kind.String(), Description: r.Description}
					if r.Pos.File == userFile {
						ri.Line = r.Pos.Line
					}
					out.Rules[r.ID] = ri
				}
			}
			lj.Features = features(v.Features)
			if rec := byLine[l.Num]; rec != nil {
				lj.Gold = rec.Label
			}
		} else {
			lj.Blank = true
		}
		out.Lines = append(out.Lines, lj)
	}
	if d.Source != nil {
		out.Source = splitSource(d.Source)
	}
	writeJSON(w, http.StatusOK, out)
}

// features returns the line's non-zero features by name, and always its
// place relative to the main block.
func features(f *detect.Features) map[string]any {
	out := map[string]any{}
	for i := range rules.NumFeatures {
		x := rules.Feature(i)
		v := f[x]
		switch {
		case x == rules.FBlock:
			if b := int(v); b >= 0 && b < len(rules.BlockValues) {
				out[x.String()] = rules.BlockValues[b]
			}
		case x == rules.FDomHint || v == 0:
		default:
			out[x.String()] = round3(v)
		}
	}
	return out
}

// splitSource splits a file into its lines for the source view.
func splitSource(data []byte) []string {
	lines := input.SplitLines(string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))), nil)
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.Text
	}
	return out
}

func (s *Server) handleChanges(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"changes": s.changes(r.URL.Query().Get("base")), "timing": s.lastApply})
}

func (s *Server) handleDiff(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.index(r.URL.Query().Get("id"))
	if !ok {
		writeError(w, http.StatusNotFound, "no such page")
		return
	}
	before := s.base(r.URL.Query().Get("base"))
	writeJSON(w, http.StatusOK, map[string]any{
		"id":   s.corpus.docs[i].ID,
		"diff": lineDiff(cleanText(before, before.pages[i]), cleanText(s.cur, s.cur.pages[i])),
	})
}

type textRequest struct {
	Text  string `json:"text"`
	Base  string `json:"base"`
	Force bool   `json:"force"`
}

// handleCheck validates the editor's text as the user types: decode errors
// at their line, and the examples that fail.
func (s *Server) handleCheck(w http.ResponseWriter, r *http.Request) {
	var req textRequest
	if !readJSON(w, r, &req) {
		return
	}
	set, err := rules.Parse([]byte(req.Text), s.cfg.RulesPath)
	if err != nil {
		writeJSON(w, http.StatusOK, map[string]any{"ok": false, "problems": problems(err, s.cfg.RulesPath)})
		return
	}
	probs := exampleProblems(detect.New(set).CheckExamples(), s.cfg.RulesPath)
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "problems": nonNil(probs), "rules": len(set.Rules)})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (s *Server) handleApply(w http.ResponseWriter, r *http.Request) {
	var req textRequest
	if !readJSON(w, r, &req) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, probs, tm := s.apply([]byte(req.Text), req.Base)
	switch {
	case probs != nil:
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": "the rules file has errors", "problems": probs})
	default:
		writeJSON(w, http.StatusOK, map[string]any{"changes": ch, "timing": tm, "score": scoreLabels(s.corpus, s.cur, s.labels)})
	}
}

// handleFit fits the rules in the request's text to the labels and
// applies the result (see Server.Fit).
func (s *Server) handleFit(w http.ResponseWriter, r *http.Request) {
	var req textRequest
	if !readJSON(w, r, &req) {
		return
	}
	res, probs, err := s.Fit([]byte(req.Text), req.Base)
	switch {
	case probs != nil:
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": "the rules file has errors", "problems": probs})
	case errors.Is(err, errFit):
		writeError(w, http.StatusBadRequest, strings.TrimPrefix(err.Error(), errFit.Error()+": "))
	case errors.Is(err, errBusy):
		writeError(w, http.StatusConflict, strings.TrimPrefix(err.Error(), errBusy.Error()+": "))
	case err != nil:
		writeError(w, http.StatusInternalServerError, err.Error())
	default:
		res.Moved, res.Labelled = nonNil(res.Moved), nonNil(res.Labelled)
		writeJSON(w, http.StatusOK, res)
	}
}

func (s *Server) handleSave(w http.ResponseWriter, r *http.Request) {
	var req textRequest
	if !readJSON(w, r, &req) {
		return
	}
	probs, err := s.SaveRules([]byte(req.Text), req.Force)
	switch {
	case errors.Is(err, errConflict):
		writeError(w, http.StatusConflict, err.Error())
	case err != nil:
		writeError(w, http.StatusInternalServerError, err.Error())
	case probs != nil:
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": "the rules file has errors: not saved", "problems": probs})
	default:
		writeJSON(w, http.StatusOK, map[string]any{"saved": s.cfg.RulesPath, "backup": s.cfg.RulesPath + ".bak"})
	}
}

type labelRequest struct {
	Page  string `json:"page"`
	Line  int    `json:"line"`
	Label string `json:"label"`
}

func (s *Server) handleLabel(w http.ResponseWriter, r *http.Request) {
	var req labelRequest
	if !readJSON(w, r, &req) {
		return
	}
	err := s.Label(req.Page, req.Line, req.Label)
	switch {
	case errors.Is(err, errNotFound):
		writeError(w, http.StatusNotFound, err.Error())
		return
	case err != nil:
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"score": scoreLabels(s.corpus, s.cur, s.labels),
		"labelsDirty": s.labels.dirty, "labelsCount": s.labels.count()})
}

func (s *Server) handleSaveLabels(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Force bool `json:"force"`
	}
	if !readJSON(w, r, &req) {
		return
	}
	err := s.SaveLabels(req.Force)
	switch {
	case errors.Is(err, errConflict):
		writeError(w, http.StatusConflict, err.Error())
	case err != nil:
		writeError(w, http.StatusInternalServerError, err.Error())
	default:
		writeJSON(w, http.StatusOK, map[string]any{"saved": s.cfg.LabelsPath})
	}
}
