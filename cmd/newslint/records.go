package main

import "github.com/newslint/newslint/runner"

// recordOut writes cleaned JSON records; built with the JSON input.
type recordOut struct{}

func (cl *cleaner) record(it *runner.Item) error {
	if it.Err != nil {
		cl.errorf("%v", it.Err)
	}
	return nil
}
