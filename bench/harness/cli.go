package harness

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/newslint/newslint/clean"
	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/eval"
	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/rules"
)

func cleanText(eng *detect.Engine, pg *page.Page, keep []rules.Label, eol string) string {
	return string(clean.Text(eng.Run(pg, detect.Options{LabelsOnly: true}), keep, eol))
}

// BuildNewslint builds the newslint command of the repository at repo into
// dir and returns the binary's path.
func BuildNewslint(repo, dir string) (string, error) {
	bin := filepath.Join(dir, "newslint")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/newslint")
	cmd.Dir = repo
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build ./cmd/newslint in %s: %w", repo, err)
	}
	return bin, nil
}

// Command is one run of an external command.
type Command struct {
	Bin     string
	Args    []string
	Cores   int       // GOMAXPROCS for the child (0: leave as is)
	Stdin   io.Reader // nil: no input
	Stdout  io.Writer // nil: the null device
	OKCodes []int     // exit codes taken as success besides 0
}

// timeBin is GNU time, which reports the peak RSS of the command alone.
// (The ru_maxrss that wait4 gives for a child of this process counts the
// memory of this process too: Go starts children with vfork semantics, and
// the child shares this process's pages until it execs.)
const timeBin = "/usr/bin/time"

// Run runs c and returns its wall time, CPU time (user + system of the
// child) and peak RSS (measured with GNU time when /usr/bin/time exists,
// else left 0). Standard error is returned with a failing exit code.
func (c Command) Run() (Timing, error) {
	name, args := c.Bin, c.Args
	var rssFile string
	if _, err := os.Stat(timeBin); err == nil {
		f, err := os.CreateTemp("", "bench-time-*")
		if err != nil {
			return Timing{}, err
		}
		f.Close()
		rssFile = f.Name()
		defer os.Remove(rssFile)
		name, args = timeBin, append([]string{"-f", "%M", "-o", rssFile, c.Bin}, c.Args...)
	}
	cmd := exec.Command(name, args...)
	cmd.Env = os.Environ()
	if c.Cores > 0 {
		cmd.Env = append(cmd.Env, "GOMAXPROCS="+strconv.Itoa(c.Cores))
	}
	cmd.Stdin = c.Stdin
	cmd.Stdout = c.Stdout
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	t := Timing{Wall: time.Since(start), Workers: c.Cores}
	if ps := cmd.ProcessState; ps != nil {
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			t.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
		if code := ps.ExitCode(); err != nil && code > 0 {
			for _, ok := range c.OKCodes {
				if code == ok {
					err = nil
				}
			}
		}
	}
	if rssFile != "" {
		if data, rerr := os.ReadFile(rssFile); rerr == nil {
			lines := strings.Fields(string(data))
			if len(lines) > 0 {
				kb, _ := strconv.ParseInt(lines[len(lines)-1], 10, 64)
				t.MaxRSS = kb * 1024
			}
		}
	}
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 2000 {
			msg = msg[:2000] + "…"
		}
		return t, fmt.Errorf("%w: %s", err, msg)
	}
	return t, nil
}

// Best runs c reps times after one untimed warm-up run (which fills the page
// cache) and returns the run with the median wall time. before, if set, runs
// ahead of every run, untimed (to empty an output directory, say).
func Best(c Command, reps int, before func() error) (Timing, error) {
	if reps < 1 {
		reps = 1
	}
	var runs []Timing
	for i := 0; i <= reps; i++ {
		if before != nil {
			if err := before(); err != nil {
				return Timing{}, err
			}
		}
		t, err := c.Run()
		if err != nil {
			return t, err
		}
		if i > 0 {
			runs = append(runs, t)
		}
	}
	return Median(runs), nil
}

// Median returns the run with the median wall time: on a shared machine,
// other load slows single runs by a third and more, and one slow run of a
// peer would move every ratio measured against it.
func Median(runs []Timing) Timing {
	runs = slices.Clone(runs)
	sort.Slice(runs, func(i, j int) bool { return runs[i].Wall < runs[j].Wall })
	return runs[len(runs)/2]
}

// WriteOutputs writes texts[i] to dir/<pages[i].ID>.txt, emptying dir first.
func WriteOutputs(dir string, pages []Page, texts []string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i, p := range pages {
		if err := os.WriteFile(filepath.Join(dir, p.ID+".txt"), []byte(texts[i]), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// ScoreDir scores the <id>.txt files of dir against the set's gold.
func ScoreDir(s *Set, dir string) (eval.Result, error) {
	pred, err := eval.LoadOutputDir(dir)
	if err != nil {
		return eval.Result{}, err
	}
	return Score(s, pred), nil
}

// Score scores predictions (page ID → text) against the set's gold with the
// set's own method (shingles or snippets).
func Score(s *Set, pred map[string]string) eval.Result {
	rs := s.Gold.Score(pred)
	if len(rs) == 0 {
		return eval.Result{}
	}
	return rs[0]
}

// TextMap pairs page IDs with texts.
func TextMap(pages []Page, texts []string) map[string]string {
	m := make(map[string]string, len(pages))
	for i, p := range pages {
		m[p.ID] = texts[i]
	}
	return m
}
