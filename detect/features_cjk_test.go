package detect

import "testing"

func TestMeasureCJKWords(t *testing.T) {
	for _, c := range []struct {
		s     string
		words int
	}{
		{"再起動して完了", 4},                     // seven characters
		{"Kindle for PCの設定", 5},            // three Latin words, then の設定
		{"The council met on Tuesday.", 5}, // unchanged for spaced scripts
		{"대통령은 화요일에 발표했다.", 3},             // Korean separates words with spaces
	} {
		if got := measure(c.s).words; got != c.words {
			t.Errorf("measure(%q).words = %d, want %d", c.s, got, c.words)
		}
	}
	for _, s := range []string{"习近平向克罗地亚新任总统米拉诺维..", "A teaser cut off here.."} {
		if !measure(s).ellipsis || measure(s).terminal {
			t.Errorf("measure(%q): want an ellipsis ending, not a sentence end", s)
		}
	}
}
