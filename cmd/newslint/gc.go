package main

import (
	"math"
	"os"
	"runtime/debug"
	"time"
)

// A run of newslint on a file or two (pre-commit runs it on every commit)
// allocates a few MB and is done in tens of milliseconds: a collection in
// it costs more than the memory it would give back. So for its first
// relaxedFor the collector runs only when the heap reaches relaxedHeap,
// and after that at the default target (GOGC 100), so that long runs keep
// their memory in bounds. A user's GOGC or GOMEMLIMIT is left alone.
const (
	relaxedFor  = 100 * time.Millisecond
	relaxedHeap = 64 << 20
)

// relaxGC turns the collector off up to relaxedHeap for relaxedFor.
func relaxGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(relaxedHeap)
	time.AfterFunc(relaxedFor, func() {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
	})
}
