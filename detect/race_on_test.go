//go:build race

package detect_test

// raceEnabled is set when the tests run under the race detector, which
// makes allocations larger: allocation budgets are not checked then.
const raceEnabled = true
