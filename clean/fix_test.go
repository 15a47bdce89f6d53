package clean_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/newslint/newslint/clean"
	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/rules"
)

// misdecodeWHATWG reads UTF-8 bytes as Windows-1252 the way browsers do:
// the five bytes Windows-1252 leaves undefined become C1 controls.
func misdecodeWHATWG(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 && c <= 0x9F {
			if r, err := charmap.Windows1252.NewDecoder().Bytes([]byte{c}); err == nil && string(r) != "\uFFFD" {
				b.Write(r)
				continue
			}
		}
		b.WriteRune(rune(c))
	}
	return b.String()
}

// misdecodeXText reads UTF-8 bytes as Windows-1252 with x/text, which turns
// the undefined bytes into U+FFFD.
func misdecodeXText(s string) string {
	out, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		panic(err)
	}
	return out
}

func TestFixEncodingTable(t *testing.T) {
	cases := map[string]string{
		"FÃ¼r die VerbÃ¼ndeten":               "Für die Verbündeten",
		"â€žWir schaffen dasâ€œ":              "„Wir schaffen das“",
		"It wasnâ€™t clear â€“ at all":        "It wasn’t clear – at all",
		"AuÃŸenpolitik":                       "Außenpolitik",
		"Preis:Â\u00a05 â‚¬":                  "Preis:\u00a05 €",
		"Preis:Â 5 Euro":                      "Preis: 5 Euro", // the no-break space became a space
		"C'est voilÃ\u00a0 tout.":             "C'est voilà tout.",
		"He said â€œnoâ€\u009d.":              "He said “no”.",
		"He said â€œnoâ€\uFFFD.":              "He said “no”.",
		"He said â€œnoâ€ and left":            "He said “no” and left",
		"WÅ‚adysÅ‚aw in GdaÅ„sk":              "Władysław in Gdańsk",
		"ÃƒÂ¤rger twice over":                 "ärger twice over", // encoded wrongly twice
		"Er sagte \u0093Nein\u0094 dazu":      "Er sagte “Nein” dazu",
		"Glocke\x07 und NUL\x00":              "Glocke und NUL",
		"Für die Verbündeten":                 "Für die Verbündeten", // nothing to repair
		"São Paulo, „Straße“ und café":        "São Paulo, „Straße“ und café",
		"Ã©tÃ© et Ã\u00a0 la plage, wasnâ€™t": "été et à la plage, wasn’t",
	}
	for in, want := range cases {
		if got := clean.FixEncoding(in); got != want {
			t.Errorf("FixEncoding(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFixEncodingLatin1: every character of the Latin-1 supplement and
// every Windows-1252 punctuation mark, double-encoded, comes back.
func TestFixEncodingLatin1(t *testing.T) {
	var all []rune
	for r := rune(0xA0); r <= 0xFF; r++ {
		all = append(all, r)
	}
	all = append(all, []rune("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")...)
	for _, r := range all {
		in := "a" + string(r) + "b"
		if got := clean.FixEncoding(misdecodeWHATWG(in)); got != in {
			t.Errorf("%U %q: misdecoded %q, repaired %q", r, in, misdecodeWHATWG(in), got)
		}
	}
}

// TestFixEncodingRoundTrip: a seed page read with the wrong encoding is
// flagged, and clean --fix-encoding gives back the original bytes.
func TestFixEncodingRoundTrip(t *testing.T) {
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	e := detect.New(set)
	keepAll := []rules.Label{rules.Noise, rules.Content, rules.Title, rules.Meta}
	files, _ := filepath.Glob("../testdata/seeds/*.txt")
	if len(files) == 0 {
		t.Fatal("no seed pages")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		orig := string(data)
		want := string(clean.Render(e.Run(input.ParseText(f, data), detect.Options{}), clean.Options{Keep: keepAll, EOL: "\n"}))
		for name, misdecode := range map[string]func(string) string{"whatwg": misdecodeWHATWG, "x/text": misdecodeXText} {
			bad := misdecode(orig)
			if name == "x/text" && strings.ContainsRune(bad, '\uFFFD') {
				continue // bytes lost for good ("ō" is C5 8D, and 8D is not Windows-1252)
			}
			res := e.Run(input.ParseText(f, []byte(bad)), detect.Options{})
			got := string(clean.Render(res, clean.Options{Keep: keepAll, EOL: "\n", FixEncoding: true}))
			if got != want {
				t.Errorf("%s (%s): repaired text differs:\n got %q\nwant %q", filepath.Base(f), name, head(got), head(want))
			}
			// Without the flag, nothing is repaired.
			plain := string(clean.Render(res, clean.Options{Keep: keepAll, EOL: "\n"}))
			if plain == got {
				t.Errorf("%s (%s): text repaired without --fix-encoding", filepath.Base(f), name)
			}
		}
	}
}

func head(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
