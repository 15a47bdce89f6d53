package clean

import (
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestCP1252Table checks the reviewed table against x/text's Windows-1252.
func TestCP1252Table(t *testing.T) {
	for i, want := range cp1252 {
		got, err := charmap.Windows1252.NewDecoder().Bytes([]byte{byte(0x80 + i)})
		if err != nil {
			t.Fatal(err)
		}
		r := []rune(string(got))[0]
		if want == 0 {
			want = '\uFFFD' // undefined: x/text decodes it as the replacement character
		}
		if r != want {
			t.Errorf("byte %#x: table has %q, Windows-1252 %q", 0x80+i, want, r)
		}
	}
}
