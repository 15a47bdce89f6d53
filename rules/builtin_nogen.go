//go:build newslint_nogen

package rules

import "github.com/newslint/newslint"

// builtinFile returns rules.yaml decoded: at start-up, in a build with the
// tag newslint_nogen (see builtin.go).
func builtinFile() (*fileSpec, error) {
	return parseFile(DefaultName, newslint.DefaultRules, true)
}
