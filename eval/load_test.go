package eval_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/newslint/newslint/eval"
)

const (
	harbourNav     = "Home | News | Sport | Weather"
	harbourWall    = "The harbour wall was finished on Tuesday after two years of work."
	harbourBoats   = "Boats can now moor there in any weather, the council said."
	harbourCookies = "Accept cookies"
)

func TestLabelsFixture(t *testing.T) {
	g, err := eval.LoadLabels(filepath.Join("testdata", "labels.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Methods(); !reflect.DeepEqual(got, []eval.Method{eval.Labels}) {
		t.Fatalf("Methods() = %v", got)
	}
	if got := g.IDs(); !reflect.DeepEqual(got, []string{"harbour", "recipe"}) {
		t.Fatalf("IDs() = %v", got)
	}
	lines := func(ls ...string) string { return strings.Join(ls, "\n") }
	cases := []struct {
		name           string
		out            string
		tp, fp, fn, tn float64
		missed, kept   []string
	}{
		// The second "Share" (line 5) is content, the first (line 2) noise:
		// keeping page order picks the right copy.
		{"content kept in order", lines(harbourWall, harbourBoats, "Share"), 3, 0, 0, 3, nil, nil},
		{"noise copy kept", lines("Share", harbourWall, harbourBoats), 2, 1, 1, 2, []string{"Share"}, []string{"Share"}},
		{"reordered output", lines(harbourBoats, harbourWall, "Share"), 3, 0, 0, 3, nil, nil},
		{"whitespace collapsed, unlabelled lines ignored",
			lines("  "+harbourWall, "Boats can now\tmoor   there in any weather, the council said.  ", "", "Posted by Ann", "Share "),
			3, 0, 0, 3, nil, nil},
		{"everything kept", lines(harbourNav, "Share", harbourWall, harbourBoats, "Share", harbourCookies),
			3, 3, 0, 0, nil, []string{harbourNav, "Share", harbourCookies}},
		{"empty output", "", 0, 0, 3, 3, []string{harbourWall, harbourBoats, "Share"}, nil},
		{"case sensitive", lines(strings.ToUpper(harbourWall), harbourBoats, "Share"), 2, 0, 1, 3, []string{harbourWall}, nil},
		{"whole lines only", harbourWall + " " + harbourBoats, 0, 0, 3, 3, []string{harbourWall, harbourBoats, "Share"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs := g.Score(map[string]string{"harbour": c.out})
			if len(rs) != 1 || rs[0].Method != eval.Labels {
				t.Fatalf("Score = %+v", rs)
			}
			var p eval.PageScore
			for _, ps := range rs[0].PerPage {
				if ps.ID == "harbour" {
					p = ps
				}
			}
			if p.TP != c.tp || p.FP != c.fp || p.FN != c.fn || p.TN != c.tn {
				t.Errorf("TP/FP/FN/TN = %g/%g/%g/%g, want %g/%g/%g/%g", p.TP, p.FP, p.FN, p.TN, c.tp, c.fp, c.fn, c.tn)
			}
			if !reflect.DeepEqual(p.Missed, c.missed) || !reflect.DeepEqual(p.Kept, c.kept) {
				t.Errorf("missed %q kept %q, want %q and %q", p.Missed, p.Kept, c.missed, c.kept)
			}
		})
	}

	// Micro totals over both pages; the recipe page has no line numbers
	// and keeps file order.
	r := g.Score(map[string]string{
		"harbour": lines("Share", harbourWall, harbourBoats),
		"recipe":  "Soak the beans overnight.\nPrint this recipe\n",
	})[0]
	if r.TP != 3 || r.FP != 2 || r.FN != 2 || r.TN != 2 || r.Pages != 2 || r.Empty != 0 {
		t.Fatalf("totals TP/FP/FN/TN %g/%g/%g/%g pages %d empty %d, want 3/2/2/2, 2, 0", r.TP, r.FP, r.FN, r.TN, r.Pages, r.Empty)
	}
	if r.Precision != 0.6 || r.Recall != 0.6 || r.F1 != 0.6 {
		t.Errorf("P/R/F1 = %g/%g/%g, want 0.6 each", r.Precision, r.Recall, r.F1)
	}
}

func TestLoadGoldMixed(t *testing.T) {
	g, err := eval.LoadGold(filepath.Join("testdata", "gold"))
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Methods(); !reflect.DeepEqual(got, []eval.Method{eval.Shingles, eval.Snippets, eval.Labels}) {
		t.Fatalf("Methods() = %v", got)
	}
	if got := g.IDs(); !reflect.DeepEqual(got, []string{"longform", "snips"}) {
		t.Fatalf("IDs() = %v", got)
	}
	rs := g.Score(map[string]string{
		"longform": "One two three four five.\n\nSix seven.",
		// "Great article" sits in the gold's comments: neither TP nor FP.
		"snips": "After the storm the river\n rose. great article. Read more",
	})
	if len(rs) != 3 {
		t.Fatalf("Score gave %d results, want 3", len(rs))
	}
	if r := rs[0]; r.Method != eval.Shingles || r.Precision != 1 || r.Recall != 1 || r.Pages != 1 {
		t.Errorf("shingles: %+v", r)
	}
	s := rs[1]
	if s.Method != eval.Snippets || s.TP != 1 || s.FN != 1 || s.FP != 1 || s.TN != 1 {
		t.Errorf("snippets TP/FP/FN/TN = %g/%g/%g/%g, want 1/1/1/1", s.TP, s.FP, s.FN, s.TN)
	}
	if p := s.PerPage[0]; !reflect.DeepEqual(p.Missed, []string{"Flood Warning"}) || !reflect.DeepEqual(p.Kept, []string{"Read more"}) {
		t.Errorf("snippets missed %q kept %q", p.Missed, p.Kept)
	}
	if r := rs[2]; r.Method != eval.Labels || r.TP != 2 || r.FN != 0 {
		t.Errorf("labels: %+v", r)
	}
}

// loadErrorCases are gold files with a mistake, and what the error says.
var loadErrorCases = []struct {
	name, file, body string
	want             []string // substrings of the error
}{
	{"unknown label", "l.jsonl", `{"page":"p","text":"a","label":"content"}` + "\n" + `{"page":"p","text":"b","label":"junk"}`,
		[]string{"l.jsonl:2:", `"junk"`}},
	{"unknown field", "l.jsonl", `{"page":"p","text":"a","lable":"noise"}`, []string{"l.jsonl:1:", "lable"}},
	{"missing text", "l.jsonl", "# c\n\n" + `{"page":"p","label":"noise"}`, []string{"l.jsonl:3:", `"text"`}},
	{"blank text", "l.jsonl", `{"page":"p","text":"  ","label":"noise"}`, []string{"l.jsonl:1:", "blank"}},
	{"missing page", "l.jsonl", `{"text":"a","label":"noise"}`, []string{"l.jsonl:1:", `"page"`}},
	{"duplicate line", "l.jsonl", `{"page":"p","line":4,"text":"a","label":"noise"}` + "\n" + `{"page":"p","line":4,"text":"b","label":"noise"}`,
		[]string{"l.jsonl:2:", "line 4", "line 1"}},
	{"negative line", "l.jsonl", `{"page":"p","line":-1,"text":"a","label":"noise"}`, []string{"l.jsonl:1:"}},
	{"trailing text", "l.jsonl", `{"page":"p","text":"a","label":"noise"} x`, []string{"l.jsonl:1:"}},
	{"bad json", "l.jsonl", `{"page":"p",`, []string{"l.jsonl:1:"}},
	{"snippet syntax", "s.json", "{\n \"with\": [\"a\",]\n}", []string{"s.json:2:"}},
	{"snippet type", "s.json", "{\n \"with\": \"a\"\n}", []string{"s.json:2:"}},
	{"not snippet gold", "s.json", `{"url": "x"}`, []string{"s.json", "not a snippet gold file"}},
	{"no gold", "notes.md", "hello", []string{"no gold files"}},
}

func TestLoadErrors(t *testing.T) {
	for _, c := range loadErrorCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, c.file), []byte(c.body), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := eval.LoadGold(dir)
			if err == nil {
				t.Fatal("LoadGold succeeded, want an error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	if _, err := eval.LoadGold(filepath.Join("testdata", "gold", "longform.txt")); err == nil {
		t.Error("LoadGold on a .txt file succeeded, want an error")
	}
}

// TestParseLabels reads labels from memory with the checks and messages
// of a labels file, naming the source given, and to the same gold.
func TestParseLabels(t *testing.T) {
	for _, c := range loadErrorCases {
		if !strings.HasSuffix(c.file, ".jsonl") {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), c.file)
			if err := os.WriteFile(path, []byte(c.body), 0o644); err != nil {
				t.Fatal(err)
			}
			_, fileErr := eval.LoadLabels(path)
			_, err := eval.ParseLabels([]byte(c.body), "labels in memory")
			if err == nil || fileErr == nil {
				t.Fatalf("ParseLabels: %v, LoadLabels: %v; want errors", err, fileErr)
			}
			for _, w := range c.want {
				w = strings.Replace(w, c.file, "labels in memory", 1)
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if want := strings.Replace(fileErr.Error(), path, "labels in memory", 1); err.Error() != want {
				t.Errorf("ParseLabels: %q\nLoadLabels:  %q", err, fileErr)
			}
		})
	}
	path := filepath.Join("testdata", "labels.jsonl")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fromFile, err := eval.LoadLabels(path)
	if err != nil {
		t.Fatal(err)
	}
	g, err := eval.ParseLabels(data, "x")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g.IDs(), fromFile.IDs()) {
		t.Fatalf("IDs %v, from the file %v", g.IDs(), fromFile.IDs())
	}
	lines := []string{harbourNav, "Share", harbourWall, harbourBoats, "Share", harbourCookies}
	for _, id := range g.IDs() {
		got, m, ok := g.Targets(id, lines)
		want, wm, wok := fromFile.Targets(id, lines)
		if !reflect.DeepEqual(got, want) || m != wm || ok != wok {
			t.Errorf("page %s: targets %v %v %v, from the file %v %v %v", id, got, m, ok, want, wm, wok)
		}
	}
	if ts, _, _ := g.Targets("harbour", lines); ts[1] != (eval.Target{Weight: 1}) || ts[4] != (eval.Target{Content: 1, Weight: 1}) {
		t.Errorf("harbour targets %v: want the first Share noise, the second content", ts)
	}
}

func TestLoadReference(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ref.json")
	body := `{"extractor": "x", "output": {
		"a": {"articleBody": "body a"},
		"b": {"text": "text b"},
		"c": "plain c",
		"d": null,
		"e": {"title": "no body"},
		"f": {"articleBody": ""}
	}}`
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := eval.LoadReference(path)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a": "body a", "b": "text b", "c": "plain c", "f": ""}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LoadReference = %q, want %q", got, want)
	}

	for name, bad := range map[string]string{
		"no output": `{"extractor": "x"}`,
		"syntax":    "{\n\"output\": {\"a\": }}",
		"bad value": `{"output": {"a": 3}}`,
	} {
		if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := eval.LoadReference(path); err == nil || !strings.Contains(err.Error(), "ref.json") {
			t.Errorf("%s: error %v, want one naming ref.json", name, err)
		}
	}
}

func TestLoadOutputDir(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"a.txt": "text a", "b.txt": "", "c.md": "skip", ".d.txt": "hidden"}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub.txt"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := eval.LoadOutputDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"a": "text a", "b": ""}; !reflect.DeepEqual(got, want) {
		t.Errorf("LoadOutputDir = %q, want %q", got, want)
	}
	if _, err := eval.LoadOutputDir(filepath.Join(dir, "missing")); err == nil {
		t.Error("LoadOutputDir on a missing dir succeeded")
	}
}
