package detect

import (
	"math"

	"github.com/newslint/newslint/rules"
)

// A page is read as a sequence of states, one per non-blank line:
//
//   - before the article (StBefore), or before it but below a line that
//     ends articles such as a comments heading (StLate);
//   - the article's text (StArticle);
//   - an inset set into the article: a picture's caption, a box of links,
//     an advertisement, a newsletter box (StInset);
//   - after the article (StAfter).
//
// The decoder finds the reading with the highest score (Viterbi): each
// line in the article adds its evidence (the first-pass score of its
// content and noise rules) and rules.Structure.Article; each change of
// state and each line in an inset adds the structure's score for it; and
// a line that ends articles costs the EndCost of its end-of-article rules
// when the article goes on past it. These are
// the log-potentials of a linear-chain conditional random field whose
// states are hidden and whose article state is the gold text: package fit
// learns them, with the rules' weights, from pages with gold text. The
// maximum-sum span of Finn et al.'s body-text extraction is the special
// case without insets; insets let the article resume below a box of any
// size, and a page hold more than one stretch of it.

// State is what the decoder says of a line.
type State uint8

// The states.
const (
	StBefore State = iota
	StLate
	StArticle
	StInset
	StAfter
	NumStates
)

// steps lists the allowed changes of state, [from][to], with the structure
// score each adds (-1: none).
var steps = [NumStates][NumStates]int{
	StBefore:  {StBefore: -1, StLate: -1, StArticle: rules.SStart, StInset: no, StAfter: no},
	StLate:    {StBefore: no, StLate: -1, StArticle: rules.SLateStart, StInset: no, StAfter: no},
	StArticle: {StBefore: no, StLate: no, StArticle: -1, StInset: rules.SInsetOpen, StAfter: rules.SEnd},
	StInset:   {StBefore: no, StLate: no, StArticle: rules.SInsetClose, StInset: -1, StAfter: rules.SInsetEnd},
	StAfter:   {StBefore: no, StLate: no, StArticle: no, StInset: no, StAfter: -1},
}

// tieOrder is the order in which the decoder tries states: of readings
// that score the same, it takes the one with more of the page in the
// article, so that a tie keeps the text (rule files with whole-number
// weights and the default structure scores tie often; fitted ones hardly).
var tieOrder = [NumStates]State{StArticle, StInset, StLate, StBefore, StAfter}

// no marks a change of state that cannot happen.
const no = -2

// Step reports whether a line in state a may be followed by one in state
// b, where next says whether that line ends articles, and the index of
// the structure score the change adds (-1 for none). StLate begins only at
// a line that ends articles.
func Step(a, b State, next bool) (param int, ok bool) {
	k := steps[a][b]
	if k == no || (a == StBefore && b == StLate && !next) {
		return -1, false
	}
	return k, true
}

// Allowed reports whether a line may be in state st (first tells whether
// it is the page's first line, marker whether it ends articles): a line
// that ends articles is never StBefore; the page starts before the article
// or in it, or in StLate at such a line.
func Allowed(st State, first, marker bool) bool {
	if marker && st == StBefore {
		return false
	}
	if first {
		return st == StBefore || st == StArticle || (st == StLate && marker)
	}
	return true
}

// Emit is what a line with the given evidence adds in state st, where
// endCost is the cost of its end-of-article rules (see rules.Rule.EndCost),
// paid when the article goes on past it; line is the structure score it
// adds per line (-1: none), and past reports whether it pays endCost.
func Emit(p *rules.Structure, st State, evidence, endCost float64) (v float64, line int, past bool) {
	switch st {
	case StArticle:
		return evidence + p.Article - endCost, rules.SArticle, true
	case StInset:
		return p.InsetLine - endCost, rules.SInsetLine, true
	}
	return 0, -1, false
}

// decode sets every line's state and the main block (the first and the
// last line in the article), and the score of the reading.
func (s *scan) decode() {
	s.block = [2]int{-1, -1}
	s.rivalDone = false
	s.reading = s.viterbi(nil, func(i int, st State) { s.lines[i].state = st })
	for i := range s.lines {
		if s.lines[i].state == StArticle {
			if s.block[0] < 0 {
				s.block[0] = i
			}
			s.block[1] = i
		}
	}
}

// viterbi finds the best reading of the page, in which no line that
// forbid picks (if not nil) is in the article, calls set with each line's
// state in it, from the last line to the first, and returns its score
// (-Inf when there is none).
func (s *scan) viterbi(forbid func(i int) bool, set func(i int, st State)) float64 {
	n := len(s.lines)
	if n == 0 {
		return 0
	}
	p := &s.e.set.Settings.Structure
	vec := p.Vector()
	inf := math.Inf(-1)
	back := s.scratch.back[:0]
	if cap(back) < n {
		back = make([][NumStates]State, 0, n)
	}
	back = back[:n]
	var v, next [NumStates]float64
	for i := range n {
		ls := &s.lines[i]
		for st := range NumStates {
			if !Allowed(st, i == 0, ls.marker) || (st == StArticle && forbid != nil && forbid(i)) {
				next[st] = inf
				continue
			}
			e, _, _ := Emit(p, st, ls.evidence, ls.endCost)
			if i == 0 {
				next[st] = e
				continue
			}
			best, from := inf, State(0)
			for _, a := range tieOrder {
				k, ok := Step(a, st, ls.marker)
				if !ok || v[a] == inf {
					continue
				}
				x := v[a]
				if k >= 0 {
					x += vec[k]
				}
				if x > best {
					best, from = x, a
				}
			}
			next[st], back[i][st] = best+e, from
		}
		v = next
	}
	last, bestV := StBefore, inf
	for _, st := range tieOrder {
		if v[st] > bestV {
			last, bestV = st, v[st]
		}
	}
	for i := n - 1; i >= 0; i-- {
		set(i, last)
		if i > 0 {
			last = back[i][last]
		}
	}
	s.scratch.back = back
	return bestV
}

// rivalReading returns the rival of the decoded reading (see rival),
// found the first time it is asked for after each decode.
func (s *scan) rivalReading() (lines []int, margin float64) {
	if !s.rivalDone {
		s.rivalLines, s.rivalMargin = s.rival()
		s.rivalDone = true
	}
	return s.rivalLines, s.rivalMargin
}

// rival finds the best reading of the page whose article shares no line
// with the decoded one's, and returns the lines of its article (indexes)
// and how much lower it scores than the decoded reading. A page without
// a rival article gives none and +Inf.
func (s *scan) rival() (lines []int, margin float64) {
	if s.block[0] < 0 {
		return nil, math.Inf(1)
	}
	states := s.scratch.states[:0]
	if cap(states) < len(s.lines) {
		states = make([]State, 0, len(s.lines))
	}
	states = states[:len(s.lines)]
	s.scratch.states = states
	v := s.viterbi(func(i int) bool { return s.lines[i].state == StArticle }, func(i int, st State) { states[i] = st })
	for i, st := range states {
		if st == StArticle {
			lines = append(lines, i)
		}
	}
	if len(lines) == 0 {
		return nil, math.Inf(1)
	}
	return lines, s.reading - v
}

// blockFeature is the value of the block feature for a line in state st
// (rules.BlockValues: before, inside, inset, after).
func blockFeature(st State) float64 {
	switch st {
	case StBefore, StLate:
		return 0
	case StArticle:
		return 1
	case StInset:
		return 2
	}
	return 3
}
