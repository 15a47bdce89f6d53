package input

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httputil"
	"net/textproto"
	"net/url"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	gowarc "github.com/nlnwa/gowarc/v2"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"

	"github.com/newslint/newslint/htmltext"
	"github.com/newslint/newslint/page"
)

// warcUnits sends fn one unit per page of a WARC file, read record by
// record with github.com/nlnwa/gowarc (r is the WARC itself: a .warc.gz
// file, one gzip member per record, was decompressed on the way). A page is
// a response record with a 2xx status whose payload is HTML or plain text;
// the other records (requests, metadata, images, redirects, errors, the
// robots.txt a crawler fetched for itself) are skipped. The library keeps
// each record's block in memory up to 1 MiB and in a temporary file beyond,
// so the file is never held whole.
//
// A record the library cannot read ends the file with an error naming the
// record; a page whose payload cannot be decoded is a unit whose Parse
// fails, and the records after it are read.
func warcUnits(path string, r *bufio.Reader, opt Options, fn func(Unit) error) error {
	// Syntax and specification problems are warnings, not failures: crawlers
	// write records a strict reader refuses (wget's "<uri>" in
	// WARC-Target-URI, after the grammar of WARC 1.0). Validation also makes
	// the library keep the block, which it would otherwise drop.
	un := gowarc.NewUnmarshaler(
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn),
		gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrWarn),
		gowarc.WithAddMissingDigest(false),
		gowarc.WithFixDigest(false),
	)
	for n := 1; ; n++ {
		head := peekHeader(r)
		rec, err := unmarshal(un, r)
		if err == io.EOF && rec == nil && !bytes.HasPrefix(head, warcMagic) {
			if n == 1 {
				return fmt.Errorf("%s: no WARC record (a WARC file starts with \"WARC/1.0\" or \"WARC/1.1\")", path)
			}
			return nil // what follows the last record is no record
		}
		if err != nil {
			if rec != nil {
				rec.Close()
			}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				err = errors.New("the file ends inside the record")
			}
			return fmt.Errorf("%s: WARC record %d: %w", path, n, err)
		}
		u, ok, err := warcUnit(path, n, rec, targetURI(head), opt)
		rec.Close()
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := fn(u); err != nil {
			return err
		}
	}
}

// unmarshal reads the next record. The library indexes past the end of
// some malformed input ("WARC/\n"): its panic becomes the record's error.
func unmarshal(un gowarc.Unmarshaler, r *bufio.Reader) (rec gowarc.WarcRecord, err error) {
	defer func() {
		if p := recover(); p != nil {
			if rec != nil {
				rec.Close()
			}
			rec, err = nil, fmt.Errorf("malformed record (%v)", p)
		}
	}()
	rec, _, _, err = un.Unmarshal(r)
	return rec, err
}

// warcUnit returns the unit of WARC record n, and false for a record that
// holds no page.
func warcUnit(path string, n int, rec gowarc.WarcRecord, rawURI string, opt Options) (Unit, bool, error) {
	if rec.Type() != gowarc.Response {
		return Unit{}, false, nil
	}
	block, ok := rec.Block().(gowarc.HttpResponseBlock)
	if !ok || block.HttpStatusCode() < 200 || block.HttpStatusCode() > 299 {
		return Unit{}, false, nil
	}
	uri := rec.WarcHeader().Get(gowarc.WarcTargetURI)
	if uri == "" {
		uri = rawURI // the library drops a value that is no valid URL
	}
	uri = strings.Trim(strings.TrimSpace(uri), "<>")
	if u, err := url.Parse(uri); err == nil && u.Path == "/robots.txt" {
		return Unit{}, false, nil
	}
	body, err := block.PayloadBytes()
	if err != nil {
		return Unit{}, false, fmt.Errorf("%s: WARC record %d (%s): %w", path, n, uri, err)
	}
	payload, err := io.ReadAll(io.LimitReader(body, MaxFileSize+1))
	if err != nil {
		return Unit{}, false, fmt.Errorf("%s: WARC record %d (%s): %w", path, n, uri, err)
	}
	h := httpHeader(block)
	ctype := h.Get("Content-Type")
	media, _, _ := mime.ParseMediaType(ctype)
	if media == "" {
		media, _, _ = mime.ParseMediaType(http.DetectContentType(payload))
	}
	var format Format
	switch strings.ToLower(media) {
	case "text/html", "application/xhtml+xml":
		format = HTML
	case "text/plain":
		format = Text
	default:
		return Unit{}, false, nil
	}
	date := rec.WarcHeader().Get(gowarc.WarcDate)
	where := fmt.Sprintf("%s: WARC record %d (%s)", path, n, uri)
	if len(payload) > MaxFileSize {
		return Unit{Record: n, Name: uri, Date: date, Format: format, FileFormat: WARC, Parse: func() (*page.Page, error) {
			return nil, fmt.Errorf("%s: payload larger than %d bytes", where, MaxFileSize)
		}}, true, nil
	}
	chunked := false
	for _, te := range h.Values("Transfer-Encoding") {
		chunked = chunked || strings.Contains(strings.ToLower(te), "chunked")
	}
	encoding := strings.ToLower(strings.TrimSpace(h.Get("Content-Encoding")))
	u := Unit{Record: n, Name: uri, Date: date, Raw: payload, Format: format, FileFormat: WARC}
	u.Parse = func() (*page.Page, error) {
		data, err := decodePayload(payload, chunked, encoding)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		var p *page.Page
		if format == HTML {
			p = htmltext.ParseBytes(path, data, htmltext.Options{
				Readability:    opt.Readability,
				URL:            uri,
				ContentType:    ctype,
				KeepAriaHidden: true,
				// A line of the page is no line of the WARC file: findings
				// point at the page's own lines.
				NoSourceLines: true,
			})
		} else {
			p = ParseText(path, toUTF8(data, ctype))
			p.Meta.URL, p.Meta.Site = uri, page.SiteOf(uri)
			for i := range p.Lines {
				p.Lines[i].SourceLine = 0
			}
		}
		p.Record, p.RecordName = n, uri
		return p, nil
	}
	return u, true, nil
}

// httpHeader returns the header of an archived HTTP response as it was
// sent. (The library's HttpHeader is that of net/http, which drops
// Transfer-Encoding.)
func httpHeader(block gowarc.HttpResponseBlock) http.Header {
	if pb, ok := block.(gowarc.ProtocolHeaderBlock); ok {
		r := textproto.NewReader(bufio.NewReader(bytes.NewReader(pb.ProtocolHeaderBytes())))
		if _, err := r.ReadLine(); err == nil { // the status line
			if h, err := r.ReadMIMEHeader(); err == nil || len(h) > 0 {
				return http.Header(h)
			}
		}
	}
	if h := block.HttpHeader(); h != nil {
		return *h
	}
	return http.Header{}
}

// decodePayload undoes the transfer and content encodings an archived HTTP
// response may still carry (crawlers differ in what they store): chunks,
// then gzip, deflate or zstd. A body marked chunked that does not parse as
// chunks is taken as it is, as archivers that store the body de-chunked but
// keep the header write it.
func decodePayload(data []byte, chunked bool, encoding string) ([]byte, error) {
	if chunked {
		if d, err := io.ReadAll(httputil.NewChunkedReader(bytes.NewReader(data))); err == nil {
			data = d
		}
	}
	var r io.Reader
	switch encoding {
	case "", "identity":
		return data, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("Content-Encoding %s: %w", encoding, err)
		}
		r = zr
	case "deflate":
		// HTTP's deflate is zlib; some servers send raw deflate.
		if zr, err := zlib.NewReader(bytes.NewReader(data)); err == nil {
			r = zr
		} else {
			r = flate.NewReader(bytes.NewReader(data))
		}
	case "zstd":
		zr, err := zstd.NewReader(bytes.NewReader(data), zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, fmt.Errorf("Content-Encoding %s: %w", encoding, err)
		}
		defer zr.Close()
		r = zr
	default:
		return nil, fmt.Errorf("Content-Encoding %q is not supported (gzip, deflate and zstd are)", encoding)
	}
	out, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("Content-Encoding %s: %w", encoding, err)
	}
	if len(out) > MaxFileSize {
		return nil, fmt.Errorf("Content-Encoding %s: decodes to more than %d bytes", encoding, MaxFileSize)
	}
	return out, nil
}

// toUTF8 decodes text in the charset its Content-Type names (UTF-8 when it
// names none or one that is unknown).
func toUTF8(data []byte, contentType string) []byte {
	_, params, _ := mime.ParseMediaType(contentType)
	cs := strings.ToLower(params["charset"])
	if cs == "" || cs == "utf-8" || cs == "utf8" {
		return data
	}
	enc, _ := charset.Lookup(cs)
	if enc == nil {
		return data
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), data)
	if err != nil {
		return data
	}
	return out
}

// peekHeader returns the header of the record r starts with (up to the
// blank line that ends it, at most r's buffer), without consuming it.
func peekHeader(r *bufio.Reader) []byte {
	for n := 4 << 10; ; n *= 2 {
		b, err := r.Peek(min(n, r.Size()))
		if i := bytes.Index(b, []byte("\r\n\r\n")); i >= 0 {
			return b[:i]
		}
		if err != nil || n >= r.Size() {
			return b
		}
	}
}

// targetURI returns the WARC-Target-URI field of a record header, or "".
// gowarc validates the field as a URL and, when that fails, drops it: wget
// writes it in angle brackets ("<http://…>", after the grammar of WARC 1.0),
// which its URL parser refuses. The header is read here for that field
// alone.
func targetURI(head []byte) string {
	const field = "warc-target-uri:"
	for len(head) > 0 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		if len(line) >= len(field) && strings.EqualFold(string(line[:len(field)]), field) {
			return strings.TrimSpace(string(line[len(field):]))
		}
	}
	return ""
}
