package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// TestPrintBuild: what --version prints for a binary stamped with its
// revision, one with uncommitted changes, and one without VCS stamping.
func TestPrintBuild(t *testing.T) {
	platform := runtime.GOOS + "/" + runtime.GOARCH
	for _, tt := range []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"tagged", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.2.0"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "cf08135fc8b97d3a4e194cabc282ecad158fefa8"}, {Key: "vcs.time", Value: "2026-12-07T21:17:00Z"}, {Key: "vcs.modified", Value: "false"}}},
			"newslint v0.2.0\nrevision cf08135fc8b97d3a4e194cabc282ecad158fefa8 (2026-12-07T21:17:00Z)\nbuilt with go1.26.8 " + platform + "\n"},
		{"modified", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261207211700-cf08135fc8b9+dirty"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "cf08135fc8b97d3a4e194cabc282ecad158fefa8"}, {Key: "vcs.modified", Value: "true"}}},
			"newslint v0.0.0-20261207211700-cf08135fc8b9+dirty\nrevision cf08135fc8b97d3a4e194cabc282ecad158fefa8, with uncommitted changes\nbuilt with go1.26.8 " + platform + "\n"},
		{"unstamped", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			"newslint (devel)\nrevision unknown (built without VCS stamping: outside a git clone, in a git worktree, or with -buildvcs=false)\nbuilt with go1.26.8 " + platform + "\n"},
	} {
		var buf bytes.Buffer
		printBuild(&buf, buildOf(tt.bi, true))
		if buf.String() != tt.want {
			t.Errorf("%s:\n%s\nwant\n%s", tt.name, buf.String(), tt.want)
		}
	}
}

// TestVersionFlags: --version, -V and the version command print the same.
func TestVersionFlags(t *testing.T) {
	var want bytes.Buffer
	printBuild(&want, readBuild())
	for _, args := range [][]string{{"--version"}, {"-V"}, {"version"}, {"-version"}} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != exitOK || out.String() != want.String() {
			t.Errorf("%v: exit %d, output %q, want %q", args, code, out.String(), want.String())
		}
	}
}

// TestVersionOfBuild builds newslint as `go build` does in a git clone and
// checks that --version prints the commit it was built from. Go stamps no
// VCS information in a git worktree (.git is a file there), so the test is
// skipped in one; CI runs it in a clone.
func TestVersionOfBuild(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(filepath.Join(root, ".git")); err != nil || !st.IsDir() {
		t.Skip("not a git clone (a worktree or an export): go build stamps no revision here")
	}
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	head, err := exec.Command(git, "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatalf("git rev-parse HEAD: %v", err)
	}
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "newslint")
	cmd := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "-V").Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(out), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[1], "revision "+strings.TrimSpace(string(head))) || !strings.HasPrefix(lines[2], "built with "+runtime.Version()) {
		t.Errorf("newslint -V:\n%s\nwant the revision %s and %s", out, head, runtime.Version())
	}
}
