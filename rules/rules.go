// Package rules defines newslint's rule language: the rules.yaml format,
// its strict decoder, and compiled rules ready to be matched against lines.
//
// A rule names the evidence it contributes (a label and a weight) and when it
// fires: a regular expression, a phrase list, thresholds on line features, the
// line's place in the page structure, or a repeat of another line. The
// detector (package detect) computes the features and applies the rules.
package rules

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"
	"sync"
)

// Label is the verdict given to a line.
type Label uint8

// The labels, in the order a user reads a page.
const (
	Noise Label = iota
	Content
	Title
	Meta
)

var labelNames = [...]string{"noise", "content", "title", "meta"}

func (l Label) String() string {
	if int(l) < len(labelNames) {
		return labelNames[l]
	}
	return fmt.Sprintf("label(%d)", l)
}

// ParseLabel returns the label named s.
func ParseLabel(s string) (Label, error) {
	for i, n := range labelNames {
		if n == s {
			return Label(i), nil
		}
	}
	return 0, fmt.Errorf("unknown label %q (want noise, content, title or meta)", s)
}

// ParseLabels parses a comma-separated list of labels, such as "title,content".
func ParseLabels(s string) ([]Label, error) {
	var out []Label
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		l, err := ParseLabel(f)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty label list")
	}
	return out, nil
}

// Severity is how much a finding matters to the gate.
type Severity uint8

// Severities, from least to most severe.
const (
	Info Severity = iota
	Warning
	Error
)

var severityNames = [...]string{"info", "warning", "error"}

func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("severity(%d)", s)
}

// ParseSeverity returns the severity named s; "none" parses as a level above
// Error, so that a fail level of "none" never fails.
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if n == s {
			return Severity(i), nil
		}
	}
	if s == "none" {
		return Error + 1, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want info, warning, error or none)", s)
}

// Kind is how a rule decides that it fires.
type Kind uint8

// The rule kinds. See the rules.yaml reference in README.md.
const (
	// Pattern rules match regular expressions (RE2) against the line.
	Pattern Kind = iota
	// Phrases rules match a list of phrases, case-insensitively, against the
	// whole line, its start, its end, or anywhere between word boundaries.
	Phrases
	// FeatureKind rules fire on thresholds over the line's own features.
	FeatureKind
	// Context rules fire on the line's neighbours and its place in the page
	// structure (main block, teaser units, end-of-article markers), optionally
	// together with a pattern or phrase match.
	Context
	// Duplicate rules fire on a line that repeats an earlier line of the page,
	// or repeats the previous line with something appended (a caption).
	Duplicate
	// Document rules run a built-in check (see Check) on the whole page
	// after every line has its label, and report what they find; they
	// change no line's score.
	Document
)

var kindNames = [...]string{"pattern", "phrases", "feature", "context", "duplicate", "document"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", k)
}

// Categories lists the noise categories newslint knows, with a description.
// Rules may use other categories; these are the ones the default rules use.
var Categories = map[string]string{
	"comment-counter": "a count of reader comments",
	"relative-time":   "a relative time such as \"vor 2 Stunden\" or \"2 hours ago\"",
	"teaser":          "headline, summary or time of another story",
	"share":           "follow or share prompt",
	"newsletter":      "newsletter or subscription prompt",
	"navigation":      "navigation, menus, breadcrumbs and the site name",
	"section-label":   "a section or department label",
	"tag-list":        "a list of tags or topics",
	"caption":         "image caption or credit",
	"duplicate":       "a line repeated from elsewhere on the page",
	"search":          "search box",
	"cookie":          "cookie or consent notice",
	"paywall":         "paywall or login wall",
	"advertising":     "advertisement label",
	"related":         "related-articles heading",
	"footer":          "footer, copyright and legal links",
	"metadata":        "dateline, byline or source line outside the article",
	"comments":        "reader comments section",
	"boilerplate":     "short text outside the article that no specific rule names",
	"template":        "a line that recurs across many pages of the same site",
	// Categories of flag and document rules: problems of the scraped text
	// rather than boilerplate lines.
	"encoding":       "mojibake (UTF-8 read as Latin-1 or Windows-1252), replacement or control characters",
	"markup":         "HTML tags, entities, script, CSS or JSON left in the text",
	"truncated":      "the article is cut off: mid-sentence, with an ellipsis or a read-more link",
	"not-an-article": "an error, consent or JavaScript page instead of the article",
	"too-short":      "too little article text",
	"headline":       "the headline is missing",
	"language":       "the article is not in the language expected of the site",
	"uncertain":      "the reading of the article is in doubt: most sentences dropped, or a rival article nearly as likely",
}

// Rule is one compiled rule.
type Rule struct {
	ID          string
	Kind        Kind
	Category    string
	Description string
	Label       Label
	Weight      float64
	Severity    Severity
	Langs       []string // empty: any language
	Disabled    bool
	// Fixed is set by fit: false: newslint fit keeps the rule's weight as
	// written (knowledge the pages fitted on hold too little evidence of,
	// such as script in the text or a paywall notice); its end cost is
	// still fitted.
	Fixed       bool
	EndsArticle bool // lines after a match are suspect (end-of-article marker)
	// EndCost is what the article decoder pays for going on with the
	// article past a line the rule fires on (ends-article: a cost, or true
	// for DefaultEndCost); 0 when EndsArticle is false.
	EndCost float64
	// Effect is Flag for rules that report the lines they fire on without
	// scoring them.
	Effect Effect
	// Sites are globs (path.Match, lower case) of the sites whose pages the
	// rule applies to (page.Meta.Site); empty: every page.
	Sites []string

	// Patterns are the compiled regular expressions of a Pattern rule (or a
	// Context rule that also matches text); any one matching fires the rule.
	Patterns []*Regexp
	// Prefilters hold, for each pattern, literals one of which any match
	// contains (nil: none known); the detector skips the pattern on lines
	// that hold none of them.
	Prefilters []Prefilter
	// Phrases are the folded phrases of a Phrases rule (see FoldWords).
	Phrases    []string
	PhraseMode PhraseMode
	// When are conditions that must all hold.
	When []Cond

	Dup DupMode // for Duplicate rules

	// Check and Params are the built-in check of a Document rule and its
	// parameters, defaults filled in.
	Check  Check
	Params Params

	Examples Examples
	Pos      Pos // where the rule is defined
}

// NamesText reports whether the rule recognises what a line says (its
// patterns, phrases or a repeat of another line) rather than only its
// shape or its place on the page. A verdict is explained by such a rule
// first: a relative time before the article is "relative-time", not
// "before-article", whatever the weights (a fit may set a specific rule's
// weight near zero when a structural rule carries the decision).
func (r *Rule) NamesText() bool {
	return len(r.Patterns) > 0 || len(r.Phrases) > 0 || r.Kind == Duplicate
}

// Examples are lines a rule must and must not fire on. For rules that need
// context, an example may hold several lines separated by "\n"; the line
// under test is the one prefixed with ">> " (or the only line).
type Examples struct {
	Match   []string
	NoMatch []string
}

// PhraseMode says where in the line a phrase must stand.
type PhraseMode uint8

// Phrase modes.
const (
	// WholeLine: the line's words are exactly the phrase's words.
	WholeLine PhraseMode = iota
	// Prefix: the line starts with the phrase.
	Prefix
	// Suffix: the line ends with the phrase.
	Suffix
	// Anywhere: the phrase stands anywhere in the line.
	Anywhere
)

var phraseModeNames = [...]string{"line", "start", "end", "anywhere"}

func (m PhraseMode) String() string { return phraseModeNames[m] }

// DupMode says what a Duplicate rule compares.
type DupMode uint8

// Duplicate modes.
const (
	// DupExact fires on a line equal (after folding case and spaces) to an
	// earlier line of the page.
	DupExact DupMode = iota
	// DupPrevPrefix fires on a line that starts with the previous non-blank
	// line and appends a short tail (a caption with its credit).
	DupPrevPrefix
)

// Structural reports whether the rule depends on the page structure, which
// the detector knows only after a first scoring pass.
func (r *Rule) Structural() bool {
	for _, c := range r.When {
		if c.Feature.Structural() {
			return true
		}
	}
	return false
}

// Sign is +1 for rules that speak for keeping the line and -1 for noise rules.
func (r *Rule) Sign() float64 {
	if r.Label == Noise {
		return -1
	}
	return 1
}

// Pos is a position in a rules file.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Settings are the gate and output defaults from rules.yaml; flags override them.
type Settings struct {
	FailLevel       Severity
	MaxNoiseRatio   float64 // 0: no limit
	MinContentLines int     // 0: no minimum
	// RequiredFields are fields every JSON record must carry (title, url,
	// site, lang, byline, published, site-name).
	RequiredFields []string
	Keep           []Label
	// Extensions are the file extensions read from directories; nil reads
	// every kind newslint knows (input.DefaultExtensions).
	Extensions []string
	// Overrides applies settings to paths matching a glob.
	Overrides []Override
	// Structure holds the parameters of the decoder that finds the article
	// among a page's lines.
	Structure Structure
}

// Structure holds the scores of the decoder that finds the article among
// a page's lines (package detect): the log-potentials of the hidden
// states before the article, in it, in an inset set into it, and after
// it, which newslint fit learns. Each is added to the score of a reading
// of the page when it applies; negative scores are costs.
type Structure struct {
	// Article is added for each line in the article, besides the line's
	// evidence (the first-pass score of its content and noise rules).
	Article float64
	// Start is the score of starting the article, LateStart of starting it
	// below a line that ends articles (a comments heading, a tag list).
	Start, LateStart float64
	// InsetOpen is the score of leaving the article for an inset (a
	// picture's caption, a box of links, an advertisement), InsetLine of
	// each line in it, InsetClose of going back to the article.
	InsetOpen, InsetLine, InsetClose float64
	// End is the score of ending the article after a line of it, InsetEnd
	// after an inset. (A line that ends articles costs its rules'
	// EndCost when the article goes on past it.)
	End, InsetEnd float64
}

// DefaultEndCost is the cost of `ends-article: true`.
const DefaultEndCost = 4.0

// The structure scores in the order of Structure.Vector.
const (
	SArticle = iota
	SStart
	SLateStart
	SInsetOpen
	SInsetLine
	SInsetClose
	SEnd
	SInsetEnd
	NumStructure
)

// StructureNames are the rules.yaml names of the structure scores, in the
// order of Structure.Vector.
var StructureNames = [NumStructure]string{"article", "start", "late-start", "inset-open", "inset-line", "inset-close", "end", "inset-end"}

// Vector returns the scores in a fixed order (SArticle …).
func (p Structure) Vector() []float64 {
	return []float64{p.Article, p.Start, p.LateStart, p.InsetOpen, p.InsetLine, p.InsetClose, p.End, p.InsetEnd}
}

// StructureOf returns the structure whose Vector is v.
func StructureOf(v []float64) Structure {
	return Structure{Article: v[SArticle], Start: v[SStart], LateStart: v[SLateStart], InsetOpen: v[SInsetOpen],
		InsetLine: v[SInsetLine], InsetClose: v[SInsetClose], End: v[SEnd], InsetEnd: v[SInsetEnd]}
}

// Override changes settings for files whose path matches Glob.
type Override struct {
	Glob            string
	FailLevel       *Severity
	MaxNoiseRatio   *float64
	MinContentLines *int
	RequiredFields  []string // nil: unchanged
	Disable         []string // rule ids switched off for these files
	Pos             Pos      // where the override is written
}

// RecordFields are the record fields required-fields may name.
var RecordFields = []string{"title", "url", "site", "lang", "byline", "published", "site-name"}

// DefaultStructure is the decoder's parameters when no rules file sets
// them.
var DefaultStructure = Structure{Article: 0, Start: -2, LateStart: -6, InsetOpen: -3, InsetLine: -0.3, InsetClose: 0, End: -1, InsetEnd: -1}

// DefaultSettings are the settings when no rules file sets them.
func DefaultSettings() Settings {
	return Settings{
		FailLevel: Warning,
		Keep:      []Label{Title, Content},
		Structure: DefaultStructure,
	}
}

// Set is a compiled rule set.
type Set struct {
	Rules    []*Rule // in file order; disabled rules included
	Settings Settings
	Sources  []string // files the set was built from, defaults first
	byID     map[string]*Rule
}

// Rule returns the rule with the given id, or nil.
func (s *Set) Rule(id string) *Rule { return s.byID[id] }

// Enabled returns the enabled rules in file order.
func (s *Set) Enabled() []*Rule {
	out := make([]*Rule, 0, len(s.Rules))
	for _, r := range s.Rules {
		if !r.Disabled {
			out = append(out, r)
		}
	}
	return out
}

// IDs returns the ids of all rules, sorted.
func (s *Set) IDs() []string {
	ids := make([]string, 0, len(s.Rules))
	for _, r := range s.Rules {
		ids = append(ids, r.ID)
	}
	sort.Strings(ids)
	return ids
}

// WithWeights returns a copy of the set in which the rules named in w
// carry the weights given there; the other rules keep theirs. The copy
// shares the rules' compiled patterns and leaves s unchanged. An id that
// names no rule is an error.
func (s *Set) WithWeights(w map[string]float64) (*Set, error) {
	out := &Set{Settings: s.Settings, Sources: s.Sources, Rules: make([]*Rule, len(s.Rules))}
	for i, r := range s.Rules {
		c := *r
		if v, ok := w[r.ID]; ok {
			c.Weight = v
		}
		out.Rules[i] = &c
	}
	out.index()
	for id := range w {
		if out.byID[id] == nil {
			return nil, fmt.Errorf("no rule %q", id)
		}
	}
	return out, nil
}

func (s *Set) index() {
	s.byID = make(map[string]*Rule, len(s.Rules))
	for _, r := range s.Rules {
		s.byID[r.ID] = r
	}
}

// Regexp is a rule's regular expression. It is parsed (checked, and its
// prefilter derived) when the rules are loaded, and compiled when it first
// has to match: a run that never needs a pattern does not pay for it. It
// is safe for concurrent use.
type Regexp struct {
	src    string // with its flags, as compiled
	nocase bool   // src starts with the (?i) of a rule that is not case-sensitive
	// tree is the parsed case-insensitive expression, from which MatchLine
	// derives, on first use, an equivalent case-sensitive expression for
	// the line under FoldCase: letters folded once, so that matching
	// compares runes instead of folding each one. nil when the pattern is
	// case-sensitive, and for the built-in rules (builtin_gen.go), whose
	// source MatchLine parses again instead.
	tree     *syntax.Regexp
	once     sync.Once
	re       *regexp.Regexp
	onceF    sync.Once
	reFolded *regexp.Regexp // nil: no folded form, match the line itself
}

// MatchString reports whether s contains a match.
func (x *Regexp) MatchString(s string) bool { return x.Compiled().MatchString(s) }

// MatchLine is MatchString(line) for a line whose FoldCase form is folded,
// which it may match instead.
func (x *Regexp) MatchLine(line, folded string) bool {
	x.onceF.Do(func() {
		tree := x.tree
		if tree == nil && x.nocase {
			// Checked when the rules were built: the parse does not fail.
			tree, _ = syntax.Parse(x.src, syntax.Perl)
		}
		x.tree = nil
		if tree != nil {
			if f, ok := foldedExpr(tree); ok {
				x.reFolded = regexp.MustCompile(exprString(f))
			}
		}
	})
	if x.reFolded == nil {
		return x.Compiled().MatchString(line)
	}
	return x.reFolded.MatchString(folded)
}

// caseSensitive reports whether x was compiled without (?i).
func (x *Regexp) caseSensitive() bool { return !x.nocase }

// Compiled returns the compiled expression, compiling it on first use.
func (x *Regexp) Compiled() *regexp.Regexp {
	x.once.Do(func() {
		// The source was parsed with the same flags when the rule was
		// loaded, and compiling a parsed expression does not fail.
		x.re = regexp.MustCompile(x.src)
	})
	return x.re
}

// String returns the source, with the flags it was compiled with.
func (x *Regexp) String() string { return x.src }
