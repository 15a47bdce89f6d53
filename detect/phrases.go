package detect

import (
	"github.com/newslint/newslint/rules"
)

// phraseIndex matches the phrases of all rules in one pass over a line's
// folded words: an automaton over the phrases with a space on each side,
// run over the folded line with a space on each side, so that every
// occurrence found starts and ends at word boundaries. Where it occurs
// (at the start, at the end, both) decides the phrase modes it satisfies.
type phraseIndex struct {
	set  *literalSet
	uses [][]phraseUse // literal id → the rules that hold the phrase
	lens []int         // literal id → length with its two spaces
}

// phraseUse is one rule holding a phrase, in the rule's mode.
type phraseUse struct {
	rule int
	mode rules.PhraseMode
}

func buildPhraseIndex(rs []*rules.Rule) phraseIndex {
	n := 0
	for _, r := range rs {
		n += len(r.Phrases)
	}
	lits := make([]string, 0, n)
	ids := make(map[string]int, n)
	x := phraseIndex{uses: make([][]phraseUse, 0, n), lens: make([]int, 0, n)}
	for i, r := range rs {
		for _, p := range r.Phrases {
			lit := " " + p + " "
			id, ok := ids[lit]
			if !ok {
				id = len(lits)
				ids[lit] = id
				lits = append(lits, lit)
				x.uses = append(x.uses, nil)
				x.lens = append(x.lens, len(lit))
			}
			x.uses[id] = append(x.uses[id], phraseUse{i, r.PhraseMode})
		}
	}
	x.set = newLiteralSet(lits)
	return x
}

// match appends to fired the index of every rule whose phrase the line
// holds (a rule may appear more than once) and returns it. padded is the
// line's folded words with a space before and after (see scan.fold); occ
// is scratch space, returned for reuse.
func (x *phraseIndex) match(padded string, fired []int32, occ []occurrence) ([]int32, []occurrence) {
	if len(padded) <= 2 || x.set.n == 0 {
		return fired, occ
	}
	occ = x.set.occurrences(padded, occ[:0])
	for _, o := range occ {
		start := o.end - x.lens[o.id]
		atStart, atEnd := start == 0, o.end == len(padded)
		for _, u := range x.uses[o.id] {
			ok := false
			switch u.mode {
			case rules.WholeLine:
				ok = atStart && atEnd
			case rules.Prefix:
				ok = atStart
			case rules.Suffix:
				ok = atEnd
			case rules.Anywhere:
				ok = true
			}
			if ok {
				fired = append(fired, int32(u.rule))
			}
		}
	}
	return fired, occ
}
