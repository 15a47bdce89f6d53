package detect

import (
	"strings"
	"unicode"

	"github.com/newslint/newslint/rules"
)

// A table comes out of a browser's innerText one row a line, with a tab
// between two cells. Each row is short, without a sentence and often full
// of digits, so the shape rules take it for a label or a menu entry; a run
// of rows is one table, and next to the article it is part of it.
const (
	// tableMin is how many rows make a table.
	tableMin = 3
	// tableGap is how many lines without a tab may stand between two rows
	// of one table (a heading over a group of rows).
	tableGap = 1
)

// tableCells returns how many non-blank cells a tab separates on line t,
// or 0 when no cell holds a word of three letters: the rows of a calendar
// ("8\t9\t10\t11") are a widget, not a table of the article.
func tableCells(t string) int {
	if !strings.Contains(t, "\t") {
		return 0
	}
	n, word := 0, false
	for c := range strings.SplitSeq(t, "\t") {
		if trimLine(c) != "" {
			n++
		}
		if !word {
			word = hasWord(c, 3)
		}
	}
	if !word {
		return 0
	}
	return n
}

// hasWord reports whether t holds a run of at least k letters.
func hasWord(t string, k int) bool {
	run := 0
	for _, r := range t {
		if unicode.IsLetter(r) {
			if run++; run >= k {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// tables sets FTableRow on the rows of runs of tableMin or more lines with
// two or more cells, and on the lines between them.
func (s *scan) tables() {
	row := func(i int) bool { return tableCells(s.lines[i].text) >= 2 }
	eachRun(len(s.lines), tableGap+1, row, func(first, last, count int) {
		if count >= tableMin {
			for k := first; k <= last; k++ {
				s.lines[k].f[rules.FTableRow] = 1
			}
		}
	})
}

// eachRun calls run(first, last, count) for each run of the lines 0..n-1
// that member picks, where a member at most maxDist lines after the
// previous one continues its run; count is the number of members.
func eachRun(n, maxDist int, member func(i int) bool, run func(first, last, count int)) {
	first, last, count := -1, -1, 0
	for i := range n {
		if !member(i) {
			continue
		}
		if last >= 0 && i-last > maxDist {
			run(first, last, count)
			first, count = -1, 0
		}
		if first < 0 {
			first = i
		}
		last = i
		count++
	}
	if count > 0 {
		run(first, last, count)
	}
}
