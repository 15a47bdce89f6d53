package rules

// The built-in rules (rules.yaml at the repository root) come decoded and
// checked, their patterns parsed and their prefilters derived, as Go code
// that go generate writes to builtin_gen.go: a run that uses them parses no
// YAML and no regular expression before its first line. After a change to
// rules.yaml (or to the decoder) run
//
//	go generate ./...
//
// TestBuiltinGenerated fails while builtin_gen.go is stale. Built with the
// tag newslint_nogen, the package leaves builtin_gen.go out and decodes
// rules.yaml at start-up instead (builtin_nogen.go), as it did before: so
// the generator still runs when builtin_gen.go no longer compiles.
//
//go:generate go test -tags newslint_nogen -run ^TestBuiltinGenerated$ -update

// ptr returns a pointer to a copy of v; builtin_gen.go uses it for the
// settings rules.yaml writes.
func ptr[T any](v T) *T { return &v }
