package rules

import (
	"fmt"
	"math"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Effect is what a line rule does when it fires.
type Effect uint8

// The effects.
const (
	// Score adds the rule's weight to the line's score (the default).
	Score Effect = iota
	// Flag reports a finding on the line and adds nothing to its score: the
	// line keeps the label the other rules give it. Mojibake and markup in
	// an article paragraph are problems to report, not a reason to drop it.
	Flag
)

var effectNames = [...]string{"score", "flag"}

func (e Effect) String() string { return effectNames[e] }

// Check is a built-in test of a whole page that a document rule runs after
// every line has its label.
type Check uint8

// The checks. README.md ("Document rules") says what each one looks at.
const (
	// CheckTruncated: the article ends mid-sentence, with an ellipsis, or
	// with a line the rule's patterns or phrases match ("Read more").
	CheckTruncated Check = iota
	// CheckCutOff: a line the rule's patterns, phrases or categories match
	// stands right after the article's last content line (a paywall).
	CheckCutOff
	// CheckNotArticle: a line the rule's patterns, phrases or categories
	// match stands on a page with hardly any article text (an error,
	// consent or "enable JavaScript" page).
	CheckNotArticle
	// CheckTooLittleText: the page holds fewer content words or lines than
	// the minimum.
	CheckTooLittleText
	// CheckNoHeadline: an article without a line labelled title (and no
	// title given by the input).
	CheckNoHeadline
	// CheckDuplicateText: paragraphs repeated on the page, or the article
	// body there twice.
	CheckDuplicateText
	// CheckLanguage: the article is not in the language expected of it.
	CheckLanguage
	// CheckUncertain: the decoder's reading of the page is in doubt: it
	// drops most of the page's sentences, or a rival article scores
	// nearly as well. clean keeps such a page whole.
	CheckUncertain
	numChecks
)

// paramSpec is one parameter of a check, with its default.
type paramSpec struct {
	name string
	list bool    // a list of strings; else a number
	def  float64 // default of a number parameter
	min  float64 // smallest value allowed
	doc  string
}

type checkInfo struct {
	name     string
	params   []paramSpec
	evidence bool // uses the rule's patterns, phrases and categories
	doc      string
}

var checks = [numChecks]checkInfo{
	CheckTruncated: {"truncated", []paramSpec{
		{name: "min-words", def: 6, min: 1, doc: "words the last content line needs before a missing sentence end counts"},
	}, true, "the article ends mid-sentence, with an ellipsis, or with a read-more line"},
	CheckCutOff: {"cut-off", []paramSpec{
		{name: "within", def: 3, min: 1, doc: "non-blank lines after the last content line to look at"},
		{name: "categories", list: true, doc: "a line on which a rule of one of these categories fired is evidence"},
	}, true, "a wall (paywall, login) right after the article's last content line"},
	CheckNotArticle: {"not-an-article", []paramSpec{
		{name: "max-words", def: 150, min: 1, doc: "article words below which the page is not an article"},
		{name: "categories", list: true, doc: "a line on which a rule of one of these categories fired is evidence"},
	}, true, "an error, consent or JavaScript page instead of the article"},
	CheckTooLittleText: {"too-little-text", []paramSpec{
		{name: "min-words", def: 80, min: 0, doc: "content words the page needs"},
		{name: "min-lines", def: 0, min: 0, doc: "content lines the page needs"},
	}, false, "fewer content words or lines than the minimum"},
	CheckNoHeadline: {"no-headline", []paramSpec{
		{name: "min-words", def: 80, min: 0, doc: "content words from which a page is an article that needs a headline"},
	}, false, "an article without a headline"},
	CheckDuplicateText: {"duplicate-text", []paramSpec{
		{name: "min-chars", def: 80, min: 1, doc: "characters a line needs to count as a paragraph"},
		{name: "body-share", def: 0.4, min: 0, doc: "share of the article's characters in repeated paragraphs from which the body counts as scraped twice"},
	}, false, "paragraphs repeated, or the article body twice"},
	CheckLanguage: {"language", []paramSpec{
		{name: "expect", list: true, doc: "languages the site publishes in (ISO 639-1); default: the language the input declares"},
		{name: "min-words", def: 40, min: 1, doc: "words in lines of eight words or more needed to tell the language"},
		{name: "min-confidence", def: 0.5, min: 0, doc: "confidence of the language detector needed"},
	}, false, "the article is not in the expected language"},
	CheckUncertain: {"article-uncertain", []paramSpec{
		{name: "min-share", def: 0.2, min: 0, doc: "share of the page's sentence words the article must keep"},
		{name: "min-words", def: 30, min: 1, doc: "sentence words (in lines of ten words or more that end a sentence) a page needs for the share to count"},
		{name: "margin", def: 0.5, min: 0, doc: "score by which a rival article with more sentence words than the decoded one may fall short of it and still put the reading in doubt"},
	}, false, "the article's reading is in doubt"},
}

func (c Check) String() string {
	if c < numChecks {
		return checks[c].name
	}
	return fmt.Sprintf("check(%d)", c)
}

// Doc is a one-line description of the check.
func (c Check) Doc() string { return checks[c].doc }

// CheckNames lists the checks document rules can run.
func CheckNames() []string {
	out := make([]string, len(checks))
	for i, c := range checks {
		out[i] = c.name
	}
	return out
}

func lookupCheck(name string) (Check, bool) {
	for i, c := range checks {
		if c.name == name {
			return Check(i), true
		}
	}
	return 0, false
}

// Params are the compiled parameters of a document rule, defaults filled in.
type Params struct {
	nums  map[string]float64
	lists map[string][]string
}

// Num returns the number parameter name.
func (p Params) Num(name string) float64 { return p.nums[name] }

// List returns the list parameter name (nil when not set).
func (p Params) List(name string) []string { return p.lists[name] }

// paramValue is a parameter as written, kept as a node until the rule's
// check is known (it may come from another file).
type paramValue struct {
	node *yaml.Node
	pos  Pos
}

// params decodes a `params:` mapping; values are checked when the rule is compiled.
func (d *decoder) params(n *yaml.Node, id string) map[string]paramValue {
	out := map[string]paramValue{}
	d.mapping(n, id, func(k string, kn, v *yaml.Node) {
		out[k] = paramValue{node: v, pos: d.pos(kn)}
	})
	return out
}

// compileParams checks the parameters written for check c and fills in defaults.
func compileParams(c Check, id string, in map[string]paramValue) (Params, error) {
	p := Params{nums: map[string]float64{}, lists: map[string][]string{}}
	specs := checks[c].params
	var known []string
	for _, s := range specs {
		known = append(known, s.name)
		if !s.list {
			p.nums[s.name] = s.def
		}
	}
	names := make([]string, 0, len(in))
	for k := range in {
		names = append(names, k)
	}
	sort.Strings(names)
	d := &decoder{}
	for _, k := range names {
		v := in[k]
		var spec *paramSpec
		for i := range specs {
			if specs[i].name == k {
				spec = &specs[i]
			}
		}
		if spec == nil {
			want := "it takes none"
			if len(known) > 0 {
				want = "want " + strings.Join(known, ", ")
			}
			return p, &DecodeError{Pos: v.pos, Rule: id, Msg: fmt.Sprintf("params: check %s has no parameter %q (%s)%s", c, k, want, suggest(k, known))}
		}
		d.file = v.pos.File
		if spec.list {
			ss, ok := d.strs(v.node, id, "params: "+k)
			if !ok {
				return p, d.errs[0]
			}
			for i, s := range ss {
				ss[i] = strings.ToLower(strings.TrimSpace(s))
			}
			if k == "categories" {
				for _, c := range ss {
					if !isID(c) {
						return p, &DecodeError{Pos: Pos{File: v.pos.File, Line: v.node.Line, Col: v.node.Column}, Rule: id,
							Msg: fmt.Sprintf("params: categories: %q is not a category (lower-case letters, digits and dashes)", c)}
					}
				}
			}
			if k == "expect" {
				for _, l := range ss {
					if !isLangCode(l) {
						return p, &DecodeError{Pos: Pos{File: v.pos.File, Line: v.node.Line, Col: v.node.Column}, Rule: id,
							Msg: fmt.Sprintf("params: expect: %q is not a language code (want ISO 639-1 such as de, en)", l)}
					}
				}
			}
			p.lists[k] = ss
			continue
		}
		f, ok := d.float(v.node, id)
		if !ok {
			return p, d.errs[0]
		}
		if f < spec.min || math.IsInf(f, 0) {
			return p, &DecodeError{Pos: Pos{File: v.pos.File, Line: v.node.Line, Col: v.node.Column}, Rule: id,
				Msg: fmt.Sprintf("params: %s must be at least %g, got %g", k, spec.min, f)}
		}
		p.nums[k] = f
	}
	return p, nil
}

// AppliesToSite reports whether the rule applies to pages of site: always
// for a rule without sites, never for a page without a site otherwise.
func (r *Rule) AppliesToSite(site string) bool {
	if len(r.Sites) == 0 {
		return true
	}
	if site == "" {
		return false
	}
	site = strings.ToLower(site)
	for _, g := range r.Sites {
		if ok, _ := path.Match(g, site); ok {
			return true
		}
	}
	return false
}

// Evidence reports whether a document rule's check uses the rule's
// patterns, phrases and categories to find its lines.
func (c Check) Evidence() bool { return checks[c].evidence }
