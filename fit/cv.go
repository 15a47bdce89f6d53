package fit

import (
	"hash/fnv"
	"sort"

	"github.com/newslint/newslint/clean"
	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/eval"
	"github.com/newslint/newslint/rules"
)

// Fold returns the fold of k that site belongs to: a hash of the site, so
// that a site's pages always fall in one fold, whatever other pages there
// are.
func Fold(site string, k int) int {
	h := fnv.New32a()
	h.Write([]byte(site))
	return int(h.Sum32() % uint32(k))
}

// Predict scores every example with set and returns the text clean keeps
// of each (content only: the body text the gold holds), on every CPU.
func Predict(set *rules.Set, exs []*Example) []string {
	eng := detect.New(set)
	runs := make([]*detect.Result, len(exs))
	parallel(len(exs), func(k int) { runs[k] = eng.Run(exs[k].Page, detect.Options{LabelsOnly: true}) })
	out := make([]string, len(exs))
	for k, res := range runs {
		out[k] = string(clean.Text(res, []rules.Label{rules.Content}, "\n"))
	}
	return out
}

// CrossValidate fits set's weights k times, each time on the examples of
// the sites outside one fold, and predicts that fold's examples with the
// weights fitted without them. It returns the predicted text of every
// example: what a site whose pages were never seen would get.
func CrossValidate(set *rules.Set, exs []*Example, k int, opt Options) ([]string, error) {
	out := make([]string, len(exs))
	for f := range k {
		var train, test []*Example
		var at []int
		for i, e := range exs {
			if Fold(e.Site, k) == f {
				test = append(test, e)
				at = append(at, i)
			} else {
				train = append(train, e)
			}
		}
		if len(test) == 0 {
			continue
		}
		m, err := Fit(set, train, opt)
		if err != nil {
			return nil, err
		}
		fitted, err := m.Apply(set)
		if err != nil {
			return nil, err
		}
		for j, t := range Predict(fitted, test) {
			out[at[j]] = t
		}
	}
	return out, nil
}

// Score is the score of a group of examples.
type Score struct {
	Group  string // the set's name, with "/" and the page type for a subset
	Method eval.Method
	eval.Result
	// Lost counts the pages that lost most of their article: shingle F1 or
	// snippet recall under LostBelow.
	Lost int
}

// LostBelow is the page score under which a page counts as having lost
// its article.
const LostBelow = 0.3

// ScoreAll scores the predicted texts of exs (texts[i] for exs[i]) per set,
// per page type for sets that give types ("set/type"), and per language
// for sets that give languages ("set [de]", "set [en]", other languages
// together as "set [other]"), each with its set's method.
func ScoreAll(exs []*Example, texts []string) []Score {
	pages := make([]eval.PageScore, len(exs))
	parallel(len(exs), func(i int) { pages[i], _ = exs[i].Gold.ScorePage(exs[i].ID, texts[i]) })
	groups := map[string][]int{}
	var names []string
	add := func(g string, i int) {
		if _, ok := groups[g]; !ok {
			names = append(names, g)
		}
		groups[g] = append(groups[g], i)
	}
	for i, e := range exs {
		add(e.Set, i)
		if e.Type != "" {
			add(e.Set+"/"+e.Type, i)
		}
		switch e.Lang {
		case "":
		case "de", "en":
			add(e.Set+" ["+e.Lang+"]", i)
		default:
			add(e.Set+" [other]", i)
		}
	}
	sort.Strings(names)
	var out []Score
	for _, g := range names {
		idx := groups[g]
		m := exs[idx[0]].Method
		var ps []eval.PageScore
		lost := 0
		for _, i := range idx {
			p := pages[i]
			ps = append(ps, p)
			v := p.F1
			if m == eval.Snippets {
				v = p.R
			}
			if v < LostBelow && p.TP+p.FN > 0 {
				lost++
			}
		}
		out = append(out, Score{Group: g, Method: m, Result: eval.Aggregate(m, ps), Lost: lost})
	}
	return out
}
