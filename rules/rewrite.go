package rules

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Fitted is what newslint fit learns for a rule set: rule weights, the
// end costs of end-of-article rules (see Rule.EndCost), and the structure
// scores.
type Fitted struct {
	Weights   map[string]float64
	EndCosts  map[string]float64
	Structure Structure
}

// Rewrite returns the rules file data (named name, for messages) with the
// weights, end costs and structure scores of f written into it, and every
// other byte left as it was: a rule's `weight:` value is replaced (or a
// `weight:` line added after its `label:` line), its `ends-article:`
// value replaced, and the `structure:` mapping under `settings:` replaced
// (or added at the end of `settings:`, or a `settings:` block added
// before `rules:`). Numbers are written with at most three decimals. A
// rule of f that the file does not define is an error: the file must be
// the one the fit read.
func Rewrite(data []byte, name string, f Fitted) ([]byte, error) {
	return rewrite(data, name, f, nil)
}

// RewriteOverlay is Rewrite for a rules file that extends other rules (an
// overlay, such as the file newslint serve edits), where set is the rule
// set the file gives as it stands (the file over the rules it extends).
// Only the values of f that differ from set's once rounded to three
// decimals are written, so a fit that moved nothing leaves the file as it
// was. A rule the file defines gets its values written as by Rewrite (and
// an `ends-article:` line added when it has none); a rule it does not
// define gets an override entry (`- id: …` with `weight:` and
// `ends-article:` as they differ) appended to `rules:`, in set's order (an
// empty `rules: []` becomes a block list; a file without `rules:` gets
// one at its end). Of the structure scores, only those that differ are
// written under `settings: structure:`, the others left as the file has
// them. A rule of f that set does not hold is an error.
func RewriteOverlay(data []byte, name string, f Fitted, set *Set) ([]byte, error) {
	if set == nil {
		return nil, fmt.Errorf("%s: rewriting an overlay needs the rule set it gives", name)
	}
	return rewrite(data, name, f, set)
}

// edit is one change of a rules file's lines. With old set, it replaces
// the scalar old at line:col; otherwise it replaces lines [line, upto)
// with text (an insertion before line when upto == line). Insertions at
// the same place read in the order of their place: keys added to a
// mapping above (0), then entries added to the rules list (1), then new
// top-level blocks (2).
type edit struct {
	line, col int // 1-based
	old       string
	upto      int
	text      string
	place     int
}

// rewrite implements Rewrite (base nil) and RewriteOverlay.
func rewrite(data []byte, name string, f Fitted, base *Set) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var root *yaml.Node
	switch {
	case len(doc.Content) > 0 && doc.Content[0].Kind == yaml.MappingNode:
		root = doc.Content[0]
	case base != nil && (len(doc.Content) == 0 || (doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null")):
		root = &yaml.Node{Kind: yaml.MappingNode} // a file of comments only
	default:
		return nil, fmt.Errorf("%s: not a rules file (want a mapping with rules:)", name)
	}
	text := string(data)
	noFinalNewline := text != "" && !strings.HasSuffix(text, "\n")
	if noFinalNewline {
		text += "\n"
	}
	lines := strings.SplitAfter(text, "\n")
	lines = lines[:len(lines)-1] // the empty string after the final newline
	structure := make([]bool, NumStructure)
	for k := range structure {
		structure[k] = true
	}
	if base != nil {
		var err error
		if f, structure, err = changedValues(f, base, name); err != nil {
			return nil, err
		}
	}

	var edits []edit
	seen := map[string]bool{}
	rulesNode := mapValue(root, "rules")
	if rulesNode != nil && rulesNode.Kind == yaml.SequenceNode {
		for _, rn := range rulesNode.Content {
			rn = resolve(rn)
			if rn.Kind != yaml.MappingNode {
				continue
			}
			idNode := mapValue(rn, "id")
			if idNode == nil {
				continue
			}
			id := idNode.Value
			w, hasW := f.Weights[id]
			c, hasC := f.EndCosts[id]
			seen[id] = true
			if !hasW && !hasC {
				continue
			}
			// Values the rule has are replaced; the others are new lines
			// after its label (or id) line, indented as it.
			var added []string
			if hasW {
				if v := mapValue(rn, "weight"); v != nil {
					edits = append(edits, edit{line: v.Line, col: v.Column, old: v.Value, text: fmtNum(w)})
				} else {
					added = append(added, "weight: "+fmtNum(w))
				}
			}
			if hasC {
				switch v := mapValue(rn, "ends-article"); {
				case v != nil:
					edits = append(edits, edit{line: v.Line, col: v.Column, old: v.Value, text: fmtNum(c)})
				case base == nil:
					return nil, fmt.Errorf("%s:%d: rule %q: an end cost for a rule without ends-article", name, rn.Line, id)
				default:
					added = append(added, "ends-article: "+fmtNum(c))
				}
			}
			if len(added) > 0 {
				if rn.Style&yaml.FlowStyle != 0 {
					return nil, fmt.Errorf("%s:%d: rule %q is written on one line ({…}): give it %s there, or write it as a block", name, rn.Line, id, strings.Join(added, ", "))
				}
				after := mapKey(rn, "label")
				if after == nil {
					after = mapKey(rn, "id")
				}
				var b strings.Builder
				for _, a := range added {
					b.WriteString(strings.Repeat(" ", after.Column-1) + a + "\n")
				}
				edits = append(edits, edit{line: after.Line + 1, upto: after.Line + 1, text: b.String()})
			}
		}
	}
	var missing []string
	for id := range f.Weights {
		if !seen[id] {
			missing = append(missing, id)
		}
	}
	for id := range f.EndCosts {
		if !seen[id] && !slices.Contains(missing, id) {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		if base == nil {
			sort.Strings(missing)
			return nil, fmt.Errorf("%s: no rule %s in this file: write the fit into the rules file it read", name, strings.Join(missing, ", "))
		}
		e, err := appendRules(lines, root, name, f, base, missing)
		if err != nil {
			return nil, err
		}
		edits = append(edits, e)
	}
	e, err := structureEdits(lines, root, f.Structure, structure, base)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	edits = append(edits, e...)

	// Apply from the end, so that positions stay valid: on one line, the
	// scalars from the right, then a replacement of the line, then the
	// insertions before it, the last to read first.
	order := make([]int, len(edits))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		ea, eb := edits[order[a]], edits[order[b]]
		switch {
		case ea.line != eb.line:
			return ea.line > eb.line
		case ea.col != eb.col:
			return ea.col > eb.col
		case ea.upto != eb.upto:
			return ea.upto > eb.upto
		case ea.place != eb.place:
			return ea.place > eb.place
		}
		return order[a] > order[b]
	})
	for _, i := range order {
		e := edits[i]
		if e.old == "" {
			i := min(e.line-1, len(lines))
			lines = slices.Concat(lines[:i], []string{e.text}, lines[min(e.upto-1, len(lines)):])
			continue
		}
		l := lines[e.line-1]
		// Columns count runes; find the byte offset of the column.
		off := byteOffset(l, e.col-1)
		if !strings.HasPrefix(l[off:], e.old) {
			return nil, fmt.Errorf("%s:%d:%d: cannot find %q to replace", name, e.line, e.col, e.old)
		}
		lines[e.line-1] = l[:off] + e.text + l[off+len(e.old):]
	}
	out := []byte(strings.Join(lines, ""))
	if noFinalNewline {
		out = bytes.TrimSuffix(out, []byte("\n"))
	}
	// The result must still read as a rules file, with the values written.
	if _, err := parseFile(name, out, false); err != nil {
		return nil, fmt.Errorf("rewriting %s: %w", name, err)
	}
	return out, nil
}

// changedValues returns the values of f that differ from set's once
// rounded as written, and which structure scores differ.
func changedValues(f Fitted, set *Set, name string) (Fitted, []bool, error) {
	out := Fitted{Weights: map[string]float64{}, EndCosts: map[string]float64{}, Structure: f.Structure}
	var unknown []string
	for id, w := range f.Weights {
		r := set.Rule(id)
		switch {
		case r == nil:
			unknown = append(unknown, id)
		case fmtNum(w) != fmtNum(r.Weight):
			out.Weights[id] = w
		}
	}
	for id, c := range f.EndCosts {
		r := set.Rule(id)
		switch {
		case r == nil:
			if !slices.Contains(unknown, id) {
				unknown = append(unknown, id)
			}
		case !r.EndsArticle || fmtNum(c) != fmtNum(r.EndCost):
			out.EndCosts[id] = c
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return Fitted{}, nil, fmt.Errorf("%s: no rule %s in the rule set: the fit is of other rules", name, strings.Join(unknown, ", "))
	}
	differ := make([]bool, NumStructure)
	now, was := f.Structure.Vector(), set.Settings.Structure.Vector()
	for k := range differ {
		differ[k] = fmtNum(now[k]) != fmtNum(was[k])
	}
	return out, differ, nil
}

// appendRules returns the edit that appends an override entry for each
// rule ids (of f, not defined in the file) to the file's rules: list, in
// set's order.
func appendRules(lines []string, root *yaml.Node, name string, f Fitted, set *Set, ids []string) (edit, error) {
	indent := "  " // of the entries' dashes
	var at, upto int
	head := ""
	key, seq := mapKey(root, "rules"), mapValue(root, "rules")
	switch {
	case key == nil:
		// No rules: a list at the end of the file.
		at = len(lines) + 1
		head = "rules:\n"
		if at > 1 && strings.TrimSpace(lines[at-2]) != "" {
			head = "\n" + head
		}
	case seq.Kind == yaml.SequenceNode && seq.Style&yaml.FlowStyle != 0:
		// rules: [] becomes a block list (any comment after it stays).
		if len(seq.Content) > 0 {
			return edit{}, fmt.Errorf("%s:%d: rules: is a list on one line ([…]): write it as a block list to add rules to it", name, seq.Line)
		}
		l := lines[seq.Line-1]
		open := byteOffset(l, seq.Column-1)
		closing := strings.IndexByte(l[open:], ']')
		if l[open] != '[' || closing < 0 {
			return edit{}, fmt.Errorf("%s:%d: rules: cannot find the empty list [] on its line", name, seq.Line)
		}
		rest := strings.TrimRight(l[open+closing+1:], " \t\r\n")
		head = strings.TrimRight(l[:open], " \t") + rest + "\n"
		at, upto = seq.Line, seq.Line+1
		indent = strings.Repeat(" ", key.Column-1) + "  "
	case seq.Kind == yaml.SequenceNode:
		at = seqEnd(lines, key)
		if len(seq.Content) > 0 {
			first := resolve(seq.Content[0])
			l := lines[first.Line-1]
			if dash := strings.LastIndexByte(l[:byteOffset(l, first.Column-1)], '-'); dash >= 0 {
				indent = strings.Repeat(" ", utf8.RuneCountInString(l[:dash]))
			}
		} else {
			indent = strings.Repeat(" ", key.Column-1) + "  "
		}
	case seq.Kind == yaml.ScalarNode && seq.Tag == "!!null":
		// rules: with nothing under it.
		at = seqEnd(lines, key)
		indent = strings.Repeat(" ", key.Column-1) + "  "
	default:
		return edit{}, fmt.Errorf("%s:%d: rules: want a list", name, seq.Line)
	}
	place := 1
	if key == nil {
		place = 2
	}
	if upto == 0 {
		upto = at
	}
	var b strings.Builder
	b.WriteString(head)
	for _, r := range set.Rules {
		if !slices.Contains(ids, r.ID) {
			continue
		}
		fmt.Fprintf(&b, "%s- id: %s\n", indent, r.ID)
		if w, ok := f.Weights[r.ID]; ok {
			fmt.Fprintf(&b, "%s  weight: %s\n", indent, fmtNum(w))
		}
		if c, ok := f.EndCosts[r.ID]; ok {
			fmt.Fprintf(&b, "%s  ends-article: %s\n", indent, fmtNum(c))
		}
	}
	return edit{line: at, upto: upto, text: b.String(), place: place}, nil
}

// seqEnd returns the 1-based line after the block of the key rules:
// lines indented past the key, and lines of the list's items when they
// are not indented ("rules:\n- id: …"); blank lines at its end belong to
// what follows.
func seqEnd(lines []string, key *yaml.Node) int {
	col := key.Column - 1 // the key's indentation
	end := key.Line       // index of the line after the last one of the block
	for i := key.Line; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimLeft(l, " ")
		switch ind := len(l) - len(t); {
		case strings.TrimSpace(t) == "" || strings.HasPrefix(t, "#"):
			continue
		case ind > col, ind == col && (strings.HasPrefix(t, "- ") || strings.TrimSpace(t) == "-"):
			end = i + 1
			continue
		}
		break
	}
	return end + 1
}

// structureEdits returns the edits that write the structure scores s
// whose write flag is set. Without base (Rewrite), every score is written
// and an existing structure: block replaced whole; with it, the scores
// that differ are replaced or added one by one, the other lines of the
// block (comments too) kept.
func structureEdits(lines []string, root *yaml.Node, s Structure, write []bool, base *Set) ([]edit, error) {
	if !slices.Contains(write, true) {
		return nil, nil
	}
	vec := s.Vector()
	block := func(indent string, keep map[string]bool) string {
		var b strings.Builder
		fmt.Fprintf(&b, "%sstructure:\n", indent)
		for k, n := range StructureNames {
			if write[k] || keep[n] {
				v := vec[k]
				if !write[k] {
					v = base.Settings.Structure.Vector()[k]
				}
				fmt.Fprintf(&b, "%s  %s: %s\n", indent, n, fmtNum(v))
			}
		}
		return b.String()
	}
	settings := mapValue(root, "settings")
	switch {
	case settings != nil && settings.Kind == yaml.MappingNode && settings.Style&yaml.FlowStyle == 0:
		key := mapKey(settings, "structure")
		if key == nil {
			indent := strings.Repeat(" ", max(0, settingsIndent(settings)-1))
			last := settings.Content[len(settings.Content)-1]
			end := blockEnd(lines, last.Line, settings.Content[len(settings.Content)-2].Column)
			return []edit{{line: end, upto: end, text: block(indent, nil)}}, nil
		}
		st := mapValue(settings, "structure")
		if base != nil && st.Kind == yaml.MappingNode && st.Style&yaml.FlowStyle == 0 && len(st.Content) > 0 {
			// One score at a time.
			var edits []edit
			var added strings.Builder
			for k, n := range StructureNames {
				if !write[k] {
					continue
				}
				if v := mapValue(st, n); v != nil {
					edits = append(edits, edit{line: v.Line, col: v.Column, old: v.Value, text: fmtNum(vec[k])})
				} else {
					fmt.Fprintf(&added, "%s%s: %s\n", strings.Repeat(" ", st.Content[0].Column-1), n, fmtNum(vec[k]))
				}
			}
			if added.Len() > 0 {
				last := st.Content[len(st.Content)-1]
				end := blockEnd(lines, last.Line, st.Content[0].Column)
				edits = append(edits, edit{line: end, upto: end, text: added.String()})
			}
			return edits, nil
		}
		// The whole block, keeping the scores the file gives.
		keep := map[string]bool{}
		if st.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(st.Content); i += 2 {
				keep[st.Content[i].Value] = true
			}
		}
		end := blockEnd(lines, key.Line, key.Column)
		return []edit{{line: key.Line, upto: end, text: block(strings.Repeat(" ", key.Column-1), keep)}}, nil
	case settings != nil:
		return nil, fmt.Errorf("line %d: settings: want a block mapping to write the structure scores into", settings.Line)
	}
	at := len(lines) + 1
	if rk := mapKey(root, "rules"); rk != nil {
		at = rk.Line
	}
	text := "settings:\n" + block("  ", nil)
	if at <= len(lines) {
		text += "\n"
	} else if at > 1 && strings.TrimSpace(lines[at-2]) != "" {
		text = "\n" + text
	}
	return []edit{{line: at, upto: at, text: text, place: 2}}, nil
}

// mapKey returns the key node of k in mapping m, or nil.
func mapKey(m *yaml.Node, k string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == k {
			return m.Content[i]
		}
	}
	return nil
}

// mapValue returns the value node of k in mapping m, or nil.
func mapValue(m *yaml.Node, k string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == k {
			return resolve(m.Content[i+1])
		}
	}
	return nil
}

// settingsIndent is the column of the keys of the settings mapping.
func settingsIndent(m *yaml.Node) int {
	if len(m.Content) > 0 {
		return m.Content[0].Column
	}
	return 3
}

// blockEnd returns the 1-based line after the block that starts at line
// from with a key at column col: the first later line that is not blank,
// not a comment, and indented at col or less.
func blockEnd(lines []string, from, col int) int {
	for i := from; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimLeft(l, " ")
		if strings.TrimSpace(t) == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if len(l)-len(t) < col {
			// Trailing blank and comment lines belong to what follows.
			end := i
			for end > from && strings.TrimSpace(lines[end-1]) == "" {
				end--
			}
			return end + 1
		}
	}
	return len(lines) + 1
}

// byteOffset returns the byte offset of rune column col (0-based) of l.
func byteOffset(l string, col int) int {
	for i := range l {
		if col == 0 {
			return i
		}
		col--
	}
	return len(l)
}

// fmtNum formats x with at most three decimals and no trailing zeros.
func fmtNum(x float64) string {
	x = math.Round(x*1000) / 1000
	if x == 0 {
		return "0"
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}
