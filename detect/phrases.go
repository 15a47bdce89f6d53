package detect

import (
	"strings"

	"github.com/newslint/newslint/rules"
)

// phraseIndex matches the phrases of all rules in one pass over a line's
// folded words: a map from phrase to the rules that hold it, probed with the
// line's word n-grams. It replaces one regular expression per rule.
type phraseIndex struct {
	whole, prefix, suffix, anywhere map[string][]int // phrase → rule indexes
	first                           map[string]bool  // first words of anywhere phrases
	maxWords                        int
}

func buildPhraseIndex(rs []*rules.Rule) phraseIndex {
	x := phraseIndex{whole: map[string][]int{}, prefix: map[string][]int{},
		suffix: map[string][]int{}, anywhere: map[string][]int{}, first: map[string]bool{}}
	for i, r := range rs {
		for _, p := range r.Phrases {
			var m map[string][]int
			switch r.PhraseMode {
			case rules.WholeLine:
				m = x.whole
			case rules.Prefix:
				m = x.prefix
			case rules.Suffix:
				m = x.suffix
			case rules.Anywhere:
				m = x.anywhere
				w, _, _ := strings.Cut(p, " ")
				x.first[w] = true
			}
			m[p] = append(m[p], i)
			x.maxWords = max(x.maxWords, strings.Count(p, " ")+1)
		}
	}
	return x
}

// match sets fired[i] for every rule i whose phrase the folded line holds.
func (x *phraseIndex) match(folded string, fired []bool) {
	if folded == "" {
		return
	}
	set := func(ids []int) {
		for _, id := range ids {
			fired[id] = true
		}
	}
	set(x.whole[folded])
	if len(x.prefix) > 0 {
		// Every prefix that ends at a word boundary, up to maxWords words.
		k := 0
		for i := 0; i <= len(folded) && k < x.maxWords; i++ {
			if i == len(folded) || folded[i] == ' ' {
				k++
				set(x.prefix[folded[:i]])
			}
		}
	}
	if len(x.suffix) > 0 {
		k := 0
		for i := len(folded) - 1; i >= -1 && k < x.maxWords; i-- {
			if i == -1 || folded[i] == ' ' {
				k++
				set(x.suffix[folded[i+1:]])
			}
		}
	}
	if len(x.anywhere) > 0 {
		for start := 0; start < len(folded); {
			end := strings.IndexByte(folded[start:], ' ')
			if end < 0 {
				end = len(folded)
			} else {
				end += start
			}
			if x.first[folded[start:end]] {
				k := 0
				for i := end; i <= len(folded) && k < x.maxWords; i++ {
					if i == len(folded) || folded[i] == ' ' {
						k++
						set(x.anywhere[folded[start:i]])
					}
				}
			}
			start = end + 1
		}
	}
}
