//go:build newslint_nogen

package detect

// builtinAutomata is empty in a build with the tag newslint_nogen: every
// automaton is built at start-up (see builtin.go).
var builtinAutomata []byte
