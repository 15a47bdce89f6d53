package eval

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"empty", "", nil},
		{"punctuation only", " --- ... !? ", nil},
		{"ascii", "It's a 3-day_event!", []string{"It", "s", "a", "3", "day_event"}},
		{"case kept", "Berlin BERLIN berlin", []string{"Berlin", "BERLIN", "berlin"}},
		{"latin accents precomposed", "Größe née", []string{"Größe", "née"}},
		{"digits and numerics", "½ x² ٣٤ Ⅻ", []string{"½", "x²", "٣٤", "Ⅻ"}},
		// Python's \w does not match combining marks (Mn/Mc): a Devanagari
		// word splits at its vowel signs and virama.
		{"marks split words", "नमस्ते", []string{"नमस", "त"}},
		{"decomposed accent splits", "e\u0301te\u0301", []string{"e", "te"}},
		{"cjk", "東京タワー、2024年", []string{"東京タワー", "2024年"}},
		{"nbsp and apostrophe", "don’t\u00a0stop", []string{"don", "t", "stop"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, tk := range tokenize(c.text) {
				got = append(got, c.text[tk.start:tk.end])
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("tokenize(%q) = %q, want %q", c.text, got, c.want)
			}
		})
	}
}

func TestShingle(t *testing.T) {
	key := func(toks ...string) string { return strings.Join(toks, "\x00") }
	cases := []struct {
		name, text string
		want       []string
	}{
		{"no tokens", "  ...  ", nil},
		{"one token", "Hello!", []string{key("Hello")}},
		{"three tokens", "a b c", []string{key("a", "b", "c")}},
		{"four tokens", "a b c d", []string{key("a", "b", "c", "d")}},
		{"six tokens", "a b c d e f", []string{key("a", "b", "c", "d"), key("b", "c", "d", "e"), key("c", "d", "e", "f")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := shingle(c.text).keys
			if len(got) == 0 {
				got = nil
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("shingle(%q) = %q, want %q", c.text, got, c.want)
			}
		})
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

func TestShinglesPage(t *testing.T) {
	cases := []struct {
		name, gold, pred string
		tp, fp, fn       float64
		p, r             float64
		missed, kept     []string
	}{
		{"identical", "The quick brown fox jumps.", "The  quick\nbrown fox -- jumps", 1, 0, 0, 1, 1, nil, nil},
		{"empty output", "The quick brown fox jumps.", "", 0, 0, 1, 0, 0, []string{"The quick brown fox jumps"}, nil},
		{"both empty: fp = fn = 0", "", "", 0, 0, 0, 1, 1, nil, nil},
		{"gold without tokens", "—", "Menu Home", 0, 1, 0, 0, 0, nil, []string{"Menu Home"}},
		{"case matters", "The quick brown fox", "the quick brown fox", 0, 0.5, 0.5, 0, 0,
			[]string{"The quick brown fox"}, []string{"the quick brown fox"}},
		// Gold "a b c" (one short shingle) vs "a b c d" (one 4-shingle):
		// nothing shared.
		{"short shingle", "a b c", "a b c d", 0, 0.5, 0.5, 0, 0, []string{"a b c"}, []string{"a b c d"}},
		{"short texts equal", "Breaking: news", "Breaking news", 1, 0, 0, 1, 1, nil, nil},
		// Gold has 3 shingles; output keeps them and adds 2 of its own:
		// tp 3, fp 2, fn 0 → scaled 3/5, 2/5, 0.
		{"extra text", "a b c d e f", "a b c d e f g h", 0.6, 0.4, 0, 0.6, 1, nil, []string{"g h"}},
		// Output keeps the first four tokens only: tp 1, fn 2.
		{"lost text", "a b c d e f", "a b c d", 1.0 / 3, 0, 2.0 / 3, 1, 1.0 / 3, []string{"e f"}, nil},
		// Multiset: gold repeats a shingle twice, output once.
		{"repeats count", "x y z w x y z w x", "x y z w", 1.0 / 6, 0, 5.0 / 6, 1, 1.0 / 6, []string{"x y z w x"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := &Gold{shingles: map[string]*shingled{"p": shingle(c.gold)}}
			r := g.Score(map[string]string{"p": c.pred})[0]
			p := r.PerPage[0]
			if !near(p.TP, c.tp) || !near(p.FP, c.fp) || !near(p.FN, c.fn) {
				t.Errorf("tp/fp/fn = %g/%g/%g, want %g/%g/%g", p.TP, p.FP, p.FN, c.tp, c.fp, c.fn)
			}
			if !near(p.P, c.p) || !near(p.R, c.r) {
				t.Errorf("P/R = %g/%g, want %g/%g", p.P, p.R, c.p, c.r)
			}
			if !near(r.Precision, c.p) || !near(r.Recall, c.r) {
				t.Errorf("set P/R = %g/%g, want %g/%g", r.Precision, r.Recall, c.p, c.r)
			}
			if !reflect.DeepEqual(p.Missed, c.missed) || !reflect.DeepEqual(p.Kept, c.kept) {
				t.Errorf("missed %q kept %q, want %q and %q", p.Missed, p.Kept, c.missed, c.kept)
			}
			if p.Empty != (strings.TrimSpace(c.pred) == "") {
				t.Errorf("Empty = %v", p.Empty)
			}
		})
	}
}

// TestShinglesMacro checks that pages weigh the same and that F1 comes from
// the mean P and R, not from the mean of page F1s.
func TestShinglesMacro(t *testing.T) {
	long := strings.Repeat("word ", 400)
	g := &Gold{shingles: map[string]*shingled{
		"a": shingle("a b c d e f"), // output adds 2 shingles: P 0.6, R 1
		"b": shingle(long),          // no output: P 0, R 0
		"c": shingle("one two"),     // exact: P 1, R 1
	}}
	r := g.Score(map[string]string{"a": "a b c d e f g h", "c": "one two"})[0]
	wantP, wantR := (0.6+0+1)/3, (1+0+1)/3.0
	if !near(r.Precision, wantP) || !near(r.Recall, wantR) {
		t.Fatalf("P/R = %g/%g, want %g/%g", r.Precision, r.Recall, wantP, wantR)
	}
	if wantF1 := 2 * wantP * wantR / (wantP + wantR); !near(r.F1, wantF1) {
		t.Errorf("F1 = %g, want %g", r.F1, wantF1)
	}
	if r.Pages != 3 || r.Empty != 1 {
		t.Errorf("pages %d empty %d, want 3 and 1", r.Pages, r.Empty)
	}
	if w := r.Worst(1); len(w) != 1 || w[0].ID != "b" {
		t.Errorf("Worst(1) = %+v, want page b", w)
	}
}

func TestCollapse(t *testing.T) {
	cases := map[string]string{
		"":                       "",
		"  \t\n ":                "",
		" a  b\n\nc\t":           "a b c",
		"a\u00a0\u2009b\u3000c":  "a b c",
		"a\x1cb\x1fc":            "a b c",    // Python's \s includes the separators
		"a\u200bb":               "a\u200bb", // zero-width space is no whitespace
		"Ünter\r\n  wegs  \v\f.": "Ünter wegs .",
	}
	for in, want := range cases {
		if got := collapse(in); got != want {
			t.Errorf("collapse(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSnippetsPage(t *testing.T) {
	gold := func(with, without []string) *snippetPage {
		sp := &snippetPage{}
		for _, s := range with {
			sp.with = append(sp.with, collapse(s))
		}
		for _, s := range without {
			sp.without = append(sp.without, collapse(s))
		}
		return sp
	}
	cases := []struct {
		name           string
		with, without  []string
		out            string
		tp, fp, fn, tn float64
		missed, kept   []string
	}{
		{"found and not found", []string{"river rose", "dam held"}, []string{"Sign up"},
			"The river rose at dawn.", 1, 0, 1, 1, []string{"dam held"}, nil},
		{"whitespace collapsed both sides", []string{"river\n rose  at", "at dawn"}, nil,
			"The river   rose\n\tat\u00a0dawn", 2, 0, 0, 0, nil, nil},
		{"case sensitive", []string{"River rose"}, []string{"SIGN UP"},
			"The river rose. Sign up now.", 0, 0, 1, 1, []string{"River rose"}, nil},
		{"without kept", []string{"river"}, []string{"Sign up", "Read more"},
			"river\nSign   up", 1, 1, 0, 1, nil, []string{"Sign up"}},
		{"empty output", []string{"river", ""}, []string{"Sign up"},
			" \n\t ", 0, 0, 2, 1, []string{"river", ""}, nil},
		{"empty snippet found in any output", []string{""}, nil,
			"x", 1, 0, 0, 0, nil, nil},
		{"substring inside a word", []string{"ate"}, nil,
			"The senate met.", 1, 0, 0, 0, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := scoreSnippetPage("p", gold(c.with, c.without), c.out)
			if p.TP != c.tp || p.FP != c.fp || p.FN != c.fn || p.TN != c.tn {
				t.Errorf("TP/FP/FN/TN = %g/%g/%g/%g, want %g/%g/%g/%g", p.TP, p.FP, p.FN, p.TN, c.tp, c.fp, c.fn, c.tn)
			}
			if !reflect.DeepEqual(p.Missed, c.missed) || !reflect.DeepEqual(p.Kept, c.kept) {
				t.Errorf("missed %q kept %q, want %q and %q", p.Missed, p.Kept, c.missed, c.kept)
			}
		})
	}
}

func TestSnippetsMicro(t *testing.T) {
	g := &Gold{snippets: map[string]*snippetPage{
		"a": {with: []string{"one", "two", "three"}, without: []string{"menu"}},
		"b": {with: []string{"four"}, without: []string{"login", "footer"}},
		"c": {with: []string{"five"}},
	}}
	// a: TP 2 FN 1 FP 1; b: TP 1 FP 2; c: missing → FN 1.
	r := g.Score(map[string]string{"a": "one two menu", "b": "four login footer", "x": "ignored"})[0]
	if r.TP != 3 || r.FP != 3 || r.FN != 2 || r.TN != 0 || r.Pages != 3 || r.Empty != 1 {
		t.Fatalf("TP/FP/FN/TN %g/%g/%g/%g pages %d empty %d", r.TP, r.FP, r.FN, r.TN, r.Pages, r.Empty)
	}
	if !near(r.Precision, 0.5) || !near(r.Recall, 0.6) || !near(r.F1, 6.0/11) {
		t.Errorf("P/R/F1 = %g/%g/%g, want 0.5/0.6/%g", r.Precision, r.Recall, r.F1, 6.0/11)
	}
	byID := map[string]PageScore{}
	for _, p := range r.PerPage {
		byID[p.ID] = p
	}
	if p := byID["b"]; !near(p.P, 1.0/3) || p.R != 1 || !near(p.F1, 0.5) {
		t.Errorf("page b P/R/F1 = %g/%g/%g, want 1/3, 1, 0.5", p.P, p.R, p.F1)
	}
	if p := byID["c"]; p.P != 0 || p.R != 0 || p.F1 != 0 || !p.Empty {
		t.Errorf("page c = %+v, want all zero and empty", p)
	}
	if ids := []string{r.PerPage[0].ID, r.PerPage[1].ID, r.PerPage[2].ID}; !reflect.DeepEqual(ids, []string{"a", "b", "c"}) {
		t.Errorf("PerPage order %v", ids)
	}
	if w := r.Worst(0); w[0].ID != "c" || w[1].ID != "b" || w[2].ID != "a" {
		t.Errorf("Worst order %s %s %s, want c b a", w[0].ID, w[1].ID, w[2].ID)
	}
}
