package detect

import "testing"

func TestStepLabel(t *testing.T) {
	for in, want := range map[string]int{
		"79'": 79, "45’": 45, "90+3'": 90, "3.": 3, "3)": 3, "3 von 17": 3, "3/17": 3,
		"12 of 20": 12, "Schritt 4": 4, "Step 2:": 2, "7": 7,
		"2024": -1, "3 Kommentare": -1, "12.04.2020": -1, "1:05 Std.": -1, "von 17": -1,
		"3 von 17 Bildern": -1, "Seite 3": -1,
	} {
		if got := stepLabel(in); got != want {
			t.Errorf("stepLabel(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestPostNumber(t *testing.T) {
	for in, want := range map[string]int{
		"#2": 2, "#12": 12, "#673": 673,
		"#": -1, "#a": -1, "# 2": -1, "#2 ": -1, "2": -1, "#123456": -1, "#hashtag": -1,
	} {
		if got := postNumber(in); got != want {
			t.Errorf("postNumber(%q) = %d, want %d", in, got, want)
		}
	}
}
