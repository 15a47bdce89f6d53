package lang

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
)

func words(text string) []string {
	var out []string
	for w := range Words(text) {
		out = append(out, w)
	}
	return out
}

func TestWords(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"", nil},
		{" \t\n ,.;!? ", nil},
		{"Hello, world!", []string{"Hello", "world"}},
		// Apostrophes between word characters join; at the edges they don't.
		{"don't l'homme dell’anno aujourd'hui", []string{"don't", "l'homme", "dell’anno", "aujourd'hui"}},
		{"'til the students' books", []string{"til", "the", "students", "books"}},
		{"rock 'n' roll", []string{"rock", "n", "roll"}},
		{"it's '' ok", []string{"it's", "ok"}},
		// Digits are words; hyphens, dots and commas separate.
		{"COVID-19 in 2019: 3,5 % e-mail v1.2", []string{"COVID", "19", "in", "2019", "3", "5", "e", "mail", "v1", "2"}},
		{"Straße ÜBER Öl", []string{"Straße", "ÜBER", "Öl"}},
		// Other scripts, marks, joiners.
		{"Москва — столица", []string{"Москва", "столица"}},
		{"नमस्ते दुनिया", []string{"नमस्ते", "दुनिया"}},
		{"می\u200cشود", []string{"می\u200cشود"}},
		{"Bundes\u00adregierung", []string{"Bundes\u00adregierung"}},
		{"東京は晴れ。", []string{"東京は晴れ"}},
		// Invalid UTF-8 separates words.
		{"ab\xffcd", []string{"ab", "cd"}},
	}
	for _, tc := range tests {
		if got := words(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("words(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestNextWord(t *testing.T) {
	text := "  ab, cd"
	for _, tc := range []struct{ from, start, end int }{
		{-5, 2, 4}, {0, 2, 4}, {2, 2, 4}, {3, 3, 4}, {4, 6, 8}, {7, 7, 8}, {8, -1, -1}, {100, -1, -1},
	} {
		if s, e := NextWord(text, tc.from); s != tc.start || e != tc.end {
			t.Errorf("NextWord(%q, %d) = %d, %d; want %d, %d", text, tc.from, s, e, tc.start, tc.end)
		}
	}
}

func TestAppendLower(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"STRAßE", "straße"},
		{"Straße", "straße"},
		{"ÜBER", "über"},
		{"Über", "über"},
		{"ẞ", "ß"}, // capital sharp s
		{"DON’T", "don't"},
		{"Bundes\u00adregierung", "bundesregierung"},
		{"ΟΔΟΣ", "οδος"},
		{"Σ", "σ"},
		{"ÇAĞ", "çağ"},
		{"МОСКВА", "москва"},
		{"2019", "2019"},
	} {
		if got := string(AppendLower(nil, tc.in)); got != tc.want {
			t.Errorf("AppendLower(%q) = %q, want %q", tc.in, got, tc.want)
		}
		// The internal folding used by Count and Detector agrees.
		var buf keyBuf
		key, direct, ok := foldKey(&buf, tc.in)
		if got := direct + string(key); !ok || got != tc.want {
			t.Errorf("foldKey(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
	var buf keyBuf
	if _, _, ok := foldKey(&buf, strings.Repeat("Ü", maxKey)); ok {
		t.Error("foldKey accepted a word longer than any stopword")
	}
	// Appends to dst.
	if got := string(AppendLower([]byte("x:"), "AB")); got != "x:ab" {
		t.Errorf("AppendLower appended %q", got)
	}
}

func TestContains(t *testing.T) {
	de, en, fr, it := StopwordsFor("de"), StopwordsFor("en"), StopwordsFor("fr"), StopwordsFor("it")
	for _, tc := range []struct {
		s    *Stopwords
		word string
		want bool
	}{
		{de, "über", true},
		{de, "und", true},
		{de, "straße", false},
		{de, "Und", false}, // Contains wants lower case
		{en, "the", true},
		{en, "don't", true},
		{en, "john's", false},
		{fr, "les", true},
		{fr, "l'homme", true}, // elided article
		{fr, "homme", false},
		{it, "dell'anno", true},
		{nil, "the", false},
	} {
		if got := tc.s.Contains(tc.word); got != tc.want {
			t.Errorf("%s.Contains(%q) = %v, want %v", listName(tc.s), tc.word, got, tc.want)
		}
	}
}

func listName(s *Stopwords) string {
	if s == nil {
		return "nil"
	}
	return string(s.lang)
}

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		lang         Lang
		line         string
		words, stops int
	}{
		{"de", "", 0, 0},
		{"de", "DIE STRAßE FÜHRT ÜBER DEN FLUSS", 6, 3}, // die, über, den
		{"de", "Über 2019 Häuser und 3,5 Mio. Euro", 8, 2},
		{"de", "Bundes\u00adregierung und Län\u00adder", 3, 1},
		// stopwords-iso's English list also has "miss" and "best".
		{"en", "Don’t miss it: the 10 best deals!", 7, 5},
		{"en", "The Wall Street Journal's editors", 5, 1},
		{"fr", "L'homme qu'il a vu aujourd'hui", 5, 5}, // l', qu', a, vu, aujourd'hui
		{"fr", "L'Homme Nouveau", 2, 2},                // l', nouveau
		{"it", "Nell'anno dell'Unità d'Italia", 3, 3},
		{"ru", "Это было ОЧЕНЬ давно", 4, 4},
		{"zh", "市议会周二宣布", 1, 0}, // no list: words only
	} {
		s := StopwordsFor(tc.lang)
		w, st := Count(tc.line, s)
		if w != tc.words || st != tc.stops {
			t.Errorf("Count(%q, %s) = %d, %d; want %d, %d", tc.line, tc.lang, w, st, tc.words, tc.stops)
		}
	}
}

func TestCountNoAlloc(t *testing.T) {
	de := StopwordsFor("de")
	line := "DIE STRAßE FÜHRT ÜBER DEN FLUSS, l'homme don’t 2019 Län\u00adder " + strings.Repeat("Ü", 100)
	Count(line, de)
	if n := testing.AllocsPerRun(100, func() { Count(line, de) }); n != 0 {
		t.Errorf("Count allocates %v times per run", n)
	}
	if n := testing.AllocsPerRun(100, func() {
		for w := range Words(line) {
			_ = w
		}
	}); n != 0 {
		t.Errorf("ranging over Words allocates %v times per run", n)
	}
}

// TestStopwordData checks the embedded lists: required languages present,
// sizes sane, entries lower case, one word each, sorted, unique (see
// checkList), and the data small.
func TestStopwordData(t *testing.T) {
	for _, s := range loadTables().lists {
		if err := checkList(s); err != nil {
			t.Error(err)
		}
	}
	broken := &Stopwords{lang: "xx", list: "ab\nCd\nef\n"}
	if err := checkList(broken); err == nil {
		t.Error("checkList accepts a word in upper case")
	}
	for _, l := range []Lang{"de", "en", "fr", "es", "it", "nl", "pl", "pt", "sv", "da", "no", "fi", "ru", "cs", "hu", "ro", "tr", "id"} {
		s := StopwordsFor(l)
		if s == nil {
			t.Errorf("no stopwords for %q", l)
			continue
		}
		if s.Lang() != l || s.Len() < 50 || s.Len() > 2000 {
			t.Errorf("%q: lang %q, %d words", l, s.Lang(), s.Len())
		}
		ws := s.Words()
		if len(ws) != s.Len() || !slices.IsSorted(ws) {
			t.Errorf("%q: Words() not sorted or wrong length", l)
		}
		for _, w := range ws {
			if !s.Contains(w) {
				t.Errorf("%q: Contains(%q) is false", l, w)
			}
		}
	}
	for _, l := range []Lang{"zh", "ja", "ko", "th", "", "xx"} {
		if s := StopwordsFor(l); s != nil {
			t.Errorf("StopwordsFor(%q) = %s, want nil", l, listName(s))
		}
	}
	for l, want := range map[Lang]bool{"zh": false, "ja": false, "th": false, "ko": true, "de": true, "": true} {
		if got := HasWordBoundaries(l); got != want {
			t.Errorf("HasWordBoundaries(%q) = %v", l, got)
		}
	}
	total := 0
	err := fs.WalkDir(stopwordFiles, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := stopwordFiles.ReadFile(path)
			total += len(b)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if total > 200_000 {
		t.Errorf("embedded stopword data is %d bytes", total)
	}
	for _, f := range []string{"stopwords/LICENSE", "stopwords/README.md"} {
		if _, err := os.Stat(f); err != nil {
			t.Error(err)
		}
	}
}

func BenchmarkCount(b *testing.B) {
	pages := benchPages(b)
	type line struct {
		text string
		s    *Stopwords
	}
	var lines []line
	size := 0
	for _, p := range pages {
		s := StopwordsFor(p.lang)
		for l := range strings.SplitSeq(p.text, "\n") {
			lines = append(lines, line{l, s})
			size += len(l)
		}
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			Count(l.text, l.s)
		}
	}
}

// TestAddLineMasksCount checks that the masks AddLine records give, for
// every list, the stopword count Count gives, repeated lines included.
func TestAddLineMasksCount(t *testing.T) {
	lines := []string{
		"Der Rat stimmte am Dienstag dafür, das Programm zu verlängern.",
		"The council voted on Tuesday to extend the program for two years.",
		"L'homme qu'il a vu n'est pas venu aujourd'hui à l'école.",
		"Der Rat stimmte am Dienstag dafür, das Programm zu verlängern.",
		"El 3 de mayo de 2024 dijo que no lo haría, pero lo hizo.",
		"ÜBER DIE STRASSE GEHEN WIR NICHT MEHR, SAGT SIE.",
		"Москва и Санкт-Петербург — это города России.",
		"2024 · 12:30 · 0 Kommentare",
		"",
	}
	var d Detector
	var masks []uint64
	for _, line := range lines {
		start := len(masks)
		masks = d.AddLine(line, masks)
		for _, l := range Supported() {
			s := StopwordsFor(l)
			if s == nil {
				continue
			}
			_, want := Count(line, s)
			if got := s.CountIn(masks[start:]); got != want {
				t.Errorf("%s %q: CountIn = %d, Count = %d", l, line, got, want)
			}
		}
	}
	// The evidence is the same as Add's.
	var d2 Detector
	for _, line := range lines {
		d2.Add(line)
	}
	l1, c1 := d.Result()
	l2, c2 := d2.Result()
	if l1 != l2 || c1 != c2 {
		t.Errorf("AddLine gives %s %.3f, Add %s %.3f", l1, c1, l2, c2)
	}
}
