package detect

import (
	"crypto/sha256"
	"encoding/binary"
	"sync"
	"unsafe"
)

// The literal automata of the built-in rules (the pattern literals and the
// phrases of rules.yaml) come built by go generate, in builtin_automata.bin,
// which builtin_embed.go embeds. A run with the built-in rules uses their
// tables where they lie in the binary: it neither builds nor copies them,
// and the operating system maps in only the pages a run reads. (On this
// project's machine every page of fresh memory costs about 14 µs: building
// the 2.7 MB of tables cost 10 ms of a start-up.) After a change to
// rules.yaml, or to how automata are built, run
//
//	go generate ./...
//
// TestBuiltinAutomata fails while the file is stale. An automaton is taken
// from the file only for exactly the literals it was built for: a rules file
// that changes patterns or phrases gets automata of its own, built at
// start-up. Built with the tag newslint_nogen, the package embeds nothing
// and builds every automaton at start-up.
//
//go:generate go test -tags newslint_nogen -run ^TestBuiltinAutomata$ -update

// builtinMagic opens builtin_automata.bin; its second line is the format's
// version.
const builtinMagic = "newslint literal automata\n2\n"

// The file, after builtinMagic (padded to 8 bytes): the number of automata
// (uint32, padded to 8), then each automaton: the key of its literals (see
// literalsKey, 32 bytes), its numbers of states, byte classes and literal
// ends (uint32 each, padded to 8), then its tables, each padded to 8 bytes:
// next (uint16 per state and class), outLink (int32 per state), outStart
// (uint32 per state and one more), outIDs (int32 per literal end) and
// emits (a byte per state, 0 or 1). Numbers are little-endian; the tables
// are literalDFA's, written as they lie in memory.

// builtinIndex maps the key of the literals of each automaton in
// builtinAutomata to its header and tables, found once.
var builtinIndex = sync.OnceValue(func() map[[32]byte][]byte {
	b := builtinAutomata
	if len(b) < len(builtinMagic) || string(b[:len(builtinMagic)]) != builtinMagic {
		return nil
	}
	b = b[pad8(len(builtinMagic)):]
	n := int(binary.LittleEndian.Uint32(b))
	b = b[8:]
	m := make(map[[32]byte][]byte, n)
	for range n {
		var key [32]byte
		copy(key[:], b)
		states := int(binary.LittleEndian.Uint32(b[32:]))
		classes := int(binary.LittleEndian.Uint32(b[36:]))
		ends := int(binary.LittleEndian.Uint32(b[40:]))
		size := 48 + dfaTablesSize(states, classes, ends)
		m[key] = b[32:size]
		b = b[size:]
	}
	return m
})

func pad8(n int) int { return (n + 7) &^ 7 }

// dfaTablesSize is the size of an automaton's tables in the file.
func dfaTablesSize(states, classes, ends int) int {
	return pad8(2*states*classes) + pad8(4*states) + pad8(4*(states+1)) + pad8(4*ends) + pad8(states)
}

// literalsKey identifies the literals lits[ids]: their ids and their
// bytes, in that order.
func literalsKey(lits []string, ids []int32) [32]byte {
	size := 0
	for _, id := range ids {
		size += 8 + len(lits[id])
	}
	b := make([]byte, 0, size)
	for _, id := range ids {
		b = binary.LittleEndian.AppendUint32(b, uint32(id))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(lits[id])))
		b = append(b, lits[id]...)
	}
	return sha256.Sum256(b)
}

// builtinDFA returns the automaton for the literals lits[ids] built by go
// generate, or nil when there is none.
func builtinDFA(lits []string, ids []int32) *literalDFA {
	if len(builtinAutomata) == 0 {
		return nil
	}
	enc, ok := builtinIndex()[literalsKey(lits, ids)]
	if !ok {
		return nil
	}
	a := &literalDFA{ids: ids}
	a.classes(lits)
	if int(binary.LittleEndian.Uint32(enc[4:])) != a.nclass {
		return nil // cannot happen: the key covers the literals
	}
	states := int(binary.LittleEndian.Uint32(enc))
	ends := int(binary.LittleEndian.Uint32(enc[8:]))
	t := enc[16:]
	take := func(n int) []byte {
		b := t[:n]
		t = t[pad8(n):]
		return b
	}
	a.next = tableOf[uint16](take(2 * states * a.nclass))
	a.outLink = tableOf[int32](take(4 * states))
	a.outStart = tableOf[uint32](take(4 * (states + 1)))
	a.outIDs = tableOf[int32](take(4 * ends))
	a.emits = tableOf[bool](take(states))
	return a
}

// littleEndian is set on machines that store numbers as the file does.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// tableOf returns the little-endian numbers in b as a slice of T: b itself
// where the machine is little-endian and b aligned for T (the embedded
// file is, and its tables are padded to 8 bytes), else a copy. The slice
// must not be written to.
func tableOf[T uint16 | int32 | uint32 | bool](b []byte) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	n := len(b) / size
	if n == 0 {
		return nil
	}
	if littleEndian && uintptr(unsafe.Pointer(unsafe.SliceData(b)))%unsafe.Alignof(zero) == 0 {
		return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), n)
	}
	out := make([]T, n)
	for i := range out {
		var v uint32
		for k := size - 1; k >= 0; k-- {
			v = v<<8 | uint32(b[i*size+k])
		}
		switch p := any(&out[i]).(type) {
		case *uint16:
			*p = uint16(v)
		case *int32:
			*p = int32(v)
		case *uint32:
			*p = v
		case *bool:
			*p = v != 0
		}
	}
	return out
}
