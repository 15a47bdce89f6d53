package input

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/newslint/newslint/compression"
)

// Stdin is the path that names standard input.
const Stdin = "-"

// WalkOptions select the files read from directories.
type WalkOptions struct {
	// Extensions are the file extensions read from directories, with the dot
	// (".txt"); a file whose name adds .gz or .zst to one of them is read
	// too. Nil reads DefaultExtensions. Files named on the command line are
	// read whatever their name.
	Extensions []string
	// Include, when set, keeps only files whose slash path or base name
	// matches one of these globs.
	Include []string
	// Exclude drops files whose slash path or base name matches one of these.
	Exclude []string
}

// Target is one file to read, with the argument it was found under (so
// outputs can keep paths relative to it).
type Target struct {
	Path string // as found; Stdin for standard input
	Root string // the argument that led to it
	Rel  string // Path relative to Root ("" for a file argument)
	Err  error  // set when the file could not be listed or is not readable
}

// ErrNoInput is the error of a run that finds no file to read: a gate must
// never pass on nothing.
var ErrNoInput = errors.New("no input files")

// NoInput returns the error for arguments under which Walk found no file:
// it wraps ErrNoInput and names the arguments and the extensions read.
func NoInput(args []string, opt WalkOptions) error {
	what := "extensions " + strings.Join(opt.extensions(), " ") + ", also .gz and .zst; --ext chooses others"
	if len(opt.Include) > 0 {
		what = "--include " + strings.Join(opt.Include, " ")
	}
	if len(args) == 0 {
		return fmt.Errorf("%w: no PATH given", ErrNoInput)
	}
	return fmt.Errorf("%w under %s (%s)", ErrNoInput, strings.Join(args, ", "), what)
}

// Walk lists the files to read for the given arguments, in a stable order:
// arguments in order, directory contents sorted. Problems with one file
// (a broken symlink, an unreadable directory) are reported as a Target with
// Err set and the walk goes on.
func Walk(args []string, opt WalkOptions, fn func(Target) error) error {
	for _, a := range args {
		if a == Stdin {
			if err := fn(Target{Path: Stdin, Root: Stdin}); err != nil {
				return err
			}
			continue
		}
		st, err := os.Stat(a)
		if err != nil {
			if err := fn(Target{Path: a, Root: a, Err: describe(err)}); err != nil {
				return err
			}
			continue
		}
		if !st.IsDir() {
			if err := fn(Target{Path: a, Root: a}); err != nil {
				return err
			}
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return fn(Target{Path: p, Root: a, Err: describe(err)})
			}
			if d.IsDir() {
				if p != a && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir // .git and friends
				}
				return nil
			}
			rel, _ := filepath.Rel(a, p)
			if !opt.wanted(rel) {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				st, err := os.Stat(p)
				if err != nil {
					return fn(Target{Path: p, Root: a, Rel: rel, Err: describe(err)})
				}
				if !st.Mode().IsRegular() {
					return nil // as below: reading a FIFO blocks, a device never ends
				}
			} else if !d.Type().IsRegular() {
				return nil
			}
			return fn(Target{Path: p, Root: a, Rel: rel})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (o WalkOptions) wanted(rel string) bool {
	slash := filepath.ToSlash(rel)
	base := filepath.Base(rel)
	match := func(globs []string) bool {
		for _, g := range globs {
			if ok, _ := filepath.Match(g, slash); ok {
				return true
			}
			if ok, _ := filepath.Match(g, base); ok {
				return true
			}
		}
		return false
	}
	if match(o.Exclude) {
		return false
	}
	if len(o.Include) > 0 {
		return match(o.Include)
	}
	exts := o.extensions()
	if slices.Contains(exts, strings.ToLower(filepath.Ext(rel))) {
		return true
	}
	kind, inner := compression.Split(rel)
	return kind != compression.None && slices.Contains(exts, strings.ToLower(filepath.Ext(inner)))
}

func (o WalkOptions) extensions() []string {
	if o.Extensions == nil {
		return DefaultExtensions
	}
	return o.Extensions
}

func describe(err error) error {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if errors.As(err, &pe) {
			return fmt.Errorf("%s: no such file or directory (or a broken symlink)", pe.Path)
		}
	case errors.Is(err, fs.ErrPermission):
		if errors.As(err, &pe) {
			return fmt.Errorf("%s: permission denied", pe.Path)
		}
	}
	return err
}
