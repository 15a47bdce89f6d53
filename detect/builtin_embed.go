//go:build !newslint_nogen

package detect

import _ "embed"

// builtinAutomata holds the automata of the built-in rules (see builtin.go).
//
//go:embed builtin_automata.bin
var builtinAutomata []byte
