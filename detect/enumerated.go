package detect

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/newslint/newslint/rules"
)

// An article's own lists come out of innerText one item a line: a ranking
// ("1) …", "2) …"), a schedule or a tour ("June 9 – …", "June 10 – …").
// Such items are short and full of names, so the shape rules take some of
// them for menu entries; the run they stand in says they belong together.
const (
	// enumMin is how many items make a list.
	enumMin = 3
	// enumGap is how many lines may stand between two items (a link under
	// each item, a blank line).
	enumGap = 3
)

const (
	enumNone = iota
	enumOrdinal
	enumDate
)

// monthNames are month names and their usual abbreviations (English,
// German, French, Spanish, Italian, Portuguese), compared without case.
var monthNames = []string{
	"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	"januar", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember", "okt", "dez",
	"janvier", "février", "mars", "avril", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
	"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
	"gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre", "dicembre",
	"janeiro", "fevereiro", "março", "maio", "junho", "julho", "setembro", "outubro", "dezembro",
}

// monthSet holds the month names in lower case, for ASCII words; built
// on first use.
var monthSet = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, n := range monthNames {
		m[strings.ToLower(n)] = true
	}
	return m
})

func isMonth(w string) bool {
	w = strings.TrimSuffix(w, ".")
	if len(w) < 3 || len(w) > 10 {
		return false
	}
	var lower [10]byte
	ascii := true
	for i := 0; i < len(w) && ascii; i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i], ascii = c, c < utf8.RuneSelf
	}
	if ascii {
		return monthSet()[string(lower[:len(w)])]
	}
	for _, m := range monthNames {
		if strings.EqualFold(w, m) {
			return true
		}
	}
	return false
}

// leadNumber reads a number of one or two digits (three for ordinals) at
// the start of t and returns it and the rest of t; ok is false when t does
// not start with one.
func leadNumber(t string, max int) (n int, rest string, ok bool) {
	i := 0
	for i < len(t) && i <= max && t[i] >= '0' && t[i] <= '9' {
		n = n*10 + int(t[i]-'0')
		i++
	}
	if i == 0 || i > max {
		return 0, t, false
	}
	return n, t[i:], true
}

// enumStart returns the kind of enumerator line t starts with, and for an
// ordinal its number: "3) …", "12. …" (a letter after the space: not
// "1.5 million", not "12.03.2024"); "June 9 – …", "Aug. 2 …", "9. Juni …",
// "9 juin …" (a day, not a year: not "March 2019"; no year after the day:
// not "March 3, 2019").
func enumStart(t string) (kind, num int) {
	t = strings.TrimLeft(t, " \t")
	if n, rest, ok := leadNumber(t, 3); ok {
		if r := strings.TrimPrefix(rest, "."); n >= 1 && n <= 31 && len(t)-len(rest) <= 2 && strings.HasPrefix(r, " ") {
			w, after, _ := strings.Cut(strings.TrimLeft(r, " "), " ")
			if isMonth(w) {
				if yearNext(after) {
					return enumNone, 0
				}
				return enumDate, 0
			}
		}
		if len(rest) >= 3 && (rest[0] == ')' || rest[0] == '.') && rest[1] == ' ' && startsLetter(rest[2:]) {
			return enumOrdinal, n
		}
		return enumNone, 0
	}
	w, rest, found := strings.Cut(t, " ")
	if !found || !isMonth(w) {
		return enumNone, 0
	}
	if n, after, ok := leadNumber(rest, 2); ok && n >= 1 && n <= 31 && (after == "" || after[0] < '0' || after[0] > '9') && !yearNext(after) {
		return enumDate, 0
	}
	return enumNone, 0
}

// yearNext reports whether t, after a day, goes on with a year ("…, 2013
// um 4:03 pm"): a full date heads a comment or a dateline, not an item of
// a schedule.
func yearNext(t string) bool {
	t = strings.TrimLeft(t, ".,  ")
	_, _, ok := leadNumber(t, 4)
	return ok && len(t) >= 4 && t[3] >= '0' && t[3] <= '9' && (len(t) == 4 || t[4] < '0' || t[4] > '9')
}

func startsLetter(t string) bool {
	for _, r := range t {
		return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 0x7f
	}
	return false
}

// enumerations sets FEnumerated on the items of runs of enumMin or more
// lines that start with dates, or with ordinals that count up or down by
// one, at most enumGap lines apart.
func (s *scan) enumerations() {
	first, last, count, kind, num := -1, -1, 0, enumNone, 0
	flush := func() {
		if count >= enumMin {
			for k := first; k <= last; k++ {
				if kk, _ := enumStart(s.lines[k].text); kk == kind {
					s.lines[k].f[rules.FEnumerated] = 1
				}
			}
		}
		first, last, count, kind = -1, -1, 0, enumNone
	}
	for i := range s.lines {
		k, n := enumStart(s.lines[i].text)
		if k == enumNone {
			continue
		}
		next := last >= 0 && i-last <= enumGap+1 && k == kind &&
			(k == enumDate || n == num+1 || n == num-1)
		if !next {
			flush()
			first, kind = i, k
		}
		last, num = i, n
		count++
	}
	flush()
}
