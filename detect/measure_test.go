package detect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// measureRunes is count as first written, rune by rune through the
// unicode tables; count reads ASCII without them and must agree.
func measureRunes(s string) shape {
	var sh shape
	inWord := false
	var prev rune
	for _, r := range s {
		sh.chars++
		if !unicode.IsSpace(r) {
			sh.nonSpace++
		}
		word := false
		switch {
		case r < utf8.RuneSelf:
			switch {
			case 'a' <= r && r <= 'z':
				sh.letters++
				word = true
			case 'A' <= r && r <= 'Z':
				sh.letters++
				sh.upper++
				word = true
			case '0' <= r && r <= '9':
				sh.digits++
				word = true
			}
		case unicode.IsLetter(r):
			sh.letters++
			if unicode.IsUpper(r) {
				sh.upper++
			}
			word = true
		case unicode.IsDigit(r):
			sh.digits++
			word = true
		case unicode.Is(unicode.Mn, r):
			word = true
		}
		if word {
			if !inWord {
				sh.words++
				if unicode.IsUpper(r) {
					sh.capWords++
				}
			}
			sh.wordRunes++
		}
		inWord = word
		if (r == ' ' || r == '\t' || r == '\u00a0') && isSentenceEnd(prev) {
			sh.sentences++
		}
		prev = r
	}
	return sh
}

func TestMeasureAgreesWithRunes(t *testing.T) {
	lines := []string{"", " ", "Ein Satz. Noch einer!\tUnd?\u00a0Ja", "ÄRGER über Öl", "x\x80y \xff", "१२३ ٣ 3rd",
		"e\u0301tude", "ǅ Dž", "\v\f\r\n", "Ｆｕｌｌ ｗｉｄｔｈ", "日本語の文。"}
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "seeds", "*.txt"))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(data), "\n")...)
	}
	for _, l := range lines {
		if got, want := count(l), measureRunes(l); got != want {
			t.Errorf("%q: count %+v, rune by rune %+v", l, got, want)
		}
	}
}
