package detect_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/internal/golden"
	"github.com/newslint/newslint/rules"
)

func defaultEngine(t testing.TB) *detect.Engine {
	t.Helper()
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	return detect.New(set)
}

// annotate renders a page with the verdict beside each line, the way the
// golden files under testdata/seeds show it.
func annotate(res *detect.Result) string {
	byNum := map[int]*detect.Verdict{}
	for i := range res.Verdicts {
		byNum[res.Verdicts[i].Num] = &res.Verdicts[i]
	}
	var b strings.Builder
	for _, l := range res.Page.Lines {
		v := byNum[l.Num]
		if v == nil {
			b.WriteString("                           |\n")
			continue
		}
		label := v.Label.String()
		if v.Category != "" {
			label += ":" + v.Category
		}
		rule := "-"
		if r := v.Rule(); r != nil {
			rule = r.ID
		}
		fmt.Fprintf(&b, "%-26s | %s   [%s]\n", label, l.Text, rule)
	}
	return b.String()
}

// TestSeedsGolden scores the user's example pages and compares every line's
// label with testdata/seeds/*.golden (go test ./detect -update rewrites them).
func TestSeedsGolden(t *testing.T) {
	files, _ := filepath.Glob("../testdata/seeds/*.txt")
	if len(files) == 0 {
		t.Fatal("no seed pages in testdata/seeds")
	}
	e := defaultEngine(t)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			res := e.Run(input.ParseText(f, data), detect.Options{})
			golden.Check(t, strings.TrimSuffix(f, ".txt")+".golden", []byte(annotate(res)))
		})
	}
}

// TestSeedRequirements pins the verdicts the seed pages must get, line by
// line, independently of the golden files (which -update rewrites).
func TestSeedRequirements(t *testing.T) {
	e := defaultEngine(t)
	cases := []struct {
		file string
		keep []int // lines kept as title or content
		drop []int // lines that are noise
		meta []int // dateline lines
	}{
		{
			file: "000_75925f2242121178.txt",
			// headline parts, lead, body paragraphs and the subheading
			keep: []int{2, 4, 8, 11, 15, 17, 19, 20, 22},
			// date … Vorteilswelt header, section, caption repeat, counter, follow prompt
			drop: []int{1, 6, 9, 13, 24},
			meta: []int{7},
		},
		{
			file: "004_cc1fd04b8d7b9caa.txt",
			// headline and the lead and body paragraphs
			keep: []int{3, 6, 8, 10, 12, 14},
			// site name, tag list, source/date repeat, counter, every teaser, search box
			drop: append([]int{1, 16, 17, 18, 62}, seq(19, 59)...),
			meta: []int{5},
		},
	}
	for _, c := range cases {
		data, err := os.ReadFile(filepath.Join("../testdata/seeds", c.file))
		if err != nil {
			t.Fatal(err)
		}
		res := e.Run(input.ParseText(c.file, data), detect.Options{})
		label := map[int]rules.Label{}
		for _, v := range res.Verdicts {
			label[v.Num] = v.Label
		}
		for _, n := range c.keep {
			if l, ok := label[n]; !ok || (l != rules.Content && l != rules.Title) {
				t.Errorf("%s:%d: want title or content, got %v", c.file, n, l)
			}
		}
		for _, n := range c.drop {
			if l, ok := label[n]; ok && l != rules.Noise {
				t.Errorf("%s:%d: want noise, got %v", c.file, n, l)
			}
		}
		for _, n := range c.meta {
			if l := label[n]; l != rules.Meta {
				t.Errorf("%s:%d: want meta, got %v", c.file, n, l)
			}
		}
	}
}

func seq(a, b int) []int {
	var out []int
	for i := a; i <= b; i++ {
		out = append(out, i)
	}
	return out
}

// TestRuleExamples checks every rule's own examples: a rule change that
// breaks them fails here.
func TestRuleExamples(t *testing.T) {
	for _, f := range defaultEngine(t).CheckExamples() {
		t.Error(f.Error())
	}
}
