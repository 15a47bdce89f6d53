package detect

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newslint/newslint/internal/golden"
	"github.com/newslint/newslint/rules"
)

// builtinFile is the file go generate writes (see builtin.go).
const builtinFile = "builtin_automata.bin"

// builtinSets returns the literal sets of an engine for the built-in
// rules: the pattern literals, the phrases of the line rules and those of
// each document rule.
func builtinSets(t *testing.T) []*literalSet {
	t.Helper()
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	e := New(set)
	sets := []*literalSet{e.literals.set, e.phrases.set}
	for _, d := range e.docs {
		sets = append(sets, d.phrases.set)
	}
	return sets
}

// TestBuiltinAutomata checks that builtin_automata.bin holds the automata
// of the built-in rules as they are now, and rewrites it with -update (what
// go generate runs, with the tag newslint_nogen: the rules then come from
// rules.yaml itself, whatever rules/builtin_gen.go holds).
func TestBuiltinAutomata(t *testing.T) {
	b := []byte(builtinMagic)
	for len(b)%8 != 0 {
		b = append(b, 0)
	}
	var keys [][32]byte
	var dfas []*literalDFA
	for _, set := range builtinSets(t) {
		for _, d := range set.dfas {
			key := literalsKey(set.lits, d.ids)
			if slices.Contains(keys, key) {
				continue
			}
			keys = append(keys, key)
			dfas = append(dfas, buildLiteralDFA(set.lits, d.ids))
			if len(builtinAutomata) > 0 && builtinDFA(set.lits, d.ids) == nil {
				t.Errorf("an automaton of the built-in rules (%d literals) is not in %s", len(d.ids), builtinFile)
			}
		}
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(keys)))
	b = append(b, 0, 0, 0, 0)
	for i, key := range keys {
		b = appendDFA(b, key, dfas[i])
	}
	if golden.Updating() {
		if err := os.WriteFile(builtinFile, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(builtinFile)
	if err != nil {
		t.Fatalf("%v: run `go generate ./...` to write it", err)
	}
	if !bytes.Equal(want, b) {
		t.Errorf("detect/%s is stale (%d bytes, %d now): the patterns or phrases of rules.yaml changed since it was generated; run `go generate ./...` to regenerate it", builtinFile, len(want), len(b))
	}
}

// appendDFA appends a's header and tables to b, as builtin_automata.bin
// holds them (see TestBuiltinAutomata).
func appendDFA(b []byte, key [32]byte, a *literalDFA) []byte {
	states := len(a.emits)
	b = append(b, key[:]...)
	b = binary.LittleEndian.AppendUint32(b, uint32(states))
	b = binary.LittleEndian.AppendUint32(b, uint32(a.nclass))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(a.outIDs)))
	b = append(b, 0, 0, 0, 0)
	padTo8 := func() {
		for len(b)%8 != 0 {
			b = append(b, 0)
		}
	}
	for _, v := range a.next {
		b = binary.LittleEndian.AppendUint16(b, v)
	}
	padTo8()
	for _, v := range a.outLink {
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	padTo8()
	for _, v := range a.outStart {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	padTo8()
	for _, v := range a.outIDs {
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	padTo8()
	for _, v := range a.emits {
		if v {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	padTo8()
	return b
}

// TestBuiltinAutomataFind: the automata read from builtin_automata.bin
// (or, in a build with the tag newslint_nogen, those built the same way)
// find what automata built at start-up find, literal by literal, on the
// seeds and on text made of pieces of the literals themselves; so do
// their tables copied as on a machine that cannot use the file's bytes in
// place.
func TestBuiltinAutomataFind(t *testing.T) {
	var texts []string
	paths, _ := filepath.Glob("../testdata/seeds/*.txt")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			texts = append(texts, rules.FoldCase(l), " "+string(rules.FoldWords(nil, l))+" ")
		}
	}
	rng := rand.New(rand.NewPCG(1, 19))
	for _, set := range builtinSets(t) {
		for _, d := range set.dfas {
			built := buildLiteralDFA(set.lits, d.ids)
			copied := *d
			copied.next = slices.Clone(d.next)
			copied.outLink, copied.outStart, copied.outIDs = slices.Clone(d.outLink), slices.Clone(d.outStart), slices.Clone(d.outIDs)
			copied.emits = slices.Clone(d.emits)
			pieces := slices.Clone(texts)
			for range 2000 {
				var sb strings.Builder
				for range 1 + rng.IntN(4) {
					l := set.lits[d.ids[rng.IntN(len(d.ids))]]
					sb.WriteString(l[rng.IntN(len(l)):])
					sb.WriteString(l[:rng.IntN(len(l)+1)])
				}
				pieces = append(pieces, sb.String())
			}
			found := make([]bool, set.n)
			scan := func(a *literalDFA, text string) []int32 {
				got, _ := a.scan(text, found, nil)
				for _, id := range got {
					found[id] = false
				}
				slices.Sort(got)
				return got
			}
			for _, text := range pieces {
				want := scan(built, text)
				for _, a := range []*literalDFA{d, &copied} {
					if got := scan(a, text); !slices.Equal(got, want) {
						t.Fatalf("%q: the built-in automaton finds %v, one built at start-up %v", text, got, want)
					}
					if w, g := built.occurrences(text, nil), a.occurrences(text, nil); !slices.Equal(w, g) {
						t.Fatalf("%q: the built-in automaton finds %d occurrences, one built at start-up %d", text, len(g), len(w))
					}
				}
			}
		}
	}
}

// TestTableOf: tableOf reads the file's little-endian numbers, in place or
// copied.
func TestTableOf(t *testing.T) {
	b := make([]byte, 0, 16)
	b = binary.LittleEndian.AppendUint32(b, 0xfffffffe) // -2 as int32
	b = binary.LittleEndian.AppendUint32(b, 7)
	if got := tableOf[int32](b); !slices.Equal(got, []int32{-2, 7}) {
		t.Errorf("tableOf[int32] = %v", got)
	}
	if got := tableOf[uint16](b[1:5]); !slices.Equal(got, []uint16{0xffff, 0x07ff}) {
		t.Errorf("tableOf[uint16] unaligned = %x", got)
	}
	if got := tableOf[bool]([]byte{0, 1}); !slices.Equal(got, []bool{false, true}) {
		t.Errorf("tableOf[bool] = %v", got)
	}
}
