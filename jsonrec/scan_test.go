package jsonrec

import (
	"encoding/json"
	"testing"
)

// decodeCases are JSON string tokens with every kind of escape, bad
// UTF-8 and broken surrogate pairs.
var decodeCases = []string{
	`""`, `"plain"`, `"Zeile 1\nZeile 2\r\n\tEnde"`, `"\"quoted\" \\ back\/slash"`, `"\b\f"`,
	`"\u00fc\u00DF \u20ac"`, `"\ud83d\ude00 smile"`, `"\ud83d alone"`, `"\ude00 low first"`,
	`"\ud83d\u0041 not a pair"`, `"\ud83d\ud83d\ude00"`, "\"bad \xff byte\"", "\"cut \xe2\x82\"",
	"\"enc \xed\xa0\x80 surrogate\"", `"\u0000 nul"`, "\"mixed ü\\n\xc3\"", `"\uFFFD kept"`,
}

// TestDecodeStringAsEncodingJSON checks decodeString against json.Unmarshal.
func TestDecodeStringAsEncodingJSON(t *testing.T) {
	for _, tok := range decodeCases {
		checkDecode(t, []byte(tok))
	}
}

func checkDecode(t *testing.T, tok []byte) {
	t.Helper()
	var want string
	if err := json.Unmarshal(tok, &want); err != nil {
		t.Fatalf("%q: %v", tok, err)
	}
	if got := decodeString(tok); got != want {
		t.Errorf("%q: decodeString %q, encoding/json %q", tok, got, want)
	}
}

// FuzzDecodeString compares decodeString with json.Unmarshal on any valid
// string token.
func FuzzDecodeString(f *testing.F) {
	for _, tok := range decodeCases {
		f.Add([]byte(tok))
	}
	f.Fuzz(func(t *testing.T, tok []byte) {
		if len(tok) < 2 || tok[0] != '"' || tok[len(tok)-1] != '"' || !json.Valid(tok) {
			return
		}
		checkDecode(t, tok)
	})
}
