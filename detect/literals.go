package detect

import (
	"slices"
	"strings"

	"github.com/newslint/newslint/rules"
)

// literalSet finds which of a fixed set of literals occur in a text, in one
// pass: an Aho-Corasick automaton compiled to a DFA over byte classes. The
// detector runs it once per line over the case-folded text, and runs a
// rule's regular expression only when one of the pattern's required
// literals is there (see rules.Prefilter).
//
// Literals of one byte (a digit, a colon) are not in the automaton: on
// ordinary text they would fire on every third byte. The scan notes which
// bytes occur instead, and looks them up at the end.
type literalSet struct {
	n    int      // number of literals
	lits []string // the literals, by id
	// single[b] are the ids of the one-byte literals b; bytes lists the
	// bytes that have some.
	single [256][]int32
	bytes  []byte
	// dfas hold the longer literals: one automaton, or more when one
	// would need more states than a uint16 numbers.
	dfas []*literalDFA
}

// literalDFA is an Aho-Corasick automaton over some of a literalSet's
// literals. States are uint16, so that the table of the default rules'
// literals (4,500 states of 150 byte classes) stays small enough for the
// cache: with int32 states the scan was 15 % slower.
type literalDFA struct {
	ids    []int32    // the literals it finds
	class  [256]uint8 // byte → equivalence class
	nclass int
	next   []uint16 // state*nclass + class → state
	// outIDs[outStart[s]:outStart[s+1]] are the literals that end at
	// state s.
	outStart []uint32
	outIDs   []int32
	outLink  []int32 // nearest state on the failure chain with output, or -1
	emits    []bool  // state → some literal ends here (out or outLink)
}

// maxStates is the most states a literalDFA may have.
const maxStates = 1 << 16

// newLiteralSet compiles lits; literal i is reported as id i.
func newLiteralSet(lits []string) *literalSet {
	a := &literalSet{n: len(lits), lits: lits}
	var long []int32
	for id, l := range lits {
		switch len(l) {
		case 0:
		case 1:
			if a.single[l[0]] == nil {
				a.bytes = append(a.bytes, l[0])
			}
			a.single[l[0]] = append(a.single[l[0]], int32(id))
		default:
			long = append(long, int32(id))
		}
	}
	a.dfas = buildDFAs(lits, long, a.dfas)
	return a
}

// buildDFAs appends automata for the literals ids of lits to dst: one, or,
// when that would have too many states, those of each half.
func buildDFAs(lits []string, ids []int32, dst []*literalDFA) []*literalDFA {
	if len(ids) == 0 {
		return dst
	}
	if d := newLiteralDFA(lits, ids); d != nil {
		return append(dst, d)
	}
	h := len(ids) / 2
	return buildDFAs(lits, ids[h:], buildDFAs(lits, ids[:h], dst))
}

// newLiteralDFA compiles the literals ids of lits, or returns nil when
// the automaton would have more than maxStates states. The automata of the
// built-in rules come built (see builtin.go).
func newLiteralDFA(lits []string, ids []int32) *literalDFA {
	if a := builtinDFA(lits, ids); a != nil {
		return a
	}
	return buildLiteralDFA(lits, ids)
}

// buildLiteralDFA is newLiteralDFA without the automata built by go
// generate. The trie is built in the transition table itself (0, the root,
// is no one's child, so it marks a missing edge), and a breadth-first pass
// then fills in each state's missing edges from its failure state's row,
// which is complete by then: no allocation per state, one pass over the
// table.
func buildLiteralDFA(lits []string, ids []int32) *literalDFA {
	a := &literalDFA{ids: ids}
	size := 1 + a.classes(lits)
	nc := a.nclass
	// size bounds the number of states; the rows never written are never
	// touched, so the memory they reserve is not paged in.
	next := make([]uint16, min(size, maxStates)*nc)
	out := make([][]int32, 0, 64)
	out = append(out, nil)
	n := 1
	for _, id := range ids {
		l := lits[id]
		s := 0
		for i := 0; i < len(l); i++ {
			e := s*nc + int(a.class[l[i]])
			t := int(next[e])
			if t == 0 {
				if n == maxStates {
					if len(ids) > 1 {
						return nil
					}
					break // a single literal longer than the table: cut
				}
				t = n
				n++
				next[e] = uint16(t)
				out = append(out, nil)
			}
			s = t
		}
		out[s] = append(out[s], id)
	}
	a.next = next[: n*nc : n*nc]
	a.outStart = make([]uint32, n+1)
	for st, ids := range out {
		a.outIDs = append(a.outIDs, ids...)
		a.outStart[st+1] = uint32(len(a.outIDs))
	}
	a.outLink = make([]int32, n)
	fail := make([]uint16, n)
	queue := make([]uint16, 0, n)
	a.outLink[0] = -1
	for c := range nc {
		if t := next[c]; t != 0 {
			a.outLink[t] = -1
			queue = append(queue, t)
		}
	}
	for q := 0; q < len(queue); q++ {
		s := int(queue[q])
		row := next[s*nc : s*nc+nc]
		frow := next[int(fail[s])*nc : int(fail[s])*nc+nc]
		for c, t := range row {
			if t == 0 {
				row[c] = frow[c]
				continue
			}
			f := frow[c]
			fail[t] = f
			if len(out[f]) > 0 {
				a.outLink[t] = int32(f)
			} else {
				a.outLink[t] = a.outLink[f]
			}
			queue = append(queue, t)
		}
	}
	a.emits = make([]bool, n)
	for s := range a.emits {
		a.emits[s] = len(out[s]) > 0 || a.outLink[s] >= 0
	}
	return a
}

// classes sets a's byte classes for its literals, the bytes of lits[a.ids]:
// each byte used in a literal is a class; all others share class 0. It
// returns the literals' total length.
func (a *literalDFA) classes(lits []string) int {
	size := 0
	for _, id := range a.ids {
		l := lits[id]
		size += len(l)
		for i := 0; i < len(l); i++ {
			if a.class[l[i]] == 0 {
				a.nclass++
				a.class[l[i]] = uint8(a.nclass)
			}
		}
	}
	a.nclass++ // class 0 for bytes no literal uses
	return size
}

// scan sets found[id] for every literal that occurs in text and returns
// the ids it set, appended to ids (so the caller can clear them).
func (a *literalSet) scan(text string, found []bool, ids []int32) []int32 {
	var seen [4]uint64 // the bytes of text
	if len(a.dfas) == 0 {
		for i := 0; i < len(text); i++ {
			c := text[i]
			seen[c>>6] |= 1 << (c & 63)
		}
	}
	for _, d := range a.dfas {
		ids, seen = d.scan(text, found, ids)
	}
	if len(a.bytes) > 0 {
		for _, c := range a.bytes {
			if seen[c>>6]&(1<<(c&63)) != 0 {
				for _, id := range a.single[c] {
					found[id] = true
					ids = append(ids, id)
				}
			}
		}
	}
	return ids
}

// scan is literalSet.scan for the automaton's literals; it also returns
// the set of bytes in text.
func (a *literalDFA) scan(text string, found []bool, ids []int32) ([]int32, [4]uint64) {
	var seen [4]uint64
	s := int32(0)
	for i := 0; i < len(text); i++ {
		c := text[i]
		seen[c>>6] |= 1 << (c & 63)
		s = int32(a.next[int(s)*a.nclass+int(a.class[c])])
		if !a.emits[s] {
			continue
		}
		for t := s; t > 0; t = a.outLink[t] {
			for _, id := range a.outIDs[a.outStart[t]:a.outStart[t+1]] {
				if !found[id] {
					found[id] = true
					ids = append(ids, id)
				}
			}
			if a.outLink[t] < 0 {
				break
			}
		}
	}
	return ids, seen
}

// occurrence is one literal found in a text: its id and the offset just
// past its end.
type occurrence struct {
	id  int32
	end int
}

// occurrences appends every occurrence of every literal in text to dst,
// overlapping ones included.
func (a *literalSet) occurrences(text string, dst []occurrence) []occurrence {
	for _, d := range a.dfas {
		dst = d.occurrences(text, dst)
	}
	if len(a.bytes) > 0 {
		for i := 0; i < len(text); i++ {
			for _, id := range a.single[text[i]] {
				dst = append(dst, occurrence{id, i + 1})
			}
		}
	}
	return dst
}

func (a *literalDFA) occurrences(text string, dst []occurrence) []occurrence {
	s := 0
	for i := 0; i < len(text); i++ {
		s = int(a.next[s*a.nclass+int(a.class[text[i]])])
		if !a.emits[s] {
			continue
		}
		for t := int32(s); t > 0; t = a.outLink[t] {
			for _, id := range a.outIDs[a.outStart[t]:a.outStart[t+1]] {
				dst = append(dst, occurrence{id, i + 1})
			}
			if a.outLink[t] < 0 {
				break
			}
		}
	}
	return dst
}

// patternLiterals ties each (rule, pattern) to the literals of its
// prefilter in one literalSet. Each distinct set of literals in a
// prefilter has a slot; the literals on a line mark the slots they
// satisfy, and a pattern may match only when all its slots are marked
// (see scan.markLine). Driven by the literals found, the detector looks
// only at the patterns those literals make possible.
type patternLiterals struct {
	set   *literalSet
	slots [][]int32 // literal id → the slots whose set holds it
	n     int       // number of slots
	// base[ri] is the id of rule ri's first pattern; pattern ids are
	// base[ri]+k.
	base []int32
	// need[id] are the slots pattern id needs; nil: it runs on every line.
	need [][]int32
	// first[slot] are the patterns whose first needed slot is slot.
	first [][]int32
	// rule[id] is the rule index of pattern id.
	rule []int32
	// filtered[ri] is set when every pattern of rule ri has a prefilter:
	// the rule cannot fire on a line none of them may match.
	filtered []bool
	// same[id] is, for a pattern whose source another rule's pattern
	// repeats (a date in two rules), the id of the first such pattern,
	// under which the line's result is kept; -1 for the others.
	same []int32
}

func buildPatternLiterals(rs []*rules.Rule) patternLiterals {
	// The maps are sized up front: every run builds them before its first
	// line.
	patterns, sets, literals := 0, 0, 0
	for _, r := range rs {
		patterns += len(r.Patterns)
		for _, pf := range r.Prefilters {
			sets += len(pf)
			for _, set := range pf {
				literals += len(set)
			}
		}
	}
	lits := make([]string, 0, literals)
	index := make(map[string]int32, literals)
	// Patterns that need the same set (the digits, say) share its slot.
	slotOf := make(map[string]int32, sets)
	pl := patternLiterals{base: make([]int32, len(rs)), filtered: make([]bool, len(rs)),
		need: make([][]int32, 0, patterns), rule: make([]int32, 0, patterns), same: make([]int32, 0, patterns)}
	firstOf := make(map[string]int32, patterns)
	for ri, r := range rs {
		pl.base[ri] = int32(len(pl.need))
		pl.filtered[ri] = len(r.Patterns) > 0 && r.Kind != rules.Duplicate
		for k := range r.Patterns {
			id := int32(len(pl.need))
			var need []int32
			for _, lset := range r.Prefilters[k] {
				key := strings.Join(lset, "\x00")
				slot, ok := slotOf[key]
				if !ok {
					slot = int32(pl.n)
					pl.n++
					slotOf[key] = slot
					pl.first = append(pl.first, nil)
				}
				need = append(need, slot)
				for _, l := range lset {
					lid, ok := index[l]
					if !ok {
						lid = int32(len(lits))
						index[l] = lid
						lits = append(lits, l)
						pl.slots = append(pl.slots, nil)
					}
					if !slices.Contains(pl.slots[lid], slot) {
						pl.slots[lid] = append(pl.slots[lid], slot)
					}
				}
			}
			if need == nil {
				pl.filtered[ri] = false
			} else {
				pl.first[need[0]] = append(pl.first[need[0]], id)
			}
			pl.need = append(pl.need, need)
			pl.rule = append(pl.rule, int32(ri))
			pl.same = append(pl.same, -1)
			if first, ok := firstOf[r.Patterns[k].String()]; ok {
				pl.same[first], pl.same[id] = first, first
			} else {
				firstOf[r.Patterns[k].String()] = id
			}
		}
	}
	pl.set = newLiteralSet(lits)
	return pl
}
