// Package tinyfs mounts small file systems for tests that need a full disk.
package tinyfs

import (
	"os"
	"path/filepath"
	"testing"
)

// Fill writes a file named name into dir until the file system is full
// and returns the bytes written.
func Fill(t testing.TB, dir, name string) int {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	n := 0
	for {
		k, err := f.Write(buf)
		n += k
		if err != nil {
			return n
		}
	}
}
