package pipeline

import (
	"context"
	"fmt"
	"io"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/newslint/newslint/jsonrec"
)

func init() {
	register.DoFn3x1[context.Context, fileio.ReadableFile, func(Record), error](&readFn{})
	register.Emitter1[Record]()
}

// Record is one JSON Lines record as read: its file, its 1-based line and
// its bytes (without the line's "\n").
type Record struct {
	Path string
	Line int64
	Raw  []byte
}

// unreadable counts the files that could not be read to their end.
var unreadable = beam.NewCounter("newslint", "unreadable_files")

// readFn emits the records of a JSON Lines file, read as `newslint clean`
// reads one (jsonrec.Lines: blank lines skipped, a byte-order mark dropped,
// a "\r" before the "\n" kept, lines up to jsonrec.MaxRecordSize).
type readFn struct{}

func (f *readFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(Record)) error {
	path := file.Metadata.Path
	rc, err := file.Open(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer rc.Close()
	lines := jsonrec.NewLines(rc)
	for {
		raw, n, err := lines.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			// As the command does: what was read is cleaned, the rest of
			// the file is reported.
			unreadable.Inc(ctx, 1)
			log.Errorf(ctx, "%s:%d: %v", path, n, err)
			return nil
		}
		emit(Record{Path: path, Line: int64(n), Raw: raw})
	}
}
