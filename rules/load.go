package rules

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp/syntax"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// DefaultName is the name used for the embedded default rules in messages.
const DefaultName = "rules.yaml (built in)"

// ConfigNames are the file names Find looks for, in order.
var ConfigNames = []string{".newslint.yaml", "rules.yaml"}

// Find looks for a rules file in dir and its parents and returns its path,
// or "" when there is none.
func Find(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		for _, n := range ConfigNames {
			p := filepath.Join(dir, n)
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
				return p
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Default returns the built-in rule set.
func Default() (*Set, error) { return Parse(nil, "") }

// Load builds the rule set from the defaults and the user file at path
// ("" for the defaults alone).
func Load(path string) (*Set, error) {
	if path == "" {
		return Default()
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	return Parse(data, path)
}

// Parse builds the rule set from the defaults and user file data named
// name. With name "" the defaults alone are used.
func Parse(data []byte, name string) (*Set, error) {
	def, err := builtinFile()
	if err != nil {
		return nil, err
	}
	files := []*fileSpec{def}
	if name != "" {
		user, err := parseFile(name, data, false)
		if err != nil {
			return nil, err
		}
		if !user.extends {
			files = files[:0]
		}
		files = append(files, user)
	}
	return build(files)
}

// ParseOnly builds a rule set from data alone, without the defaults, as a
// file with `extends: none` would. Tests and the rule editor use it.
func ParseOnly(data []byte, name string) (*Set, error) {
	fs, err := parseFile(name, data, false)
	if err != nil {
		return nil, err
	}
	return build([]*fileSpec{fs})
}

func build(files []*fileSpec) (*Set, error) {
	set := &Set{Settings: DefaultSettings()}
	var specs []*ruleSpec
	byID := map[string]*ruleSpec{}
	for _, f := range files {
		set.Sources = append(set.Sources, f.name)
		for _, rs := range f.rules {
			if base, ok := byID[rs.id]; ok {
				base.override(rs)
				continue
			}
			specs = append(specs, rs)
			byID[rs.id] = rs
		}
		if f.settings != nil {
			f.settings.apply(&set.Settings)
		}
	}
	compileAll(specs)
	var errs []error
	for _, rs := range specs {
		r, err := rs.compile()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		set.Rules = append(set.Rules, r)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	set.index()
	for _, o := range set.Settings.Overrides {
		for _, id := range o.Disable {
			if set.byID[id] == nil {
				return nil, &DecodeError{Pos: o.Pos, Msg: fmt.Sprintf("settings: overrides %q: disable: no rule %q", o.Glob, id)}
			}
		}
	}
	return set, nil
}

// override copies the keys present in o onto rs.
func (rs *ruleSpec) override(o *ruleSpec) {
	for k, p := range o.keys {
		rs.keys[k] = p
		switch k {
		case "kind":
			rs.kind = o.kind
		case "category":
			rs.cat = o.cat
		case "description":
			rs.desc = o.desc
		case "label":
			rs.label = o.label
		case "weight":
			rs.wt = o.wt
		case "severity":
			rs.sev = o.sev
		case "lang":
			rs.langs = o.langs
		case "enabled":
			rs.on = o.on
		case "fit":
			rs.fixed = o.fixed
		case "ends-article":
			rs.ends, rs.endCost = o.ends, o.endCost
		case "patterns":
			rs.pats = o.pats
		case "case-sensitive":
			rs.cs = o.cs
		case "phrases":
			rs.phr = o.phr
		case "match":
			rs.mode = o.mode
		case "when":
			rs.when = o.when
		case "duplicate":
			rs.dup = o.dup
		case "examples":
			rs.exM, rs.exN = o.exM, o.exN
		case "effect":
			rs.effect = o.effect
		case "sites":
			rs.sites = o.sites
		case "check":
			rs.check = o.check
		case "params":
			// Parameters merge: a user file changes the ones it names.
			merged := map[string]paramValue{}
			for pk, pv := range rs.params {
				merged[pk] = pv
			}
			for pk, pv := range o.params {
				merged[pk] = pv
			}
			rs.params = merged
		}
	}
	rs.pos = o.pos
}

// isLangCode reports whether s is two or three lower-case ASCII letters.
func isLangCode(s string) bool {
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func (rs *ruleSpec) compile() (*Rule, error) {
	errf := func(key, format string, args ...any) error {
		p := rs.pos
		if kp, ok := rs.keys[key]; ok {
			p = kp
		}
		return &DecodeError{Pos: p, Rule: rs.id, Msg: fmt.Sprintf(format, args...)}
	}
	has := func(k string) bool { _, ok := rs.keys[k]; return ok }
	r := &Rule{
		ID: rs.id, Kind: rs.kind, Category: rs.cat, Description: rs.desc, Label: rs.label,
		Weight: 1, Severity: Warning, Langs: rs.langs, Disabled: !rs.on, Fixed: rs.fixed, EndsArticle: rs.ends, EndCost: rs.endCost,
		Phrases: rs.phr, PhraseMode: rs.mode, When: rs.when, Dup: rs.dup,
		Examples: Examples{Match: rs.exM, NoMatch: rs.exN}, Pos: rs.pos,
		Effect: rs.effect, Sites: rs.sites, Check: rs.check,
	}
	if !has("kind") {
		return nil, errf("id", "missing kind (want %s)", strings.Join(kindNames[:], ", "))
	}
	// Flag and document rules report and do not score: they need a
	// category for their findings, and no label.
	reports := r.Kind == Document || r.Effect == Flag
	if !has("label") && !reports {
		return nil, errf("id", "missing label (want noise, content, title or meta)")
	}
	if has("weight") {
		r.Weight = rs.wt
	}
	if has("severity") {
		r.Severity = rs.sev
	} else if r.Label != Noise && !reports {
		r.Severity = Info
	}
	if reports && r.Category == "" {
		what := "a flag rule"
		if r.Kind == Document {
			what = "a document rule"
		}
		return nil, errf("id", "%s needs a category for its findings (such as %s)", what, "encoding, markup, truncated")
	}
	if r.Label == Noise && r.Category == "" {
		return nil, errf("label", "a noise rule needs a category (such as %s)", "teaser, caption, navigation")
	}
	if !has("description") || strings.TrimSpace(rs.desc) == "" {
		return nil, errf("id", "missing description")
	}
	for _, l := range rs.langs {
		if !isLangCode(l) {
			return nil, errf("lang", "lang: %q is not a language code (want ISO 639-1 such as de, en)", l)
		}
	}
	for _, p := range rs.pats { // compiled by compileAll
		if p.err != nil {
			return nil, &DecodeError{Pos: p.pos, Rule: rs.id, Msg: "pattern: " + p.err.Error()}
		}
		r.Patterns = append(r.Patterns, p.re)
		r.Prefilters = append(r.Prefilters, p.pf)
	}
	structural, neighbour := false, false
	for _, c := range rs.when {
		structural = structural || c.Feature.Structural()
		neighbour = neighbour || c.Neighbor != 0
	}
	switch r.Kind {
	case Pattern:
		if len(r.Patterns) == 0 {
			return nil, errf("kind", "a pattern rule needs patterns")
		}
	case Phrases:
		if len(r.Phrases) == 0 {
			return nil, errf("kind", "a phrases rule needs phrases")
		}
	case FeatureKind:
		if len(rs.when) == 0 {
			return nil, errf("kind", "a feature rule needs when: conditions")
		}
		if structural || neighbour {
			return nil, errf("when", "a feature rule tests the line alone; use kind: context for prev/next and structural features")
		}
	case Context:
		if !structural && !neighbour {
			return nil, errf("kind", "a context rule needs when: conditions on prev/next or on the page structure (block, teaser-unit, after-end-marker, lines-to-block, lines-into-block, score, context-score)")
		}
	case Duplicate:
		if !has("duplicate") {
			return nil, errf("kind", "a duplicate rule needs duplicate: exact or previous-prefix")
		}
	case Document:
		if !has("check") {
			return nil, errf("kind", "a document rule needs check: one of %s", strings.Join(CheckNames(), ", "))
		}
		if has("when") {
			return nil, errf("when", "when: conditions are for line rules; a document rule's check looks at the whole page (tune it with params)")
		}
		if has("effect") {
			return nil, errf("effect", "a document rule always reports and never scores: effect is for line rules")
		}
		evidence := len(rs.pats) > 0 || len(rs.phr) > 0
		if evidence && !r.Check.Evidence() {
			key := "patterns"
			if len(rs.phr) > 0 {
				key = "phrases"
			}
			return nil, errf(key, "check %s takes no %s", r.Check, key)
		}
		p, err := compileParams(r.Check, rs.id, rs.params)
		if err != nil {
			return nil, err
		}
		r.Params = p
		if r.Check == CheckNotArticle || r.Check == CheckCutOff {
			if !evidence && len(p.List("categories")) == 0 {
				return nil, errf("check", "check %s needs patterns, phrases or params: categories to find its lines", r.Check)
			}
		}
	}
	if r.Kind != Document && (has("check") || has("params")) {
		key := "check"
		if !has("check") {
			key = "params"
		}
		return nil, errf(key, "%s is for document rules, not %s rules", key, r.Kind)
	}
	if r.Kind != Pattern && r.Kind != Context && r.Kind != Document && len(rs.pats) > 0 {
		return nil, errf("patterns", "patterns are for pattern, context and document rules, not %s rules", r.Kind)
	}
	if r.Kind != Phrases && r.Kind != Context && r.Kind != Document && len(rs.phr) > 0 {
		return nil, errf("phrases", "phrases are for phrases, context and document rules, not %s rules", r.Kind)
	}
	if len(rs.pats) > 0 && len(rs.phr) > 0 {
		return nil, errf("phrases", "a rule takes patterns or phrases, not both")
	}
	if !r.Disabled && len(rs.exM) == 0 {
		return nil, errf("id", "missing examples: match (every rule carries lines it must match)")
	}
	if !r.Disabled && len(rs.exN) == 0 {
		return nil, errf("id", "missing examples: no-match (every rule carries lines it must not match)")
	}
	if math.IsNaN(r.Weight) {
		return nil, errf("weight", "weight is not a number")
	}
	return r, nil
}

// compileAll compiles the patterns of all rules ahead, on every CPU: the
// prefilters of a large rule set are most of what a run pays before its
// first line (pre-commit runs newslint often, on one small file). The
// built-in rules come compiled (builtin_gen.go), unless a user file made
// one case-sensitive.
func compileAll(specs []*ruleSpec) {
	var jobs []*patSpec
	var cs []bool
	for _, rs := range specs {
		for i := range rs.pats {
			if p := rs.pats[i]; p.re != nil && p.re.caseSensitive() == rs.cs {
				continue // compiled by go generate (see builtinFile)
			}
			jobs = append(jobs, &rs.pats[i])
			cs = append(cs, rs.cs)
		}
	}
	if len(jobs) == 0 {
		return
	}
	workers := min(runtime.GOMAXPROCS(0), 4)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= len(jobs) {
					return
				}
				p := jobs[k]
				p.re, p.pf, p.err = compilePattern(p.src, cs[k])
			}
		}()
	}
	wg.Wait()
}

// compilePattern compiles a rule's regular expression. Go's \b, \B, \w and \W
// know only ASCII letters, so "\büber" never matches: they are refused with
// the Unicode-aware spelling to use instead.
func compilePattern(src string, caseSensitive bool) (*Regexp, Prefilter, error) {
	for i := 0; i+1 < len(src); i++ {
		if src[i] != '\\' {
			continue
		}
		switch src[i+1] {
		case 'b', 'B':
			return nil, nil, fmt.Errorf(`\%c in %q knows only ASCII letters and fails on "über" and "Straße"; write (?:^|[^\pL\pN]) before a word or (?:$|[^\pL\pN]) after it`, src[i+1], src)
		case 'w', 'W':
			return nil, nil, fmt.Errorf(`\%c in %q knows only ASCII letters; write [\pL\pN_] (or [^\pL\pN_]) instead`, src[i+1], src)
		}
		i++ // skip the escaped character
	}
	flags := ""
	if !caseSensitive {
		flags = "(?i)"
	}
	tree, err := syntax.Parse(flags+src, syntax.Perl)
	if err != nil {
		// Parse again without the flags, so the message quotes what the user wrote.
		if _, err2 := syntax.Parse(src, syntax.Perl); err2 != nil {
			err = err2
		}
		var se *syntax.Error
		if errors.As(err, &se) {
			return nil, nil, fmt.Errorf("%s: %q in %q", se.Code, se.Expr, src)
		}
		return nil, nil, err
	}
	rx := &Regexp{src: flags + src, nocase: !caseSensitive}
	if !caseSensitive {
		rx.tree = tree
	}
	return rx, prefilterOf(tree), nil
}

// exprString prints re as a regular expression that parses (with
// syntax.Perl) to an equivalent one. syntax.Regexp.String does too, but its
// time grows with the square of the tree's depth: tens of milliseconds for
// the default rules, paid at every start.
func exprString(re *syntax.Regexp) string {
	var b strings.Builder
	writeExpr(&b, re)
	return b.String()
}

func writeExpr(b *strings.Builder, re *syntax.Regexp) {
	group := func(sub *syntax.Regexp) {
		b.WriteString("(?:")
		writeExpr(b, sub)
		b.WriteString(")")
	}
	switch re.Op {
	case syntax.OpNoMatch:
		b.WriteString(`[^\x00-\x{10FFFF}]`)
	case syntax.OpEmptyMatch:
		b.WriteString(`(?:)`)
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			writeRune(b, r)
		}
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			b.WriteString(`[^\x00-\x{10FFFF}]`)
			break
		}
		b.WriteByte('[')
		for i := 0; i+1 < len(re.Rune); i += 2 {
			writeRune(b, re.Rune[i])
			if re.Rune[i+1] != re.Rune[i] {
				b.WriteByte('-')
				writeRune(b, re.Rune[i+1])
			}
		}
		b.WriteByte(']')
	case syntax.OpAnyCharNotNL:
		b.WriteString(`(?-s:.)`)
	case syntax.OpAnyChar:
		b.WriteString(`(?s:.)`)
	case syntax.OpBeginLine:
		b.WriteString(`(?m:^)`)
	case syntax.OpEndLine:
		b.WriteString(`(?m:$)`)
	case syntax.OpBeginText:
		b.WriteString(`\A`)
	case syntax.OpEndText:
		b.WriteString(`\z`)
	case syntax.OpWordBoundary:
		b.WriteString(`\b`)
	case syntax.OpNoWordBoundary:
		b.WriteString(`\B`)
	case syntax.OpCapture:
		group(re.Sub[0])
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		group(re.Sub[0])
		switch re.Op {
		case syntax.OpStar:
			b.WriteByte('*')
		case syntax.OpPlus:
			b.WriteByte('+')
		case syntax.OpQuest:
			b.WriteByte('?')
		default:
			fmt.Fprintf(b, "{%d,", re.Min)
			if re.Max >= 0 {
				fmt.Fprintf(b, "%d", re.Max)
			}
			b.WriteByte('}')
		}
		if re.Flags&syntax.NonGreedy != 0 {
			b.WriteByte('?')
		}
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			group(sub)
		}
	case syntax.OpAlternate:
		b.WriteString("(?:")
		for i, sub := range re.Sub {
			if i > 0 {
				b.WriteByte('|')
			}
			writeExpr(b, sub)
		}
		b.WriteString(")")
	default:
		b.WriteString(re.String()) // not produced by the parser
	}
}

// writeRune writes r so that it stands for itself, in or out of a class.
func writeRune(b *strings.Builder, r rune) {
	switch {
	case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'):
		b.WriteRune(r)
	default:
		var buf [16]byte
		b.WriteString(`\x{`)
		b.Write(strconv.AppendInt(buf[:0], int64(r), 16))
		b.WriteByte('}')
	}
}

// foldedExpr returns a copy of the case-insensitive expression re that
// matches FoldCase(s) exactly when re matches s: its literals folded to the
// smallest rune of their case orbit, matched case-sensitively. Character
// classes need no change: under (?i) the parser closes them under case
// folding, so a class holds a rune exactly when it holds its fold. It
// reports false when part of re is case-sensitive ((?-i)).
func foldedExpr(re *syntax.Regexp) (*syntax.Regexp, bool) {
	c := *re
	switch c.Op {
	case syntax.OpLiteral, syntax.OpCharClass:
		if c.Flags&syntax.FoldCase == 0 {
			return nil, false
		}
		if c.Op == syntax.OpLiteral {
			c.Rune = make([]rune, len(re.Rune))
			for i, r := range re.Rune {
				c.Rune[i] = foldMin(r)
			}
		}
	}
	c.Flags &^= syntax.FoldCase
	if len(re.Sub) > 0 {
		c.Sub = make([]*syntax.Regexp, len(re.Sub))
		for i, sub := range re.Sub {
			var ok bool
			if c.Sub[i], ok = foldedExpr(sub); !ok {
				return nil, false
			}
		}
	}
	c.Sub0 = [1]*syntax.Regexp{}
	return &c, true
}
