package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// build is what the binary knows of how it was built.
type build struct {
	version  string // the module's version: a tag, a pseudo-version or "(devel)"
	goVer    string // the Go toolchain that built it
	revision string // the VCS revision it was built from; "" when not stamped
	time     string // the revision's commit time
	modified bool   // the work tree had changes
}

// readBuild reads the build information Go stamps into the binary. `go
// build` and `go install` in a git checkout stamp the revision (unless
// -buildvcs=false); `go install module@version` stamps the version.
func readBuild() build {
	return buildOf(debug.ReadBuildInfo())
}

// buildOf reads bi (ok false: there is none).
func buildOf(bi *debug.BuildInfo, ok bool) build {
	b := build{version: "(devel)", goVer: runtime.Version()}
	if !ok {
		return b
	}
	if bi.Main.Version != "" {
		b.version = bi.Main.Version
	}
	if bi.GoVersion != "" {
		b.goVer = bi.GoVersion
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.revision = s.Value
		case "vcs.time":
			b.time = s.Value
		case "vcs.modified":
			b.modified = s.Value == "true"
		}
	}
	return b
}

// version is the short version the reports carry: the module's version,
// and the first 12 digits of the revision when the version does not hold
// them already.
func version() string {
	b := readBuild()
	v := b.version
	if len(b.revision) >= 12 && !strings.Contains(v, b.revision[:12]) {
		v += " " + b.revision[:12]
	}
	return v
}

// runVersion prints the version, the VCS revision and the Go version
// (newslint version, newslint --version, newslint -V).
func runVersion(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] != "-h" && args[0] != "--help" {
		fmt.Fprintf(stderr, "newslint version: takes no arguments\n")
		return exitError
	}
	printBuild(stdout, readBuild())
	return exitOK
}

func printBuild(w io.Writer, b build) {
	fmt.Fprintln(w, "newslint", b.version)
	switch {
	case b.revision == "":
		fmt.Fprintln(w, "revision unknown (built without VCS stamping: outside a git clone, in a git worktree, or with -buildvcs=false)")
	default:
		rev := "revision " + b.revision
		if b.time != "" {
			rev += " (" + b.time + ")"
		}
		if b.modified {
			rev += ", with uncommitted changes"
		}
		fmt.Fprintln(w, rev)
	}
	fmt.Fprintf(w, "built with %s %s/%s\n", b.goVer, runtime.GOOS, runtime.GOARCH)
}
