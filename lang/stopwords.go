package lang

import (
	"bytes"
	"embed"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Lang is an ISO 639-1 language code such as "de" or "en". The empty Lang
// means the language is unknown.
type Lang string

//go:embed stopwords/*.txt
var stopwordFiles embed.FS

// script is a writing system, as far as detection needs to tell them apart.
type script uint8

const (
	scriptOther script = iota
	scriptLatin
	scriptCyrillic
	scriptGreek
	scriptArabic
	scriptHebrew
	scriptDevanagari
	scriptThai
	scriptHangul
	scriptHan
	scriptKana // Hiragana and Katakana
	numScripts
)

// scriptOnly are the languages detected by script alone; they have no
// stopword list.
var scriptOnly = map[Lang]script{"zh": scriptHan, "ja": scriptKana, "ko": scriptHangul, "th": scriptThai}

// listScript gives the script of languages with a stopword list that are not
// written in Latin script.
var listScript = map[Lang]script{
	"ru": scriptCyrillic, "uk": scriptCyrillic, "bg": scriptCyrillic,
	"el": scriptGreek, "ar": scriptArabic, "fa": scriptArabic,
	"he": scriptHebrew, "hi": scriptDevanagari,
}

// maxLists is the number of stopword lists the bit masks can hold.
const maxLists = 64

// Stopwords is the stopword set of one language. Its methods are safe for
// concurrent use.
type Stopwords struct {
	lang   Lang
	idx    int
	bit    uint64
	script script
	list   string // the embedded file: sorted words, one a line
	filter [filterBits / 64]uint64
}

// filterBits is the size of each list's prefilter, a one-hash Bloom filter on
// a word's length, first and last byte. On the bench pages it turns away two
// thirds of the words that are not stopwords before the map look-up.
const filterBits = 4096

// filterPos is the filter bit of a non-empty word; hasB repeats it for
// []byte.
func filterPos(w string) uint {
	return (uint(len(w))*0x9e37 ^ uint(w[0])*0x3b ^ uint(w[len(w)-1])*0x1f1) % filterBits
}

// has reports whether w, folded, is a word of s.
func (s *Stopwords) has(w string) bool {
	if w == "" {
		return false
	}
	p := filterPos(w)
	if s.filter[p/64]&(1<<(p%64)) == 0 {
		return false
	}
	return lookup(loadTables(), w)&s.bit != 0
}

// hasB is has for a byte slice; it does not allocate.
func (s *Stopwords) hasB(w []byte) bool {
	if len(w) == 0 {
		return false
	}
	p := (uint(len(w))*0x9e37 ^ uint(w[0])*0x3b ^ uint(w[len(w)-1])*0x1f1) % filterBits
	if s.filter[p/64]&(1<<(p%64)) == 0 {
		return false
	}
	return lookup(loadTables(), w)&s.bit != 0
}

// tables holds all stopword lists, loaded once from the embedded files.
//
// Every run that reads plain text needs them at its first line, to tell
// the page's language: so they are one hash table over the words of all
// lists, open addressing with linear probing on FNV-1a, in four flat
// slices, which take a tenth of the time and half the memory of Go maps to
// build (about 13,600 words in 33 lists).
type tables struct {
	lists  []*Stopwords        // sorted by language; lists[i].idx == i
	byLang map[Lang]*Stopwords // language → list
	data   string              // the embedded files, one after the other
	// slots[h] is 1 + the entry of a word whose hash is h or that was
	// pushed on from there; 0 is empty. An entry's word is
	// data[starts[e]:][:lens[e]], and masks[e] is the bit set of the
	// lists that hold it.
	slots  []uint32
	starts []uint32
	lens   []uint8
	masks  []uint64
	// any is a Bloom filter (one hash of the whole word) over the words
	// of the table: most words of a text are in no list, and a bit test
	// is cheaper than the look-up it spares.
	any  [anyBits / 64]uint64
	supp []Lang // Supported(), sorted
}

// tableSlots is the size of tables.slots: the table is about 40 % full.
const tableSlots = 1 << 15

// lookup returns the bit set of the lists that hold the folded word w, 0
// when none does.
func lookup[S string | []byte](t *tables, w S) uint64 {
	return find(t, wordHash(w), w)
}

// find is lookup for a word whose hash is h.
func find[S string | []byte](t *tables, h uint32, w S) uint64 {
	for i := h & (tableSlots - 1); ; i = (i + 1) & (tableSlots - 1) {
		e := t.slots[i]
		if e == 0 {
			return 0
		}
		e--
		if int(t.lens[e]) == len(w) && t.data[t.starts[e]:t.starts[e]+uint32(len(w))] == string(w) {
			return t.masks[e]
		}
	}
}

// add adds word data[start:end] to list bit.
func (t *tables) add(start, end int, bit uint64) {
	w := t.data[start:end]
	h := wordHash(w)
	for i := h & (tableSlots - 1); ; i = (i + 1) & (tableSlots - 1) {
		e := t.slots[i]
		if e == 0 {
			t.starts = append(t.starts, uint32(start))
			t.lens = append(t.lens, uint8(end-start))
			t.masks = append(t.masks, bit)
			t.slots[i] = uint32(len(t.masks))
			break
		}
		e--
		if int(t.lens[e]) == len(w) && t.data[t.starts[e]:t.starts[e]+uint32(len(w))] == w {
			t.masks[e] |= bit
			break
		}
	}
	p := h % anyBits
	t.any[p/64] |= 1 << (p % 64)
}

var loadTables = sync.OnceValue(func() *tables {
	t, err := parseTables()
	if err != nil {
		panic("lang: embedded stopword data: " + err.Error())
	}
	return t
})

func parseTables() (*tables, error) {
	entries, err := stopwordFiles.ReadDir("stopwords")
	if err != nil {
		return nil, err
	}
	var all []byte
	type list struct {
		lang       Lang
		start, end int
	}
	var files []list
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".txt")
		if !ok {
			continue
		}
		data, err := stopwordFiles.ReadFile("stopwords/" + e.Name())
		if err != nil {
			return nil, err
		}
		if len(files) == maxLists {
			return nil, fmt.Errorf("more than %d lists", maxLists)
		}
		files = append(files, list{Lang(name), len(all), len(all) + len(data)})
		all = append(all, data...)
	}
	t := &tables{byLang: make(map[Lang]*Stopwords, len(files)), data: string(all), slots: make([]uint32, tableSlots)}
	// TestStopwordData checks the words (checkList): a start-up does not.
	words := bytes.Count(all, []byte("\n")) + len(files)
	t.starts, t.lens, t.masks = make([]uint32, 0, words), make([]uint8, 0, words), make([]uint64, 0, words)
	for _, f := range files {
		s := &Stopwords{lang: f.lang, idx: len(t.lists), bit: 1 << len(t.lists), script: scriptLatin, list: t.data[f.start:f.end]}
		if sc, ok := listScript[f.lang]; ok {
			s.script = sc
		}
		for i := f.start; i < f.end; {
			end := strings.IndexByte(t.data[i:f.end], '\n')
			if end < 0 {
				end = f.end - i
			}
			if end > 0 {
				w := t.data[i : i+end]
				p := filterPos(w)
				s.filter[p/64] |= 1 << (p % 64)
				t.add(i, i+end, s.bit)
			}
			i += end + 1
		}
		t.lists = append(t.lists, s)
		t.byLang[f.lang] = s
	}
	for _, s := range t.lists {
		t.supp = append(t.supp, s.lang)
	}
	for l := range scriptOnly {
		t.supp = append(t.supp, l)
	}
	slices.Sort(t.supp)
	return t, nil
}

// checkList reports what is wrong with the words of a stopword list: each
// must be one word in lower case, at most maxKey bytes long, and the list
// sorted without duplicates. The lists are embedded, so the tests check
// them instead of every run.
func checkList(s *Stopwords) error {
	var buf []byte
	words := s.Words()
	for _, w := range words {
		if len(w) > maxKey {
			return fmt.Errorf("%s: %q longer than %d bytes", s.lang, w, maxKey)
		}
		if buf = AppendLower(buf[:0], w); string(buf) != w {
			return fmt.Errorf("%s: %q is not lower case", s.lang, w)
		}
		if st, end := NextWord(w, 0); st != 0 || end != len(w) {
			return fmt.Errorf("%s: %q is not one word", s.lang, w)
		}
	}
	if !slices.IsSorted(words) || len(slices.Compact(slices.Clone(words))) != len(words) {
		return fmt.Errorf("%s: not sorted or has duplicates", s.lang)
	}
	return nil
}

// Supported returns, sorted, every language the Detector can return: those
// with a stopword list and those told apart by script alone (zh, ja, ko, th).
// The caller may modify the returned slice.
func Supported() []Lang {
	return slices.Clone(loadTables().supp)
}

// StopwordsFor returns the stopword set of language l, or nil if there is
// none (unknown language, or a language such as zh, ja, ko or th for which
// stopword density is not available).
func StopwordsFor(l Lang) *Stopwords {
	return loadTables().byLang[l]
}

// HasWordBoundaries reports whether text in language l separates words with
// spaces, so that word counts and stopword density mean something. It is
// false for Chinese, Japanese and Thai, true otherwise (also for "").
func HasWordBoundaries(l Lang) bool {
	switch l {
	case "zh", "ja", "th":
		return false
	}
	return true
}

// Lang returns the language of s.
func (s *Stopwords) Lang() Lang { return s.lang }

// Len returns the number of words in s.
func (s *Stopwords) Len() int { return len(s.Words()) }

// Words returns the words of s, sorted. The caller may modify the slice.
func (s *Stopwords) Words() []string {
	var out []string
	for w := range strings.SplitSeq(s.list, "\n") {
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// Contains reports whether lowerWord, already lower-cased as by AppendLower,
// is a stopword of s. A word with an apostrophe that is not itself listed
// counts as a stopword when its part before the first apostrophe is one:
// that catches elided articles and prepositions such as French "l'homme"
// and Italian "dell'anno". Contains on a nil *Stopwords returns false.
func (s *Stopwords) Contains(lowerWord string) bool {
	if s == nil {
		return false
	}
	return s.hasString(lowerWord)
}

// hasString reports whether the folded word w is in s, with the elision
// rule.
func (s *Stopwords) hasString(w string) bool {
	if s.has(w) {
		return true
	}
	if i := strings.IndexByte(w, '\''); i > 0 {
		return s.has(w[:i])
	}
	return false
}

// hasBytes is hasString for a key in a byte buffer; it does not allocate.
func (s *Stopwords) hasBytes(w []byte) bool {
	if s.hasB(w) {
		return true
	}
	if i := bytes.IndexByte(w, '\''); i > 0 {
		return s.hasB(w[:i])
	}
	return false
}

// hasWord folds word (as found by NextWord) and reports whether it is in s.
func (s *Stopwords) hasWord(buf *keyBuf, word string) bool {
	key, direct, ok := foldKey(buf, word)
	switch {
	case !ok:
		return false
	case key == nil:
		return s.hasString(direct)
	}
	return s.hasBytes(key)
}

// anyBits is the size of tables.any: with the ~13,000 words of all lists
// about one bit in five is set.
const anyBits = 1 << 16

// wordHash is the hash of w (FNV-1a), in tables.slots and tables.any.
func wordHash[S string | []byte](w S) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h ^= uint32(w[i])
		h *= 16777619
	}
	return h
}

// mayFind returns the entry of w in t, or 0 when the Bloom filter rules
// out that t holds it.
func mayFind[S string | []byte](t *tables, w S) uint64 {
	h := wordHash(w)
	if p := h % anyBits; t.any[p/64]&(1<<(p%64)) == 0 {
		return 0
	}
	return find(t, h, w)
}

// lookupBoth folds word (as found by NextWord) and returns its list mask
// as the detector sees it and as Count sees it: with an elided word ("l'homme") the
// detector takes the whole word's lists when it has any, else the part
// before the apostrophe's; Count (hasWord) takes both.
func lookupBoth(t *tables, buf *keyBuf, word string) (detect, count uint64) {
	key, direct, ok := foldKey(buf, word)
	if !ok {
		return 0, 0
	}
	var whole, part uint64
	if key == nil {
		whole = mayFind(t, direct)
		if i := strings.IndexByte(direct, '\''); i > 0 {
			part = mayFind(t, direct[:i])
		}
	} else {
		whole = mayFind(t, key)
		if i := bytes.IndexByte(key, '\''); i > 0 {
			part = mayFind(t, key[:i])
		}
	}
	if whole != 0 {
		return whole, whole | part
	}
	return part, part
}

// CountIn returns how many of masks (see Detector.AddLine) hold s.
func (s *Stopwords) CountIn(masks []uint64) int {
	n := 0
	for _, m := range masks {
		if m&s.bit != 0 {
			n++
		}
	}
	return n
}

// Count walks the words of line in one pass and returns how many there are
// and how many of them are stopwords of s (after lower-casing, with the
// elision rule of Contains). With a nil s it counts words only and stops is
// 0. Count does not allocate and is safe for concurrent use.
func Count(line string, s *Stopwords) (words, stops int) {
	var buf keyBuf
	for i := 0; ; {
		start, end := NextWord(line, i)
		if start < 0 {
			return words, stops
		}
		i = end
		words++
		if s != nil && s.hasWord(&buf, line[start:end]) {
			stops++
		}
	}
}
