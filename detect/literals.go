package detect

import (
	"slices"

	"github.com/newslint/newslint/rules"
)

// literalSet finds which of a fixed set of literals occur in a text, in one
// pass: an Aho-Corasick automaton compiled to a DFA over byte classes. The
// detector runs it once per line over the case-folded text, and runs a
// rule's regular expression only when one of the pattern's required
// literals is there (see rules.Prefilter).
type literalSet struct {
	class   [256]uint8 // byte → equivalence class
	nclass  int
	next    []int32 // DFA: state*nclass + class → state
	out     [][]int32
	outLink []int32 // nearest state on the failure chain with output, or -1
	emits   []bool  // state → some literal ends here (out or outLink)
	n       int     // number of literals
}

// newLiteralSet compiles lits; literal i is reported as id i.
func newLiteralSet(lits []string) *literalSet {
	a := &literalSet{n: len(lits)}
	// Byte classes: each byte used in a literal is a class; all others share 0.
	for _, l := range lits {
		for i := 0; i < len(l); i++ {
			if a.class[l[i]] == 0 {
				a.nclass++
				a.class[l[i]] = uint8(a.nclass)
			}
		}
	}
	a.nclass++ // class 0 for bytes no literal uses
	// Trie, children as (class, node) pairs.
	type kid struct {
		class uint8
		to    int32
	}
	type node struct {
		kids []kid
		out  []int32
	}
	nodes := []node{{}}
	child := func(s int32, c uint8) (int32, bool) {
		for _, k := range nodes[s].kids {
			if k.class == c {
				return k.to, true
			}
		}
		return 0, false
	}
	for id, l := range lits {
		s := int32(0)
		for i := 0; i < len(l); i++ {
			c := a.class[l[i]]
			t, ok := child(s, c)
			if !ok {
				t = int32(len(nodes))
				nodes = append(nodes, node{})
				nodes[s].kids = append(nodes[s].kids, kid{c, t})
			}
			s = t
		}
		nodes[s].out = append(nodes[s].out, int32(id))
	}
	// Breadth-first: each state's row starts as a copy of its failure
	// state's row (already complete), then its own children override it.
	n := len(nodes)
	a.next = make([]int32, n*a.nclass)
	a.out = make([][]int32, n)
	a.outLink = make([]int32, n)
	fail := make([]int32, n)
	a.outLink[0] = -1
	queue := []int32{0}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		a.out[s] = nodes[s].out
		row := a.next[int(s)*a.nclass : int(s+1)*a.nclass]
		if s != 0 {
			copy(row, a.next[int(fail[s])*a.nclass:int(fail[s]+1)*a.nclass])
		}
		for _, k := range nodes[s].kids {
			t := k.to
			if s != 0 {
				fail[t] = a.next[int(fail[s])*a.nclass+int(k.class)]
			}
			if f := fail[t]; len(nodes[f].out) > 0 {
				a.outLink[t] = f
			} else {
				a.outLink[t] = a.outLink[f]
			}
			row[k.class] = t
			queue = append(queue, t)
		}
	}
	a.emits = make([]bool, n)
	for s := range a.emits {
		a.emits[s] = len(a.out[s]) > 0 || a.outLink[s] >= 0
	}
	return a
}

// scan sets found[id] for every literal that occurs in text and returns
// the ids it set, appended to ids (so the caller can clear them).
func (a *literalSet) scan(text string, found []bool, ids []int32) []int32 {
	s := int32(0)
	for i := 0; i < len(text); i++ {
		s = a.next[int(s)*a.nclass+int(a.class[text[i]])]
		if !a.emits[s] {
			continue
		}
		for t := s; t > 0; t = a.outLink[t] {
			for _, id := range a.out[t] {
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
	return ids
}

// occurrence is one literal found in a text: its id and the offset just
// past its end.
type occurrence struct {
	id  int32
	end int
}

// occurrences appends every occurrence of every literal in text to dst,
// overlapping ones included, in order of their end.
func (a *literalSet) occurrences(text string, dst []occurrence) []occurrence {
	s := int32(0)
	for i := 0; i < len(text); i++ {
		s = a.next[int(s)*a.nclass+int(a.class[text[i]])]
		if !a.emits[s] {
			continue
		}
		for t := s; t > 0; t = a.outLink[t] {
			for _, id := range a.out[t] {
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
// prefilter in one literalSet. A pattern with a prefilter has a slot; a
// line's literals name the slots that may match on it (see scan.onLine).
type patternLiterals struct {
	set   *literalSet
	slot  [][]int32 // [rule index][pattern index] → slot, or -1: always run
	slots [][]int32 // literal id → the slots whose prefilter holds it
	n     int       // number of slots
}

func buildPatternLiterals(rs []*rules.Rule) patternLiterals {
	var lits []string
	index := map[string]int32{}
	pl := patternLiterals{slot: make([][]int32, len(rs))}
	for ri, r := range rs {
		pl.slot[ri] = make([]int32, len(r.Patterns))
		for k := range r.Patterns {
			pf := r.Prefilters[k]
			if pf == nil {
				pl.slot[ri][k] = -1
				continue
			}
			slot := int32(pl.n)
			pl.n++
			pl.slot[ri][k] = slot
			for _, l := range pf {
				id, ok := index[l]
				if !ok {
					id = int32(len(lits))
					index[l] = id
					lits = append(lits, l)
					pl.slots = append(pl.slots, nil)
				}
				if !slices.Contains(pl.slots[id], slot) {
					pl.slots[id] = append(pl.slots[id], slot)
				}
			}
		}
	}
	pl.set = newLiteralSet(lits)
	return pl
}
