// Package newslint holds the default rule set, embedded in the binary.
// The tool lives in cmd/newslint; the packages below this one do the work.
package newslint

import _ "embed"

// DefaultRules is the content of rules.yaml at the repository root.
//
//go:embed rules.yaml
var DefaultRules []byte
