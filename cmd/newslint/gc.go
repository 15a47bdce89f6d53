package main

import (
	"os"
	"runtime/debug"
)

// startupGCPercent is the garbage collector's target while the rules are
// compiled. Every run compiles them (pre-commit runs newslint on one small
// file at a time), and that is about 18 MB of short-lived allocations,
// which at the default target cost several collections before the first
// line is read.
const startupGCPercent = 800

// relaxGC raises the collector's target for the start-up, unless the user
// set GOGC.
func relaxGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(startupGCPercent)
	}
}

// restoreGC puts back the default target once the engine is built, so that
// long runs keep their memory in bounds.
func restoreGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(100)
	}
}
