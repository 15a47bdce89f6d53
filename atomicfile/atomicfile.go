// Package atomicfile writes files so that readers and crashes see either the
// old content or the new, never a half-written file.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write replaces path with data: it writes a temporary file in the same
// directory, syncs it, and renames it over path. An existing file's
// permissions are kept; a new file gets perm.
func Write(path string, data []byte, perm os.FileMode) error {
	return WriteFunc(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteUnsynced is Write without the fsync: readers and a crash of the
// process still see the old content or the new, but a crash of the machine
// may leave the new file empty. It is for outputs that replace no data the
// user has only there (clean --out-dir), where a sync per file would make
// writing the bottleneck of a run over many small files.
func WriteUnsynced(path string, data []byte, perm os.FileMode) error {
	f, err := Create(path, perm)
	if err != nil {
		return err
	}
	f.noSync = true
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Commit()
}

// WriteFunc is Write with the content produced by fill.
func WriteFunc(path string, perm os.FileMode, fill func(io.Writer) error) error {
	f, err := Create(path, perm)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Abort()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Commit()
}

// File is the new content of a file, written to a temporary file in the
// same directory: Commit puts it in place of the file, Abort drops it. Use
// it to stream output whose end is not known up front.
type File struct {
	path   string
	perm   os.FileMode
	tmp    *os.File
	noSync bool
}

// Create starts a new content for path. An existing file's permissions are
// kept; a new file gets perm. Nothing is visible at path until Commit.
func Create(path string, perm os.FileMode) (*File, error) {
	if st, err := os.Stat(path); err == nil {
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("%s: not a regular file", path)
		}
		perm = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".newslint-*")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &File{path: path, perm: perm, tmp: tmp}, nil
}

// Write writes to the temporary file.
func (f *File) Write(p []byte) (int, error) { return f.tmp.Write(p) }

// Commit syncs the temporary file and renames it over the path; on failure
// the temporary file is removed and the path is left as it was.
func (f *File) Commit() (err error) {
	defer func() {
		if err != nil {
			f.Abort()
			err = fmt.Errorf("%s: %w", f.path, err)
		}
	}()
	if err = f.tmp.Chmod(f.perm); err != nil {
		return err
	}
	if !f.noSync {
		if err = f.tmp.Sync(); err != nil {
			return err
		}
	}
	if err = f.tmp.Close(); err != nil {
		return err
	}
	return os.Rename(f.tmp.Name(), f.path)
}

// Abort removes the temporary file, leaving the path as it was.
func (f *File) Abort() {
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}
