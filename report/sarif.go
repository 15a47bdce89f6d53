package report

import (
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/newslint/newslint/rules"
)

// SARIFSchema is the schema URI written into SARIF reports.
const SARIFSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// sarifSrcRoot is the URI base id relative paths are resolved against.
const sarifSrcRoot = "%SRCROOT%"

// SARIF writes a SARIF 2.1.0 log for code-scanning services: one run whose
// tool.driver.rules describes every rule of the set, and one result per
// finding with its rule, level, message, file region and a fingerprint that
// survives edits elsewhere in the file. It streams the results.
type SARIF struct {
	W       io.Writer
	Rules   *rules.Set
	Version string // newslint's version
	// Root is the absolute directory relative paths are relative to (the
	// working directory); "" leaves %SRCROOT% undefined in the log.
	Root string
	// MinSeverity leaves out findings below it.
	MinSeverity rules.Severity
	// Baseline marks results as new to a baseline (baselineState "new").
	Baseline bool

	out     jsonStream
	started bool
	results int
	index   map[string]int // rule id → index in tool.driver.rules
	path    string         // file of the previous result
	seen    map[string]int // occurrences of rule and text in that file
	notes   []sarifNotification
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	ShortDescription     sarifMessage       `json:"shortDescription"`
	FullDescription      sarifMessage       `json:"fullDescription"`
	Help                 sarifMessage       `json:"help"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifConfiguration struct {
	Enabled bool   `json:"enabled"`
	Level   string `json:"level"`
}

type sarifRuleProps struct {
	Label    string   `json:"label,omitempty"`
	Category string   `json:"category,omitempty"`
	Kind     string   `json:"kind,omitempty"`
	Weight   float64  `json:"weight,omitempty"`
	Tags     []string `json:"tags,omitempty"`
}

type sarifArtifact struct {
	URI         string        `json:"uri,omitempty"`
	URIBaseID   string        `json:"uriBaseId,omitempty"`
	Description *sarifMessage `json:"description,omitempty"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical  `json:"physicalLocation"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

// sarifLogical names the page within its file: a WARC response's URI.
type sarifLogical struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	BaselineState       string            `json:"baselineState,omitempty"`
	Properties          any               `json:"properties"`
}

type sarifResultProps struct {
	Category string  `json:"category"`
	Score    float64 `json:"score"`
	Record   int     `json:"record,omitempty"`
	URI      string  `json:"uri,omitempty"`
	PageLine int     `json:"pageLine"`
	Fails    bool    `json:"fails"`
}

type sarifGateProps struct {
	Check  string `json:"check"`
	Record int    `json:"record,omitempty"`
	URI    string `json:"uri,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

// sarifFingerprint is the partialFingerprints key of newslint's fingerprint.
const sarifFingerprint = "newslintLineHash/v1"

// SARIFLevel maps a severity to a SARIF level.
func SARIFLevel(s rules.Severity) string {
	switch s {
	case rules.Info:
		return "note"
	case rules.Warning:
		return "warning"
	}
	return "error"
}

func (s *SARIF) start() {
	if s.started {
		return
	}
	s.started = true
	s.out.w = s.W
	s.index = map[string]int{}
	var descs []sarifRule
	for _, r := range s.Rules.Rules {
		s.index[r.ID] = len(descs)
		descs = append(descs, sarifRuleOf(r))
	}
	if _, ok := s.index[boilerplate.ID]; !ok {
		s.index[boilerplate.ID] = len(descs)
		descs = append(descs, sarifRuleOf(boilerplate))
	}
	for _, g := range gateRules {
		s.index[g.ID] = len(descs)
		descs = append(descs, g)
	}
	driver := sarifDriver{Name: "newslint", Version: s.Version, InformationURI: "https://github.com/newslint/newslint", Rules: descs}
	s.out.write(4, "{\n  \"$schema\": %s,\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": {\n        \"driver\": %s\n      },",
		jsonValue{SARIFSchema}, jsonValue{driver})
	if s.Root != "" {
		base := map[string]sarifArtifact{sarifSrcRoot: {URI: strings.TrimSuffix(fileURI(s.Root), "/") + "/"}}
		s.out.write(3, "\n      \"originalUriBaseIds\": %s,", jsonValue{base})
	}
	s.out.write(0, "\n      \"results\": [")
}

// boilerplate stands for the findings no specific rule names.
var boilerplate = &rules.Rule{ID: "boilerplate", Label: rules.Noise, Category: "boilerplate", Severity: rules.Info,
	Description: "Short text outside the article that no specific rule names: the line scored as noise from generic evidence alone."}

// gateRules describe the results for pages that fail a page-level check of
// the gate. Their ids hold a slash, which rule ids in rules.yaml cannot.
var gateRules = []sarifRule{
	gateRule(CheckMaxNoiseRatio, "The page's share of noise lines is above the gate's maximum.",
		"Lower the page's noise, or raise max-noise-ratio (flag --max-noise-ratio, or settings: max-noise-ratio in rules.yaml; per path under settings: overrides)."),
	gateRule(CheckMinContentLines, "The page has fewer content lines than the gate's minimum.",
		"The scraper may have missed the article text. Or lower min-content-lines (flag --min-content-lines, or settings: min-content-lines in rules.yaml; per path under settings: overrides)."),
	gateRule(CheckRequiredFields, "A JSON record lacks a field the gate requires.",
		"Have the scraper fill the field, or drop it from the required fields (flag --require-fields)."),
	gateRule(CheckMaxPageLines, "The page has more lines than are scored at once: it was scored in parts, each on its own.",
		"A page that long is a thread, a ticker or several pages in one file: split it, or raise the limit (flag --max-page-lines; 0 scores every page whole, in memory that grows with it)."),
}

func gateRule(check, desc, help string) sarifRule {
	return sarifRule{
		ID:                   "gate/" + check,
		ShortDescription:     sarifMessage{Text: desc},
		FullDescription:      sarifMessage{Text: desc},
		Help:                 sarifMessage{Text: desc + "\n\n" + help, Markdown: desc + "\n\n" + help},
		DefaultConfiguration: sarifConfiguration{Enabled: true, Level: "error"},
		Properties:           sarifRuleProps{Label: "gate", Tags: []string{"gate"}},
	}
}

func sarifRuleOf(r *rules.Rule) sarifRule {
	// Noise rules, flag rules and document rules make findings; the others
	// only score lines towards content, title or meta.
	reports := r.Kind == rules.Document || r.Effect == rules.Flag
	props := sarifRuleProps{Category: r.Category, Kind: r.Kind.String(), Weight: r.Weight}
	level := "none"
	switch {
	case reports:
		props.Label, props.Weight = "", 0
		if r.Effect == rules.Flag {
			props.Kind += ", flag"
		}
		level = SARIFLevel(r.Severity)
	case r.Label == rules.Noise:
		props.Label = r.Label.String()
		level = SARIFLevel(r.Severity)
	default:
		props.Label = r.Label.String()
	}
	if r == boilerplate {
		props.Kind = ""
	}
	for _, tag := range []string{props.Label, r.Category} {
		if tag != "" && !slices.Contains(props.Tags, tag) {
			props.Tags = append(props.Tags, tag)
		}
	}
	text, md := ruleHelp(r)
	return sarifRule{
		ID:                   r.ID,
		ShortDescription:     sarifMessage{Text: firstSentence(r.Description)},
		FullDescription:      sarifMessage{Text: r.Description},
		Help:                 sarifMessage{Text: text, Markdown: md},
		DefaultConfiguration: sarifConfiguration{Enabled: !r.Disabled, Level: level},
		Properties:           props,
	}
}

// ruleHelp is a rule's description followed by its examples, as plain text
// and as Markdown.
func ruleHelp(r *rules.Rule) (text, md string) {
	var t, m strings.Builder
	t.WriteString(r.Description)
	m.WriteString(r.Description)
	multi := false
	section := func(title string, exs []string) {
		if len(exs) == 0 {
			return
		}
		fmt.Fprintf(&t, "\n\n%s:", title)
		fmt.Fprintf(&m, "\n\n%s:\n", title)
		for _, ex := range exs {
			t.WriteString("\n  " + strings.ReplaceAll(ex, "\n", "\n  "))
			if strings.Contains(ex, "\n") {
				multi = true
				m.WriteString("\n```text\n" + ex + "\n```\n")
			} else {
				m.WriteString("\n- " + mdCode(ex))
			}
		}
	}
	section("Fires on", r.Examples.Match)
	section("Does not fire on", r.Examples.NoMatch)
	if multi {
		t.WriteString("\n\nIn examples of several lines, \">> \" marks the line under test.")
		m.WriteString("\n\nIn examples of several lines, `>> ` marks the line under test.")
	}
	return t.String(), m.String()
}

// mdCode quotes s as Markdown inline code.
func mdCode(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || s == "" {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// firstSentence returns s up to the end of its first sentence.
func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// artifact is the SARIF location of the file at path.
func (s *SARIF) artifact(path string) sarifArtifact {
	if path == "-" {
		return sarifArtifact{Description: &sarifMessage{Text: "standard input"}}
	}
	if filepath.IsAbs(path) {
		return sarifArtifact{URI: fileURI(path)}
	}
	a := sarifArtifact{URI: (&url.URL{Path: filepath.ToSlash(path)}).String()}
	if s.Root != "" {
		a.URIBaseID = sarifSrcRoot
	}
	return a
}

func fileURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x on Windows
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// location is the SARIF location of line (0: none) of page p.
func (s *SARIF) location(p *Page, line int) []sarifLocation {
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: s.artifact(p.Path)}}
	if line > 0 {
		loc.PhysicalLocation.Region = &sarifRegion{StartLine: line}
	}
	if p.RecordName != "" {
		loc.LogicalLocations = []sarifLogical{{FullyQualifiedName: p.RecordName, Kind: "resource"}}
	}
	return []sarifLocation{loc}
}

// Page implements Writer.
func (s *SARIF) Page(p *Page) error {
	s.start()
	// Fingerprints count repeated lines within a file, or within a named
	// record (a WARC response), so that other records do not shift them.
	if scope := Where(p.Path, 0, p.RecordName); scope != s.path {
		s.path, s.seen = scope, map[string]int{}
	}
	for i := range p.Finds {
		f := &p.Finds[i]
		if f.Severity < s.MinSeverity {
			continue
		}
		id := f.RuleID()
		norm := NormText(f.Text)
		occ := s.seen[id+"\x00"+norm]
		s.seen[id+"\x00"+norm]++
		idx, ok := s.index[id]
		if !ok { // a rule outside the set: cannot happen with one engine
			idx = s.index[boilerplate.ID]
		}
		r := sarifResult{
			RuleID:              id,
			RuleIndex:           idx,
			Level:               SARIFLevel(f.Severity),
			Message:             sarifMessage{Text: message(f)},
			Locations:           s.location(p, f.FileLine()),
			PartialFingerprints: map[string]string{sarifFingerprint: Fingerprint(s.path, id, norm, occ)},
			Properties:          sarifResultProps{Category: f.Category, Score: f.Score, Record: f.Record, URI: f.RecordName, PageLine: f.Line, Fails: f.Fails},
		}
		s.result(r)
	}
	for _, why := range p.Reasons {
		if why.Check == CheckFailLevel {
			continue // the findings say it
		}
		id := "gate/" + why.Check
		occ := s.seen[id]
		s.seen[id]++
		s.result(sarifResult{
			RuleID:              id,
			RuleIndex:           s.index[id],
			Level:               "error",
			Message:             sarifMessage{Text: pageName(p) + " fails the gate: " + why.Message},
			Locations:           s.location(p, pageLine(p)),
			PartialFingerprints: map[string]string{sarifFingerprint: Fingerprint(s.path, id, "", occ)},
			Properties:          sarifGateProps{Check: why.Check, Record: p.Record, URI: p.RecordName},
		})
	}
	return s.out.err
}

// result writes one result.
func (s *SARIF) result(r sarifResult) {
	if s.Baseline {
		r.BaselineState = "new"
	}
	sep := ","
	if s.results == 0 {
		sep = ""
	}
	s.results++
	s.out.write(4, "%s\n        %s", sep, jsonValue{r})
}

// FileError implements Writer.
func (s *SARIF) FileError(path string, record int, err error) error {
	s.start()
	s.notes = append(s.notes, sarifNotification{Level: "error", Message: sarifMessage{Text: err.Error()},
		Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: s.artifact(path)}}}})
	return s.out.err
}

// Close implements Writer.
func (s *SARIF) Close(t *Totals) error {
	s.start()
	if s.results > 0 {
		s.out.write(0, "\n      ]")
	} else {
		s.out.write(0, "]")
	}
	inv := []sarifInvocation{{ExecutionSuccessful: t.Errors == 0, ToolExecutionNotifications: s.notes}}
	s.out.write(3, ",\n      \"invocations\": %s", jsonValue{inv})
	props := map[string]any{"pages": t.Pages, "failedPages": t.Failed, "lines": t.Summary.Lines, "noiseLines": t.Summary.Noise}
	if t.Baseline != "" {
		props["baseline"] = map[string]any{"file": t.Baseline, "known": t.Known, "stale": len(t.Stale)}
	}
	s.out.write(3, ",\n      \"properties\": %s\n    }\n  ]\n}\n", jsonValue{props})
	return s.out.err
}

// pageName is how a page is named in messages: path, path#record or
// path#uri, then "(part n of m)" for a part of a page scored in parts.
func pageName(p *Page) string {
	name := Where(p.Path, p.Record, p.RecordName)
	if p.Part > 0 {
		name += fmt.Sprintf(" (part %d of %d)", p.Part, p.Parts)
	}
	return name
}
