package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCreateCommitAbort(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "data.jsonl")
	if err := os.WriteFile(path, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	f, err := Create(path, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("half"))
	f.Abort()
	if got, _ := os.ReadFile(path); string(got) != "old\n" {
		t.Errorf("after Abort: %q, want the old content", got)
	}

	f, err = Create(path, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("new "))
	if got, _ := os.ReadFile(path); string(got) != "old\n" {
		t.Errorf("before Commit: %q, want the old content", got)
	}
	f.Write([]byte("content\n"))
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if got, _ := os.ReadFile(path); err != nil || string(got) != "new content\n" || st.Mode().Perm() != 0o600 {
		t.Errorf("after Commit: %q, mode %v (%v); want the new content, mode 0600", got, st.Mode(), err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}

	if _, err := Create(dir, 0o644); err == nil {
		t.Error("Create over a directory succeeded")
	}
}
