package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// answerWait bounds how long the co-process test waits for one answer. It
// is no speed limit (an answer takes milliseconds): it tells an answer
// held back until standard input closes, which never comes while the test
// keeps the pipe open, from one that is late on a busy machine.
const answerWait = 2 * time.Minute

// TestCleanCoProcess runs `newslint clean -` as a scraper runs it: records
// go one at a time through a pipe that stays open, and each answer must
// come back before the next record is sent. The answers are what cleaning
// the whole file prints (the golden output), in order; a malformed record
// is answered unchanged with a message on standard error.
func TestCleanCoProcess(t *testing.T) {
	bin := buildNewslint(t)
	in, err := os.ReadFile(filepath.Join(recordsDir, "mixed.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile(filepath.Join(recordsDir, "golden", "clean-mixed.stdout"))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.SplitAfter(string(golden), "\n")
	want = want[:len(want)-1] // after the last "\n"

	cmd, stdin, stdout, stderr := coprocess(t, bin, "clean", "--config", filepath.Join(recordsDir, "rules.yaml"), "--keep", "content", "-")
	answers := make(chan string)
	go func() {
		r := bufio.NewReader(stdout)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				close(answers)
				return
			}
			answers <- line
		}
	}()

	n, blank := 0, ""
	for _, rec := range strings.SplitAfter(string(in), "\n") {
		if strings.TrimSpace(rec) == "" {
			blank += rec // no answer: sent with the next record
			continue
		}
		if _, err := stdin.Write([]byte(blank + rec)); err != nil {
			t.Fatal(err)
		}
		select {
		case got, ok := <-answers:
			if !ok {
				t.Fatalf("record %d: standard output closed; stderr:\n%s", n+1, stderr.String())
			}
			if n >= len(want) {
				t.Fatalf("answer %d beyond the %d of the golden output", n+1, len(want))
			}
			if got != want[n] {
				t.Errorf("answer %d:\n got %.200q\nwant %.200q", n+1, got, want[n])
			}
		case <-time.After(answerWait):
			t.Fatalf("record %d: no answer while standard input stays open", n+1)
		}
		n, blank = n+1, ""
	}
	if n != len(want) {
		t.Errorf("%d records sent, the golden output has %d", n, len(want))
	}
	stdin.Close()
	if _, ok := <-answers; ok {
		t.Error("output after the last answer")
	}
	err = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != exitError {
		t.Errorf("exit %d (%v), want %d: the input holds malformed records", code, err, exitError)
	}
	// Each malformed record is reported by its line, as in the golden
	// standard error of a run over the file.
	goldErr, err := os.ReadFile(filepath.Join(recordsDir, "golden", "clean-mixed.stderr"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(goldErr)), "\n")[1:] {
		msg := strings.Replace(line, "mixed.jsonl:", "-:", 1)
		if !strings.Contains(stderr.String(), msg) {
			t.Errorf("standard error lacks %q:\n%s", msg, stderr.String())
		}
	}
}

// coprocess starts bin with args as a scraper runs newslint beside it: it
// returns the command, the pipe to its standard input, its standard output
// and its standard error as written so far. The process is killed when the
// test ends.
func coprocess(t *testing.T, bin string, args ...string) (cmd *exec.Cmd, stdin io.WriteCloser, stdout io.Reader, stderr *bytes.Buffer) {
	t.Helper()
	cmd = exec.Command(bin, args...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err = cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr = &bytes.Buffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return cmd, stdin, stdout, stderr
}
