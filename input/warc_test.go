package input

import (
	"bytes"
	"fmt"
	"net/http/httputil"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	gowarc "github.com/nlnwa/gowarc/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/newslint/newslint/compression"
	"github.com/newslint/newslint/internal/crawltest"
	"github.com/newslint/newslint/internal/golden"
)

// describeUnits reads target t and describes every unit and its page as
// text, with the crawl's port and capture dates masked.
func describeUnits(t *testing.T, c crawltest.Crawl, tg Target, opt Options) string {
	t.Helper()
	var b strings.Builder
	last := 0
	err := Units(tg, opt, func(u Unit) error {
		// Record numbers are where the record is in the file. wget writes
		// a request twice when it retries on a closed connection, so they
		// are checked, not shown.
		if u.Record <= last {
			t.Errorf("record %d after record %d", u.Record, last)
		}
		last = u.Record
		fmt.Fprintf(&b, "== %s %s, %s, captured %s, %d bytes\n", u.Format, u.FileFormat, u.Name, u.Date, len(u.Raw))
		p, err := u.Parse()
		if err != nil {
			fmt.Fprintf(&b, "error: %v\n", strings.Replace(err.Error(), fmt.Sprintf("WARC record %d ", u.Record), "WARC record N ", 1))
			return nil
		}
		if p.Path != tg.Path || p.Record != u.Record {
			t.Errorf("record %d: page %s#%d, want %s#%d", u.Record, p.Path, p.Record, tg.Path, u.Record)
		}
		fmt.Fprintf(&b, "page name %q; title %q; url %s; site %s\n", p.RecordName, p.Meta.Title, p.Meta.URL, p.Meta.Site)
		for _, l := range p.Lines {
			if l.SourceLine != 0 {
				t.Errorf("record %d line %d: SourceLine %d, want 0 (a page's line is no line of the WARC file)", u.Record, l.Num, l.SourceLine)
			}
			fmt.Fprintf(&b, "%3d %s\n", l.Num, l.Text)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return c.Mask(b.String())
}

// TestWARCFromWget reads the WARC files wget writes of the fixture site
// (testdata/crawl/site), compressed record by record and not: the same
// pages, one per HTML or text response with a 2xx status, each named by
// its target URI without wget's angle brackets; the front page's 301, the
// 404s, the image, robots.txt, the requests and wget's own records are
// skipped. The ISO-8859-1 page is decoded by its <meta charset>.
func TestWARCFromWget(t *testing.T) {
	for _, compress := range []bool{true, false} {
		c := crawltest.Run(t, "../"+crawltest.Site, compress)
		got := describeUnits(t, c, Target{Path: c.WARC}, Options{})
		golden.Check(t, "testdata/warc/wget.golden", []byte(got))
		if strings.Contains(got, "<http") || strings.Contains(got, "robots.txt") || strings.Contains(got, "logo.png") {
			t.Errorf("angle brackets, robots.txt or the image in:\n%s", got)
		}
		if !strings.Contains(got, "Ostsee-Fähre fährt wieder") {
			t.Errorf("the ISO-8859-1 page is not decoded:\n%s", got)
		}

		// The same file on standard input, recognised by its magic bytes.
		f, err := os.Open(c.WARC)
		if err != nil {
			t.Fatal(err)
		}
		stdin := os.Stdin
		os.Stdin = f
		fromStdin := describeUnits(t, c, Target{Path: Stdin}, Options{})
		os.Stdin = stdin
		f.Close()
		if fromStdin != got {
			t.Errorf("read from standard input:\n%s\nwant\n%s", fromStdin, got)
		}
	}
}

// warcRecord is a record written by warcFile.
type warcRecord struct {
	typ  gowarc.RecordType
	uri  string
	http string // the block: an HTTP response, head and body
}

// warcFile writes records with gowarc's record builder and marshaler, as a
// crawler built on that library would.
func warcFile(t testing.TB, records []warcRecord) []byte {
	t.Helper()
	var buf bytes.Buffer
	m := gowarc.NewMarshaler()
	for i, r := range records {
		b := gowarc.NewRecordBuilder(r.typ, gowarc.WithSpecViolationPolicy(gowarc.ErrIgnore), gowarc.WithSyntaxErrorPolicy(gowarc.ErrIgnore))
		b.AddWarcHeader(gowarc.WarcDate, "2025-12-07T10:00:0"+strconv.Itoa(i)+"Z")
		if r.uri != "" {
			b.AddWarcHeader(gowarc.WarcTargetURI, r.uri)
		}
		ctype := "application/http;msgtype=response"
		if r.typ == gowarc.Warcinfo {
			ctype = "application/warc-fields"
		}
		b.AddWarcHeader(gowarc.ContentType, ctype)
		if _, err := b.WriteString(r.http); err != nil {
			t.Fatal(err)
		}
		rec, _, err := b.Build()
		if err != nil {
			t.Fatalf("record %d: %v", i+1, err)
		}
		if _, _, err := m.Marshal(&buf, rec, 0); err != nil {
			t.Fatalf("record %d: %v", i+1, err)
		}
		rec.Close()
	}
	return buf.Bytes()
}

// httpResponse is an HTTP response with head lines and body.
func httpResponse(status string, head []string, body []byte) string {
	return "HTTP/1.1 " + status + "\r\n" + strings.Join(head, "\r\n") + "\r\n\r\n" + string(body)
}

func gzipped(t testing.TB, s []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w, _ := compression.NewWriter(compression.Gzip, &b)
	w.Write(s)
	w.Close()
	return b.Bytes()
}

func chunked(s []byte) []byte {
	var b bytes.Buffer
	w := httputil.NewChunkedWriter(&b)
	w.Write(s[:len(s)/2])
	w.Write(s[len(s)/2:])
	w.Close()
	b.WriteString("\r\n")
	return b.Bytes()
}

// TestWARCRecords: what crawlers other than wget leave in a response is
// undone (chunks, gzip and zstd content encodings, a charset named in the
// HTTP header); a payload in an encoding newslint cannot read is an error
// naming the record, and the records after it are read; responses that
// are not pages are skipped.
func TestWARCRecords(t *testing.T) {
	latin1, _ := charmap.ISO8859_1.NewEncoder().Bytes([]byte("Grüße aus Kiel\n\nFolgen Sie uns auf\n"))
	var zst bytes.Buffer
	zw, _ := compression.NewWriter(compression.Zstd, &zst)
	zw.Write([]byte("<html><head><title>Zstd</title></head><body><p>Ein Absatz über die Kieler Woche.</p></body></html>"))
	zw.Close()
	records := []warcRecord{
		{typ: gowarc.Warcinfo, http: "software: newslint test\r\n"},
		{typ: gowarc.Response, uri: "<http://example.org/notiz.txt>", http: httpResponse("200 OK",
			[]string{"Content-Type: text/plain; charset=iso-8859-1", "Transfer-Encoding: chunked", "Content-Encoding: gzip"},
			chunked(gzipped(t, latin1)))},
		{typ: gowarc.Response, uri: "http://example.org/br.html", http: httpResponse("200 OK",
			[]string{"Content-Type: text/html", "Content-Encoding: br"}, []byte("\x1b\x03\x00"))},
		{typ: gowarc.Response, uri: "http://example.org/zstd.html", http: httpResponse("200 OK",
			[]string{"Content-Type: text/html; charset=utf-8", "Content-Encoding: zstd"}, zst.Bytes())},
		{typ: gowarc.Response, uri: "http://example.org/moved", http: httpResponse("301 Moved Permanently",
			[]string{"Location: http://example.org/new", "Content-Type: text/html"}, []byte("<p>Moved</p>"))},
		{typ: gowarc.Response, uri: "http://example.org/paper.pdf", http: httpResponse("200 OK",
			[]string{"Content-Type: application/pdf"}, []byte("%PDF-1.4"))},
		{typ: gowarc.Response, uri: "http://example.org/sniffed", http: httpResponse("200 OK",
			nil, []byte("<!DOCTYPE html><html><body><p>Ohne Content-Type.</p></body></html>"))},
	}
	data := warcFile(t, records)
	dir := t.TempDir()
	path := filepath.Join(dir, "mixed.warc")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got := describeUnits(t, crawltest.Crawl{}, Target{Path: path}, Options{})
	golden.Check(t, "testdata/warc/records.golden", []byte(strings.ReplaceAll(got, dir+string(filepath.Separator), "")))

	// Cut off inside the zstd page: what was read before is kept, and the
	// error names the record.
	cut := bytes.Index(data, []byte("http://example.org/zstd.html")) + 200
	if err := os.WriteFile(path, data[:cut], 0o644); err != nil {
		t.Fatal(err)
	}
	var n int
	err := Units(Target{Path: path}, Options{}, func(u Unit) error { n++; return nil })
	if err == nil || !strings.Contains(err.Error(), path+": WARC record 4: ") {
		t.Errorf("cut off: error %v, want one naming record 4", err)
	}
	if n != 2 {
		t.Errorf("cut off: %d units before the error, want 2", n)
	}

	if err := os.WriteFile(path, []byte("Das ist kein WARC.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = Units(Target{Path: path}, Options{}, func(u Unit) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "no WARC record") {
		t.Errorf("not a WARC: error %v, want \"no WARC record\"", err)
	}
}

// FuzzWARC reads arbitrary bytes as a WARC file: whatever they hold, the
// reader returns (it must not panic or hang), every unit it gives parses
// to a page or to an error naming the file, and every page scores.
// The seeds are records written with gowarc and a wget record.
func FuzzWARC(f *testing.F) {
	f.Add([]byte("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <http://example.org/>\r\n" +
		"WARC-Date: 2025-12-07T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:c5a5e4e7-3f4b-4844-a475-e895cc99a7c2>\r\n" +
		"Content-Type: application/http;msgtype=response\r\nContent-Length: 76\r\n\r\n" +
		"HTTP/1.0 200 OK\r\nContent-type: text/html\r\n\r\n<p>Ein Absatz.</p><p>0 Kommentare</p>\r\n\r\n"))
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Type: application/http;msgtype=response\r\nContent-Length: 60\r\n\r\n" +
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHallo\r\n0\r\n\r\n\r\n\r\n"))
	f.Add([]byte("WARC/1.0\r\nContent-Length: 99999999999\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.warc")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		err := Units(Target{Path: path}, Options{}, func(u Unit) error {
			p, err := u.Parse()
			if err != nil {
				if !strings.HasPrefix(err.Error(), path+": ") {
					t.Fatalf("error %q does not name the file", err)
				}
				return nil
			}
			scorePage(t, p)
			return nil
		})
		if err != nil && !strings.HasPrefix(err.Error(), path+": ") {
			t.Fatalf("error %q does not name the file", err)
		}
	})
}

// BenchmarkWARCUnits reads a WARC file of 200 HTML pages of 20 KB, gzip'd
// record by record as crawlers write it, and parses every page: the cost
// of the WARC layer (decompression, the library's record parsing and
// digest, the payload) and of rendering the HTML.
func BenchmarkWARCUnits(b *testing.B) {
	para := "<p>" + strings.Repeat("Der Hafen wurde am Dienstag wieder eröffnet, und viele Menschen kamen. ", 12) + "</p>\n"
	body := []byte("<html><head><title>Hafen</title></head><body>" + strings.Repeat(para, 24) + "</body></html>")
	var records []warcRecord
	for i := range 200 {
		records = append(records, warcRecord{typ: gowarc.Response, uri: "<http://example.org/" + strconv.Itoa(i) + ".html>",
			http: httpResponse("200 OK", []string{"Content-Type: text/html; charset=utf-8"}, body)})
	}
	var gz bytes.Buffer
	for _, r := range records {
		// One gzip member per record, as wget and Heritrix write .warc.gz.
		w, _ := compression.NewWriter(compression.Gzip, &gz)
		w.Write(warcFile(b, []warcRecord{r}))
		w.Close()
	}
	path := filepath.Join(b.TempDir(), "bench.warc.gz")
	if err := os.WriteFile(path, gz.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(records) * len(body)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		err := Units(Target{Path: path}, Options{NoSourceLines: true}, func(u Unit) error {
			if _, err := u.Parse(); err != nil {
				return err
			}
			n++
			return nil
		})
		if err != nil || n != len(records) {
			b.Fatalf("%d pages, %v", n, err)
		}
	}
}
