// Command newslint scores every line of scraped news pages as content or
// noise, names the rule behind each verdict, and writes reports and cleaned
// text. Run `newslint help` for the commands.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
)

// Exit codes.
const (
	exitOK       = 0 // nothing reached the failure threshold
	exitFindings = 1 // the gate failed (or clean --diff found changes)
	exitError    = 2 // usage, config or I/O error
)

type command struct {
	name, args, summary string
	run                 func(args []string, stdout, stderr io.Writer) int
}

var commands []command

func init() {
	commands = []command{
		{"lint", "[flags] PATH...", "report noise lines and gate on them", runLint},
		{"baseline", "[flags] PATH...", "record today's findings, so that lint --baseline reports only new ones", runBaseline},
		{"clean", "[flags] PATH...", "write the cleaned text (title and content by default)", runClean},
		{"explain", "[flags] FILE...", "show every line with its label, score, rules and features", runExplain},
		{"eval", "[flags] PATH...", "score cleaned text against gold text (precision, recall, F1)", runEval},
		{"fit", "[flags] BENCH...", "learn the rules' weights and the article decoder from pages with gold text", runFit},
		{"learn", "[flags] PATH...", "propose site rules from the lines that recur across a site's pages", runLearn},
		{"rules", "[flags]", "list the rules in effect, or check their examples with --check", runRules},
		{"serve", "[flags] PATH...", "tune the rules in a local web application: edit, apply, see what flips, label lines", runServe},
		{"version", "", "print the version", runVersion},
	}
}

func main() {
	relaxGC()
	// NEWSLINT_CPUPROFILE=FILE writes a CPU profile of the run (see
	// BENCHMARKS.md); it is for measuring newslint, not a user setting.
	if path := os.Getenv("NEWSLINT_CPUPROFILE"); path != "" {
		stop, err := startCPUProfile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "newslint:", err)
			os.Exit(exitError)
		}
		code := run(os.Args[1:], os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// startCPUProfile starts a CPU profile written to path; stop ends it.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile %s: %w", path, err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitError
	}
	name := args[0]
	if name == "--version" || name == "-version" || name == "-V" {
		return runVersion(args[1:], stdout, stderr)
	}
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		if len(args) > 1 {
			for _, c := range commands {
				if c.name == args[1] {
					return c.run([]string{"-h"}, stdout, stdout)
				}
			}
		}
		usage(stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "newslint: unknown command %q\n\n", name)
	usage(stderr)
	return exitError
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "newslint scores every line of scraped news pages as content or noise.")
	fmt.Fprintln(w, "\nUsage:")
	for _, c := range commands {
		fmt.Fprintf(w, "  newslint %-8s %-16s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w, "\nRun `newslint COMMAND -h` for a command's flags; `newslint --version` (-V) prints the version.")
	fmt.Fprintln(w, "Exit codes: 0 clean, 1 findings reached the failure threshold, 2 usage, config or I/O error.")
}

// parseFlags parses args with fs; it reports -h as exitOK and errors as exitError.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer, synopsis string) (int, bool) {
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: newslint %s %s\n\nFlags:\n", fs.Name(), synopsis)
		fs.PrintDefaults()
	}
	// Flags may follow the paths (`newslint lint dir --format sarif`): parse,
	// set the leading paths aside, and parse the rest again. "--" ends flags.
	var paths []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK, false
			}
			return exitError, false
		}
		rest := fs.Args()
		if len(rest) > 0 && len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			paths = append(paths, rest...)
			break
		}
		i := 0
		for i < len(rest) && (rest[i] == "-" || !strings.HasPrefix(rest[i], "-")) {
			i++
		}
		paths = append(paths, rest[:i]...)
		if i == len(rest) {
			break
		}
		args = rest[i:]
	}
	// Leave the paths where fs.Args() finds them.
	_ = fs.Parse(append([]string{"--"}, paths...))
	return 0, true
}
