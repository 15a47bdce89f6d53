package rules

import (
	"errors"
	"fmt"
	"math"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// DecodeError is a problem in a rules file, with its position.
type DecodeError struct {
	Pos  Pos
	Rule string // rule id, if the problem is inside a rule
	Msg  string
}

func (e *DecodeError) Error() string {
	if e.Rule != "" {
		return fmt.Sprintf("%s: rule %q: %s", e.Pos, e.Rule, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Pos, e.Msg)
}

// ruleSpec is a rule as written, before merging and compiling. Every field
// is optional so that a user file can override single keys of a default rule.
type ruleSpec struct {
	pos   Pos
	id    string
	keys  map[string]Pos // keys present, with their positions
	kind  Kind
	cat   string
	desc  string
	label Label
	wt    float64
	sev   Severity
	langs []string
	on    bool
	fixed bool // fit: false
	ends  bool
	// endCost is the cost ends-article gives (DefaultEndCost for true).
	endCost float64
	pats    []patSpec
	cs      bool
	phr     []string
	mode    PhraseMode
	when    []Cond
	dup     DupMode
	exM     []string
	exN     []string
	// effect, sites, check and params: see document.go.
	effect Effect
	sites  []string
	check  Check
	params map[string]paramValue
}

type patSpec struct {
	src string
	pos Pos
	// re, pf and err are the pattern compiled, by compileAll.
	re  *Regexp
	pf  Prefilter
	err error
}

// fileSpec is one decoded rules file.
type fileSpec struct {
	name     string
	extends  bool // extends the default rules (user files only)
	rules    []*ruleSpec
	settings *settingsSpec // nil: the file has no settings
}

type decoder struct {
	file string
	errs []error
}

func (d *decoder) pos(n *yaml.Node) Pos { return Pos{File: d.file, Line: n.Line, Col: n.Column} }

func (d *decoder) errf(n *yaml.Node, rule, format string, args ...any) {
	d.errs = append(d.errs, &DecodeError{Pos: d.pos(n), Rule: rule, Msg: fmt.Sprintf(format, args...)})
}

// parseFile decodes one rules file. name is used in error messages.
func parseFile(name string, data []byte, isDefault bool) (*fileSpec, error) {
	d := &decoder{file: name}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(name, err)
	}
	fs := &fileSpec{name: name, extends: true}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return fs, nil // empty file: extends the defaults, changes nothing
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		d.errf(root, "", "the top level must be a mapping with keys version, extends, settings, rules")
		return nil, errors.Join(d.errs...)
	}
	if worst := aliasBomb(&doc); worst != nil {
		d.errf(worst, "", "aliases expand the file to more than %d values; write the rules out instead of repeating them with *%s", maxExpanded, worst.Value)
		return nil, errors.Join(d.errs...)
	}
	d.mapping(root, "", func(k string, kn, v *yaml.Node) {
		switch k {
		case "version":
			if n, ok := d.int(v, ""); ok && n != 1 {
				d.errf(v, "", "version %d is not supported (this newslint reads version 1)", n)
			}
		case "extends":
			s, ok := d.str(v, "")
			if !ok {
				return
			}
			switch s {
			case "default":
				fs.extends = true
			case "none":
				fs.extends = false
			default:
				d.errf(v, "", "extends: want \"default\" or \"none\", got %q", s)
			}
		case "settings":
			fs.settings = d.settings(v)
		case "rules":
			fs.rules = d.rules(v, isDefault)
		default:
			d.errf(kn, "", "unknown key %q (want version, extends, settings or rules)", k)
		}
	})
	if len(d.errs) > 0 {
		return nil, errors.Join(d.errs...)
	}
	return fs, nil
}

// maxExpanded bounds the number of YAML values in a rules file with its
// aliases expanded. The decoder walks every copy an alias (*name) stands
// for, so without a bound a small file of nested aliases ("billion laughs")
// would keep it busy for hours.
const maxExpanded = 1 << 20

// aliasBomb returns the alias (the one that stands for the most values)
// when aliases make doc expand to more than maxExpanded values, or nil.
func aliasBomb(doc *yaml.Node) *yaml.Node {
	memo := map[*yaml.Node]int{}
	var worst *yaml.Node
	worstSize := 0
	var size func(n *yaml.Node) int
	size = func(n *yaml.Node) int {
		if v, ok := memo[n]; ok {
			return v
		}
		memo[n] = 1 // a node inside itself counts once
		v := 1
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			if v += size(n.Alias); v > worstSize {
				worst, worstSize = n, v
			}
		}
		for _, c := range n.Content {
			if v += size(c); v > maxExpanded {
				v = maxExpanded + 1
				break
			}
		}
		memo[n] = v
		return v
	}
	if size(doc) > maxExpanded {
		return worst // nil without aliases: then the walk is as long as the file
	}
	return nil
}

// yamlLineRE parses yaml.v3's errors; compiled when one happens, not at
// every start.
var yamlLineRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`) })

// yamlError turns a yaml.v3 syntax error into file:line: form.
func yamlError(name string, err error) error {
	msg := err.Error()
	if m := yamlLineRE().FindStringSubmatch(msg); m != nil {
		if m[1] != "" {
			line, _ := strconv.Atoi(m[1])
			return &DecodeError{Pos: Pos{File: name, Line: line, Col: 1}, Msg: "YAML syntax: " + m[2]}
		}
		return &DecodeError{Pos: Pos{File: name}, Msg: "YAML syntax: " + m[2]}
	}
	return &DecodeError{Pos: Pos{File: name}, Msg: msg}
}

// mapping walks a mapping node, reporting duplicate keys.
func (d *decoder) mapping(n *yaml.Node, rule string, f func(key string, kn, v *yaml.Node)) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		d.errf(n, rule, "want a mapping, got %s", describe(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, v := n.Content[i], resolve(n.Content[i+1])
		if seen[kn.Value] {
			d.errf(kn, rule, "key %q appears twice", kn.Value)
			continue
		}
		seen[kn.Value] = true
		f(kn.Value, kn, v)
	}
}

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!bool":
			return "the boolean " + n.Value
		case "!!null":
			return "nothing"
		}
		return fmt.Sprintf("the string %q", n.Value)
	}
	return "something else"
}

func (d *decoder) str(n *yaml.Node, rule string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || n.Tag == "!!map" || n.Tag == "!!seq" {
		d.errf(n, rule, "want a string, got %s", describe(n))
		return "", false
	}
	return n.Value, true
}

func (d *decoder) strs(n *yaml.Node, rule, key string) ([]string, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		s, ok := d.str(n, rule)
		return []string{s}, ok
	}
	if n.Kind != yaml.SequenceNode {
		d.errf(n, rule, "%s: want a list of strings, got %s", key, describe(n))
		return nil, false
	}
	out := make([]string, 0, len(n.Content))
	ok := true
	for _, c := range n.Content {
		c = resolve(c)
		if c.Kind != yaml.ScalarNode || c.Tag == "!!null" {
			d.errf(c, rule, "%s: want a string, got %s", key, describe(c))
			ok = false
			continue
		}
		out = append(out, c.Value)
	}
	return out, ok
}

func (d *decoder) float(n *yaml.Node, rule string) (float64, bool) {
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
		f, err := strconv.ParseFloat(n.Value, 64)
		if err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f, true
		}
	}
	d.errf(n, rule, "want a number, got %s", describe(n))
	return 0, false
}

func (d *decoder) int(n *yaml.Node, rule string) (int, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		i, err := strconv.Atoi(n.Value)
		if err == nil {
			return i, true
		}
	}
	d.errf(n, rule, "want a whole number, got %s", describe(n))
	return 0, false
}

func (d *decoder) bool(n *yaml.Node, rule string) (bool, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		var b bool
		if err := n.Decode(&b); err == nil {
			return b, true
		}
	}
	d.errf(n, rule, "want true or false, got %s", describe(n))
	return false, false
}

// isID reports whether s is a rule id or category: lower-case ASCII
// letters, digits and dashes, not starting with a dash.
func isID(s string) bool {
	if s == "" || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func (d *decoder) rules(n *yaml.Node, isDefault bool) []*ruleSpec {
	if n.Kind != yaml.SequenceNode {
		d.errf(n, "", "rules: want a list of rules, got %s", describe(n))
		return nil
	}
	var out []*ruleSpec
	ids := map[string]Pos{}
	for _, rn := range n.Content {
		rn = resolve(rn)
		rs := d.rule(rn)
		if rs == nil {
			continue
		}
		if p, dup := ids[rs.id]; dup {
			d.errf(rn, rs.id, "duplicate id: already defined at line %d", p.Line)
			continue
		}
		ids[rs.id] = rs.pos
		out = append(out, rs)
	}
	return out
}

var ruleKeys = []string{"id", "kind", "category", "description", "label", "weight", "severity",
	"lang", "enabled", "fit", "ends-article", "patterns", "case-sensitive", "phrases", "match", "when",
	"duplicate", "examples", "effect", "sites", "check", "params"}

func (d *decoder) rule(n *yaml.Node) *ruleSpec {
	if n.Kind != yaml.MappingNode {
		d.errf(n, "", "a rule must be a mapping with at least an id, got %s", describe(n))
		return nil
	}
	rs := &ruleSpec{pos: d.pos(n), keys: map[string]Pos{}, on: true}
	// The id first, so that every later message can name the rule.
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "id" {
			v := resolve(n.Content[i+1])
			if s, ok := d.str(v, ""); ok {
				if !isID(s) {
					d.errf(v, s, "id must be lower-case letters, digits and dashes")
				}
				rs.id = s
			}
		}
	}
	if rs.id == "" {
		d.errf(n, "", "rule has no id")
		return nil
	}
	id := rs.id
	d.mapping(n, id, func(k string, kn, v *yaml.Node) {
		rs.keys[k] = d.pos(kn)
		switch k {
		case "id":
		case "kind":
			if s, ok := d.str(v, id); ok {
				kind, found := -1, false
				for i, kname := range kindNames {
					if kname == s {
						kind, found = i, true
					}
				}
				if !found {
					d.errf(v, id, "unknown kind %q (want %s)", s, strings.Join(kindNames[:], ", "))
				}
				rs.kind = Kind(kind)
			}
		case "category":
			if s, ok := d.str(v, id); ok {
				if !isID(s) {
					d.errf(v, id, "category must be lower-case letters, digits and dashes")
				}
				rs.cat = s
			}
		case "description":
			rs.desc, _ = d.str(v, id)
		case "label":
			if s, ok := d.str(v, id); ok {
				l, err := ParseLabel(s)
				if err != nil {
					d.errf(v, id, "%v", err)
				}
				rs.label = l
			}
		case "weight":
			if f, ok := d.float(v, id); ok {
				if f < 0 {
					d.errf(v, id, "weight must not be negative: the label says which way the rule pushes")
				}
				rs.wt = f
			}
		case "severity":
			if s, ok := d.str(v, id); ok {
				sev, err := ParseSeverity(s)
				if err != nil || sev > Error {
					d.errf(v, id, "unknown severity %q (want info, warning or error)", s)
				}
				rs.sev = sev
			}
		case "lang":
			rs.langs, _ = d.strs(v, id, "lang")
		case "enabled":
			rs.on, _ = d.bool(v, id)
		case "fit":
			// false: newslint fit keeps the weight set here.
			fit, _ := d.bool(v, id)
			rs.fixed = !fit
		case "ends-article":
			// true, false, or the cost of going on with the article past
			// the line (what newslint fit learns; 0 ends articles at no
			// cost: the line still counts as an end-of-article marker).
			if v.Kind == yaml.ScalarNode && (v.Tag == "!!int" || v.Tag == "!!float") {
				if f, ok := d.float(v, id); ok {
					if f < 0 {
						d.errf(v, id, "ends-article: want true, false or a cost of 0 or more, got %g", f)
						return
					}
					rs.ends, rs.endCost = true, f
				}
				return
			}
			if b, ok := d.bool(v, id); ok {
				rs.ends, rs.endCost = b, 0
				if b {
					rs.endCost = DefaultEndCost
				}
			}
		case "patterns":
			if v.Kind == yaml.ScalarNode {
				d.errf(v, id, "patterns: want a list of regular expressions, got %s", describe(v))
				return
			}
			if v.Kind != yaml.SequenceNode {
				d.errf(v, id, "patterns: want a list of regular expressions, got %s", describe(v))
				return
			}
			for _, c := range v.Content {
				c = resolve(c)
				if s, ok := d.str(c, id); ok {
					rs.pats = append(rs.pats, patSpec{src: s, pos: d.pos(c)})
				}
			}
		case "case-sensitive":
			rs.cs, _ = d.bool(v, id)
		case "phrases":
			if v.Kind != yaml.SequenceNode {
				d.errf(v, id, "phrases: want a list of phrases, got %s", describe(v))
				return
			}
			ps, _ := d.strs(v, id, "phrases")
			for i, p := range ps {
				f := string(FoldWords(nil, p))
				if f == "" {
					d.errf(v.Content[i], id, "phrase %q has no words", p)
					continue
				}
				rs.phr = append(rs.phr, f)
			}
		case "match":
			if s, ok := d.str(v, id); ok {
				found := false
				for i, m := range phraseModeNames {
					if m == s {
						rs.mode, found = PhraseMode(i), true
					}
				}
				if !found {
					d.errf(v, id, "match: want line, start, end or anywhere, got %q", s)
				}
			}
		case "when":
			rs.when = d.conds(v, id, 0)
		case "duplicate":
			if s, ok := d.str(v, id); ok {
				switch s {
				case "exact":
					rs.dup = DupExact
				case "previous-prefix":
					rs.dup = DupPrevPrefix
				default:
					d.errf(v, id, "duplicate: want exact or previous-prefix, got %q", s)
				}
			}
		case "effect":
			if s, ok := d.str(v, id); ok {
				switch s {
				case "score":
					rs.effect = Score
				case "flag":
					rs.effect = Flag
				default:
					d.errf(v, id, "effect: want score or flag, got %q", s)
				}
			}
		case "sites":
			if ss, ok := d.strs(v, id, "sites"); ok {
				for _, g := range ss {
					if _, err := path.Match(g, ""); err != nil || strings.TrimSpace(g) == "" {
						d.errf(v, id, "sites: bad site glob %q", g)
						continue
					}
					rs.sites = append(rs.sites, strings.ToLower(g))
				}
			}
		case "check":
			if s, ok := d.str(v, id); ok {
				c, found := lookupCheck(s)
				if !found {
					d.errf(v, id, "unknown check %q (want %s)%s", s, strings.Join(CheckNames(), ", "), suggest(s, CheckNames()))
				}
				rs.check = c
			}
		case "params":
			rs.params = d.params(v, id)
		case "examples":
			d.mapping(v, id, func(k string, kn, ev *yaml.Node) {
				switch k {
				case "match":
					rs.exM, _ = d.strs(ev, id, "examples.match")
				case "no-match":
					rs.exN, _ = d.strs(ev, id, "examples.no-match")
				default:
					d.errf(kn, id, "examples: unknown key %q (want match or no-match)", k)
				}
			})
		default:
			d.errf(kn, id, "unknown key %q%s", k, suggest(k, ruleKeys))
		}
	})
	return rs
}

// conds decodes a `when:` mapping. neighbor is 0 at the top level and ±1
// inside prev:/next:.
func (d *decoder) conds(n *yaml.Node, id string, neighbor int) []Cond {
	var out []Cond
	d.mapping(n, id, func(k string, kn, v *yaml.Node) {
		if k == "prev" || k == "next" {
			if neighbor != 0 {
				d.errf(kn, id, "when: %s cannot be nested inside prev or next", k)
				return
			}
			nb := -1
			if k == "next" {
				nb = 1
			}
			out = append(out, d.conds(v, id, nb)...)
			return
		}
		f, ok := lookupFeature(k)
		if !ok {
			d.errf(kn, id, "when: unknown feature %q%s", k, suggest(k, append(FeatureNames(), "prev", "next")))
			return
		}
		if neighbor != 0 && f.Structural() && f != FScore {
			d.errf(kn, id, "when: %s is not available for prev/next", k)
			return
		}
		c := Cond{Feature: f, Neighbor: neighbor, Min: math.Inf(-1), Max: math.Inf(1)}
		switch features[f].kind {
		case vNumber:
			if v.Kind != yaml.MappingNode {
				d.errf(v, id, "when: %s: want a range such as {min: 1, max: 5}, got %s", k, describe(v))
				return
			}
			d.mapping(v, id, func(rk string, rkn, rv *yaml.Node) {
				x, ok := d.float(rv, id)
				if !ok {
					return
				}
				switch rk {
				case "min":
					c.Min = x
				case "max":
					c.Max = x
				default:
					d.errf(rkn, id, "when: %s: unknown key %q (want min or max)", k, rk)
				}
			})
			if c.Min > c.Max {
				d.errf(v, id, "when: %s: min %g is above max %g", k, c.Min, c.Max)
			}
		case vBool:
			b, ok := d.bool(v, id)
			if !ok {
				return
			}
			if b {
				c.Min, c.Max = 1, 1
			} else {
				c.Min, c.Max = 0, 0
			}
		case vEnum:
			vals, ok := d.strs(v, id, k)
			if !ok {
				return
			}
			c.Min, c.Max = math.Inf(1), math.Inf(-1)
			for _, s := range vals {
				idx := -1
				for i, bv := range BlockValues {
					if bv == s {
						idx = i
					}
				}
				if idx < 0 {
					d.errf(v, id, "when: %s: unknown value %q (want %s)", k, s, strings.Join(BlockValues, ", "))
					return
				}
				c.Min = math.Min(c.Min, float64(idx))
				c.Max = math.Max(c.Max, float64(idx))
			}
			if c.Max-c.Min+1 != float64(len(vals)) && len(vals) > 1 {
				d.errf(v, id, "when: %s: values must be neighbours (before, inside, inset, after)", k)
			}
		case vSet:
			vals, ok := d.strs(v, id, k)
			if !ok {
				return
			}
			for _, s := range vals {
				c.Set = append(c.Set, strings.ToLower(s))
			}
		}
		out = append(out, c)
	})
	return out
}

// settingsSpec holds the settings a rules file writes; nil fields are not
// written and leave the setting as it was.
type settingsSpec struct {
	failLevel       *Severity
	maxNoiseRatio   *float64
	minContentLines *int
	requiredFields  *[]string
	keep            *[]Label
	extensions      *[]string
	overrides       []Override // added to those of earlier files
	// structure holds the structure scores the file names, by name.
	structure map[string]float64
}

// apply sets what s writes on st.
func (s *settingsSpec) apply(st *Settings) {
	if s.failLevel != nil {
		st.FailLevel = *s.failLevel
	}
	if s.maxNoiseRatio != nil {
		st.MaxNoiseRatio = *s.maxNoiseRatio
	}
	if s.minContentLines != nil {
		st.MinContentLines = *s.minContentLines
	}
	if s.requiredFields != nil {
		st.RequiredFields = *s.requiredFields
	}
	if s.keep != nil {
		st.Keep = *s.keep
	}
	if s.extensions != nil {
		st.Extensions = *s.extensions
	}
	st.Overrides = append(st.Overrides, s.overrides...)
	if len(s.structure) > 0 {
		vec := st.Structure.Vector()
		for i, name := range StructureNames {
			if v, ok := s.structure[name]; ok {
				vec[i] = v
			}
		}
		st.Structure = StructureOf(vec)
	}
}

func (d *decoder) settings(n *yaml.Node) *settingsSpec {
	s := &settingsSpec{}
	d.mapping(n, "", func(k string, kn, v *yaml.Node) {
		switch k {
		case "fail-level":
			if str, ok := d.str(v, ""); ok {
				sev, err := ParseSeverity(str)
				if err != nil {
					d.errf(v, "", "settings: fail-level: %v", err)
					return
				}
				s.failLevel = &sev
			}
		case "max-noise-ratio":
			if f, ok := d.float(v, ""); ok {
				if f < 0 || f > 1 {
					d.errf(v, "", "settings: max-noise-ratio must be between 0 and 1, got %g", f)
					return
				}
				s.maxNoiseRatio = &f
			}
		case "min-content-lines":
			if i, ok := d.int(v, ""); ok {
				s.minContentLines = &i
			}
		case "required-fields":
			if ss, ok := d.requiredFields(v); ok {
				s.requiredFields = &ss
			}
		case "keep":
			if ss, ok := d.strs(v, "", "keep"); ok {
				ls, err := ParseLabels(strings.Join(ss, ","))
				if err != nil {
					d.errf(v, "", "settings: keep: %v", err)
					return
				}
				s.keep = &ls
			}
		case "extensions":
			if ss, ok := d.strs(v, "", "extensions"); ok {
				for i, e := range ss {
					if !strings.HasPrefix(e, ".") {
						ss[i] = "." + e
					}
				}
				s.extensions = &ss
			}
		case "overrides":
			s.overrides = append(s.overrides, d.overrides(v)...)
		case "structure":
			s.structure = d.structure(v)
		default:
			d.errf(kn, "", "settings: unknown key %q%s", k, suggest(k, []string{"fail-level", "max-noise-ratio", "min-content-lines", "required-fields", "keep", "extensions", "overrides", "structure"}))
		}
	})
	return s
}

// structure decodes settings: structure: the decoder's scores, each
// optional (a user file changes the ones it names).
func (d *decoder) structure(n *yaml.Node) map[string]float64 {
	out := map[string]float64{}
	d.mapping(n, "", func(k string, kn, v *yaml.Node) {
		if !slices.Contains(StructureNames[:], k) {
			d.errf(kn, "", "settings: structure: unknown key %q%s", k, suggest(k, StructureNames[:]))
			return
		}
		if f, ok := d.float(v, ""); ok {
			out[k] = f
		}
	})
	return out
}

func (d *decoder) overrides(n *yaml.Node) []Override {
	if n.Kind != yaml.SequenceNode {
		d.errf(n, "", "settings: overrides: want a list, got %s", describe(n))
		return nil
	}
	var out []Override
	for _, on := range n.Content {
		on = resolve(on)
		o := Override{Pos: d.pos(on)}
		d.mapping(on, "", func(k string, kn, v *yaml.Node) {
			switch k {
			case "paths":
				if s, ok := d.str(v, ""); ok {
					if _, err := path.Match(s, ""); err != nil {
						d.errf(v, "", "settings: overrides: paths: bad glob %q: %v", s, err)
					}
					o.Glob = s
				}
			case "fail-level":
				if s, ok := d.str(v, ""); ok {
					sev, err := ParseSeverity(s)
					if err != nil {
						d.errf(v, "", "settings: overrides: fail-level: %v", err)
					}
					o.FailLevel = &sev
				}
			case "max-noise-ratio":
				if f, ok := d.float(v, ""); ok {
					o.MaxNoiseRatio = &f
				}
			case "min-content-lines":
				if i, ok := d.int(v, ""); ok {
					o.MinContentLines = &i
				}
			case "required-fields":
				o.RequiredFields, _ = d.requiredFields(v)
			case "disable":
				o.Disable, _ = d.strs(v, "", "disable")
			default:
				d.errf(kn, "", "settings: overrides: unknown key %q (want paths, fail-level, max-noise-ratio, min-content-lines, required-fields, disable)", k)
			}
		})
		if o.Glob == "" {
			d.errf(on, "", "settings: overrides: an override needs paths (a glob)")
			continue
		}
		out = append(out, o)
	}
	return out
}

func (d *decoder) requiredFields(v *yaml.Node) ([]string, bool) {
	ss, ok := d.strs(v, "", "required-fields")
	if !ok {
		return nil, false
	}
	for _, f := range ss {
		if !slices.Contains(RecordFields, f) {
			d.errf(v, "", "settings: required-fields: unknown field %q (want %s)", f, strings.Join(RecordFields, ", "))
			return nil, false
		}
	}
	return ss, true
}

// suggest returns ` (did you mean "x"?)` for a close known key.
func suggest(k string, known []string) string {
	best, bd := "", 3
	for _, c := range known {
		if dd := editDistance(k, c); dd < bd {
			best, bd = c, dd
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
