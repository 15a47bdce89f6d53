package main

import (
	"github.com/newslint/newslint/clean"
	"github.com/newslint/newslint/detect"
)

// text returns the cleaned text of res as the clean flags ask for it.
func (cl *cleaner) text(res *detect.Result, eol string) []byte {
	return clean.Render(res, clean.Options{Keep: cl.keep, EOL: eol, FixEncoding: cl.fixEncoding})
}
