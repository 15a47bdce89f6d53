// Package compression reads and writes the compressed forms of newslint's
// inputs: gzip (.gz) and Zstandard (.zst), named by their extension or,
// for unnamed data such as standard input, recognised by their magic
// bytes. Both are streamed (github.com/klauspost/compress): memory does not
// grow with the file.
package compression

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Kind is a compression format, or None.
type Kind uint8

// The compression formats.
const (
	None Kind = iota
	Gzip
	Zstd
)

// String returns the format's name: "none", "gzip" or "zstd".
func (k Kind) String() string {
	switch k {
	case Gzip:
		return "gzip"
	case Zstd:
		return "zstd"
	}
	return "none"
}

// Ext returns the file extension of the format (".gz", ".zst"), "" for None.
func (k Kind) Ext() string {
	switch k {
	case Gzip:
		return ".gz"
	case Zstd:
		return ".zst"
	}
	return ""
}

// Split returns the compression that path's extension names and path
// without that extension: "x.jsonl.gz" is (Gzip, "x.jsonl"), "x.txt" is
// (None, "x.txt"). Extensions are compared without regard to case.
func Split(path string) (Kind, string) {
	ext := filepath.Ext(path)
	switch strings.ToLower(ext) {
	case ".gz":
		return Gzip, path[:len(path)-len(ext)]
	case ".zst":
		return Zstd, path[:len(path)-len(ext)]
	}
	return None, path
}

var (
	gzipMagic = []byte{0x1f, 0x8b}
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

// Sniff recognises compressed data by its first bytes.
func Sniff(head []byte) Kind {
	switch {
	case bytes.HasPrefix(head, gzipMagic):
		return Gzip
	case bytes.HasPrefix(head, zstdMagic):
		return Zstd
	}
	return None
}

// NewReader returns a reader of the data r holds compressed as k (r itself
// for None). Concatenated gzip members, as a WARC file compressed record by
// record holds them, read as one stream. Read errors say which format was
// being decoded ("gzip: unexpected EOF"). Close releases the decoder; it
// does not close r.
func NewReader(k Kind, r io.Reader) (io.ReadCloser, error) {
	switch k {
	case Gzip:
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, decodeError(k, err)
		}
		return &decoder{kind: k, r: zr, close: zr.Close}, nil
	case Zstd:
		// One goroutine: the caller's workers have the cores. A window is
		// at most 128 MiB (zstd --long=27): the decoder's memory bound.
		zr, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(128<<20))
		if err != nil {
			return nil, decodeError(k, err)
		}
		return &decoder{kind: k, r: zr, close: func() error { zr.Close(); return nil }}, nil
	}
	return io.NopCloser(r), nil
}

// decoder names its format in read errors.
type decoder struct {
	kind  Kind
	r     io.Reader
	close func() error
}

func (d *decoder) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err != nil && err != io.EOF {
		err = decodeError(d.kind, err)
	}
	return n, err
}

func (d *decoder) Close() error { return d.close() }

func decodeError(k Kind, err error) error {
	if strings.HasPrefix(err.Error(), k.String()+":") {
		return err
	}
	return fmt.Errorf("%s: %w", k, err)
}

// NewWriter returns a writer that compresses what it is given as k into w
// (w itself, with a Close that does nothing, for None). Close flushes the
// compressed stream's end; it does not close w.
func NewWriter(k Kind, w io.Writer) (io.WriteCloser, error) {
	switch k {
	case Gzip:
		return gzip.NewWriter(w), nil
	case Zstd:
		zw, err := zstd.NewWriter(w, zstd.WithEncoderConcurrency(1))
		if err != nil {
			return nil, fmt.Errorf("zstd: %w", err)
		}
		return zw, nil
	}
	return nopWriteCloser{w}, nil
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
