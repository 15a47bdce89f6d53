package server

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newslint/newslint/eval"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/page"
)

// served is the address the test handlers are guarded for.
const served = "127.0.0.1:8080"

// fixture is a server over a copy of testdata/corpus in a temporary
// directory, with its rules and labels files there.
type fixture struct {
	dir, rules, labels string
	srv                *Server
	h                  http.Handler
}

func newFixture(t *testing.T, rulesText string) *fixture {
	t.Helper()
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "corpus")
	if err := os.MkdirAll(corpusDir, 0o755); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*.txt"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(corpusDir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{dir: dir, rules: filepath.Join(dir, ".newslint.yaml"), labels: filepath.Join(dir, "corpus"+LabelsSuffix)}
	if rulesText != "" {
		if err := os.WriteFile(f.rules, []byte(rulesText), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv, err := New(Config{Paths: []string{corpusDir}, Walk: input.WalkOptions{Extensions: []string{".txt"}}, RulesPath: f.rules})
	if err != nil {
		t.Fatal(err)
	}
	if srv.LabelsPath() != f.labels {
		t.Fatalf("labels path %s, want %s", srv.LabelsPath(), f.labels)
	}
	f.srv, f.h = srv, srv.Handler(served)
	return f
}

// do sends a request as the browser on the served page would, with the
// changes mod makes to it.
func (f *fixture) do(t *testing.T, method, target string, body any, mod func(*http.Request)) *httptest.ResponseRecorder {
	t.Helper()
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = bytes.NewReader(data)
	}
	r := httptest.NewRequest(method, "http://"+served+target, rd)
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Origin", "http://"+served)
		r.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	if mod != nil {
		mod(r)
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

// listing returns the names and contents of the files under dir.
func listing(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[rel] = string(data)
		}
		return nil
	})
	return out
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func rulesWith(extra string) string {
	return strings.Replace(NewRulesFile, "rules: []\n", "rules:\n"+extra, 1)
}

// keepShare is a rules file whose one rule turns the noise line 14 of
// harbour.example, "Share this article", into content whatever the
// built-in rules say about it.
var keepShare = rulesWith(`  - id: keep-share
    kind: pattern
    label: content
    weight: 50
    description: Test rule that keeps the share line.
    patterns: ['^Share this article$']
    examples:
      match: ["Share this article"]
      no-match: ["Share"]
`)

func TestGuardHost(t *testing.T) {
	f := newFixture(t, "")
	cases := []struct {
		host string
		want int
	}{
		{served, 200},
		{"localhost:8080", 200},
		{"[::1]:8080", 200},
		{"evil.example:8080", 403},
		{"127.0.0.1.nip.io:8080", 403},
		{"127.0.0.1:9090", 403},
		{"127.0.0.1", 403},
		{"", 403},
	}
	for _, c := range cases {
		for _, target := range []string{"/", "/api/state", "/api/page?id=harbour.example", "/assets/app.js"} {
			w := f.do(t, "GET", target, nil, func(r *http.Request) { r.Host = c.host })
			if w.Code != c.want {
				t.Errorf("GET %s with Host %q: %d, want %d", target, c.host, w.Code, c.want)
			}
		}
	}
	// A rebinding attacker cannot write either.
	w := f.do(t, "POST", "/api/save", map[string]any{"text": rulesWith("  - id: share-button\n    enabled: false\n")}, func(r *http.Request) {
		r.Host = "evil.example:8080"
		r.Header.Set("Origin", "http://evil.example:8080")
	})
	if w.Code != 403 {
		t.Errorf("rebound save: %d, want 403", w.Code)
	}
	if _, err := os.Stat(f.rules); err == nil {
		t.Error("a refused save wrote the rules file")
	}
}

func TestGuardCrossSite(t *testing.T) {
	f := newFixture(t, "")
	before := listing(t, f.dir)
	text := rulesWith("  - id: share-button\n    enabled: false\n")
	cases := []struct {
		name   string
		path   string
		body   any
		mod    func(*http.Request)
		status int
	}{
		{"other origin saves rules", "/api/save", map[string]any{"text": text}, func(r *http.Request) {
			r.Header.Set("Origin", "http://evil.example")
			r.Header.Set("Sec-Fetch-Site", "cross-site")
		}, 403},
		{"other origin, no fetch metadata", "/api/save", map[string]any{"text": text}, func(r *http.Request) {
			r.Header.Set("Origin", "https://evil.example")
			r.Header.Del("Sec-Fetch-Site")
		}, 403},
		{"other port on localhost", "/api/save", map[string]any{"text": text}, func(r *http.Request) {
			r.Header.Set("Origin", "http://127.0.0.1:3000")
		}, 403},
		{"other origin fits the rules", "/api/fit", map[string]any{"text": text}, func(r *http.Request) {
			r.Header.Set("Origin", "http://evil.example")
			r.Header.Set("Sec-Fetch-Site", "cross-site")
		}, 403},
		{"null origin", "/api/labels/save", map[string]any{}, func(r *http.Request) { r.Header.Set("Origin", "null") }, 403},
		{"cross-site without origin", "/api/save", map[string]any{"text": text}, func(r *http.Request) {
			r.Header.Del("Origin")
			r.Header.Set("Sec-Fetch-Site", "cross-site")
		}, 403},
		{"form post", "/api/save", nil, func(r *http.Request) {
			r.Body = io.NopCloser(strings.NewReader("text=x"))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}, 415},
		{"text/plain post", "/api/label", nil, func(r *http.Request) {
			r.Body = io.NopCloser(strings.NewReader(`{"page":"harbour.example","line":1,"label":"noise"}`))
			r.Header.Set("Content-Type", "text/plain")
		}, 415},
		{"other origin reads a page", "/api/page?id=harbour.example", nil, func(r *http.Request) {
			r.Method = "GET"
			r.Header.Set("Origin", "http://evil.example")
			r.Header.Set("Sec-Fetch-Site", "cross-site")
			r.Header.Set("Sec-Fetch-Mode", "cors")
		}, 403},
		{"cross-site navigation to the API", "/api/state", nil, func(r *http.Request) {
			r.Method = "GET"
			r.Header.Set("Sec-Fetch-Site", "cross-site")
			r.Header.Set("Sec-Fetch-Mode", "navigate")
		}, 403},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := f.do(t, "POST", c.path, c.body, c.mod)
			if w.Code != c.status {
				t.Errorf("%d %s, want %d", w.Code, strings.TrimSpace(w.Body.String()), c.status)
			}
		})
	}
	// Following a link to the application from elsewhere still opens it.
	w := f.do(t, "GET", "/", nil, func(r *http.Request) {
		r.Header.Set("Sec-Fetch-Site", "cross-site")
		r.Header.Set("Sec-Fetch-Mode", "navigate")
	})
	if w.Code != 200 {
		t.Errorf("navigation from another site: %d", w.Code)
	}
	if got := listing(t, f.dir); !slices.Equal(keys(got), keys(before)) {
		t.Errorf("refused requests changed the files: %v, was %v", keys(got), keys(before))
	}
	if h := w.Header().Get("Content-Security-Policy"); !strings.Contains(h, "default-src 'self'") || !strings.Contains(h, "frame-ancestors 'none'") {
		t.Errorf("Content-Security-Policy %q", h)
	}
}

func TestNoPathTraversal(t *testing.T) {
	f := newFixture(t, "")
	secret := filepath.Join(f.dir, "secret.txt")
	os.WriteFile(secret, []byte("SECRET"), 0o600)
	for _, target := range []string{
		"/api/page?id=../../etc/passwd",
		"/api/page?id=" + "..%2F..%2Fetc%2Fpasswd",
		"/api/page?id=/etc/passwd",
		"/api/page?id=../secret",
		"/api/page?id=corpus/../secret",
		"/api/diff?id=../../etc/passwd",
		"/assets/../../../etc/passwd",
		"/assets/..%2F..%2Fsecret.txt",
		"/etc/passwd",
		"/../secret.txt",
	} {
		w := f.do(t, "GET", target, nil, nil)
		if w.Code == 200 || strings.Contains(w.Body.String(), "SECRET") || strings.Contains(w.Body.String(), "root:") {
			t.Errorf("GET %s: %d %.80q", target, w.Code, w.Body.String())
		}
		if strings.HasPrefix(target, "/api/") && w.Code != 404 {
			t.Errorf("GET %s: %d, want 404", target, w.Code)
		}
	}
	w := f.do(t, "POST", "/api/label", map[string]any{"page": "../../etc/passwd", "line": 1, "label": "noise"}, nil)
	if w.Code != 404 {
		t.Errorf("label on ../../etc/passwd: %d, want 404", w.Code)
	}
	if w := f.do(t, "GET", "/api/page?id=harbour.example", nil, nil); w.Code != 200 {
		t.Errorf("a page of the corpus: %d", w.Code)
	}
}

func TestApplyWritesNothing(t *testing.T) {
	f := newFixture(t, "")
	before := listing(t, f.dir)
	w := f.do(t, "POST", "/api/apply", map[string]any{"text": keepShare}, nil)
	if w.Code != 200 {
		t.Fatalf("apply: %d %s", w.Code, w.Body)
	}
	var res struct {
		Changes Changes
		Timing  Timing
	}
	json.Unmarshal(w.Body.Bytes(), &res)
	if res.Changes.FlippedLines == 0 {
		t.Error("keep-share flipped no line")
	}
	found := false
	for _, p := range res.Changes.Pages {
		for _, fl := range p.Flips {
			if fl.Text == "Share this article" && strings.HasPrefix(fl.Before, "noise:") && fl.After == "content" && fl.Kept == 1 && fl.AfterRule == "keep-share" {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("the share line is not among the flips: %+v", res.Changes.Pages)
	}
	if res.Timing.TotalMS <= 0 || res.Timing.Pages != 3 {
		t.Errorf("timing %+v", res.Timing)
	}
	if after := listing(t, f.dir); !slices.Equal(keys(after), keys(before)) {
		t.Errorf("apply wrote files: %v", keys(after))
	}
	// The page view shows the applied rules.
	w = f.do(t, "GET", "/api/page?id=harbour.example", nil, nil)
	var p pageJSON
	json.Unmarshal(w.Body.Bytes(), &p)
	for _, l := range p.Lines {
		if l.Text == "Share this article" && l.Label != "content" {
			t.Errorf("after apply the page shows the share line as %s:%s", l.Label, l.Category)
		}
	}
	// Errors are reported at their line and nothing is applied.
	w = f.do(t, "POST", "/api/apply", map[string]any{"text": rulesWith("  - id: share-button\n    enabeld: false\n")}, nil)
	if w.Code != 422 || !strings.Contains(w.Body.String(), `"line":8`) || !strings.Contains(w.Body.String(), "enabeld") {
		t.Errorf("bad rules: %d %s", w.Code, w.Body)
	}
}

func TestCheckReportsLines(t *testing.T) {
	f := newFixture(t, "")
	w := f.do(t, "POST", "/api/check", map[string]any{"text": rulesWith("  - id: x\n    kind: pattern\n    label: noise\n    category: share\n    description: d\n    patterns: ['(']\n    examples: {match: [a], no-match: [b]}\n")}, nil)
	var res struct {
		OK       bool
		Problems []Problem
	}
	json.Unmarshal(w.Body.Bytes(), &res)
	if res.OK || len(res.Problems) != 1 || res.Problems[0].Line != 12 || res.Problems[0].Severity != "error" {
		t.Errorf("check: %s", w.Body)
	}
	w = f.do(t, "POST", "/api/check", map[string]any{"text": rulesWith("  - id: x\n    kind: pattern\n    label: noise\n    category: share\n    description: d\n    patterns: ['^a$']\n    examples: {match: [b], no-match: [c]}\n")}, nil)
	json.Unmarshal(w.Body.Bytes(), &res)
	if !res.OK || len(res.Problems) != 1 || res.Problems[0].Line != 7 || res.Problems[0].Severity != "warning" {
		t.Errorf("failing example: %s", w.Body)
	}
}

func TestSaveRules(t *testing.T) {
	f := newFixture(t, "")
	first := rulesWith("  - id: share-button\n    enabled: false\n")
	second := rulesWith("  - id: share-button\n    weight: 9\n")
	if w := f.do(t, "POST", "/api/save", map[string]any{"text": first}, nil); w.Code != 200 {
		t.Fatalf("save: %d %s", w.Code, w.Body)
	}
	if got := listing(t, f.dir); got[".newslint.yaml"] != first || got[".newslint.yaml.bak"] != "" {
		t.Errorf("after the first save: %v", keys(got))
	}
	if w := f.do(t, "POST", "/api/save", map[string]any{"text": second}, nil); w.Code != 200 {
		t.Fatalf("save: %d %s", w.Code, w.Body)
	}
	got := listing(t, f.dir)
	if got[".newslint.yaml"] != second || got[".newslint.yaml.bak"] != first {
		t.Errorf("after the second save: rules %q, backup %q", got[".newslint.yaml"], got[".newslint.yaml.bak"])
	}
	want := []string{".newslint.yaml", ".newslint.yaml.bak", "corpus/0b1d2e3f.txt", "corpus/harbour.example.txt", "corpus/markt.beispiel.txt"}
	if !slices.Equal(keys(got), want) {
		t.Errorf("files %v, want %v (no temporary files left)", keys(got), want)
	}
	// Invalid rules are not written.
	if w := f.do(t, "POST", "/api/save", map[string]any{"text": "rules: [{id: 1}"}, nil); w.Code != 422 {
		t.Errorf("invalid save: %d", w.Code)
	}
	// A file changed by someone else is not overwritten unless forced.
	time.Sleep(10 * time.Millisecond)
	os.WriteFile(f.rules, []byte("# edited elsewhere\n"), 0o644)
	if w := f.do(t, "POST", "/api/save", map[string]any{"text": first}, nil); w.Code != 409 {
		t.Errorf("save over an outside edit: %d, want 409", w.Code)
	}
	if w := f.do(t, "POST", "/api/save", map[string]any{"text": first, "force": true}, nil); w.Code != 200 {
		t.Errorf("forced save: %d", w.Code)
	}
	if got := listing(t, f.dir); got[".newslint.yaml.bak"] != "# edited elsewhere\n" || got[".newslint.yaml"] != first {
		t.Errorf("forced save: backup %q", got[".newslint.yaml.bak"])
	}
}

func TestLabelAndSave(t *testing.T) {
	f := newFixture(t, "")
	label := func(page string, line int, l string, status int) {
		t.Helper()
		w := f.do(t, "POST", "/api/label", map[string]any{"page": page, "line": line, "label": l}, nil)
		if w.Code != status {
			t.Fatalf("label %s:%d %s: %d %s", page, line, l, w.Code, w.Body)
		}
	}
	label("harbour.example", 14, "noise", 200)
	label("harbour.example", 9, "content", 200)
	label("harbour.example", 16, "content", 200) // the rules say noise
	label("harbour.example", 16, "", 200)
	label("harbour.example", 17, "content", 200)
	label("harbour.example", 4, "noise", 400) // blank line
	label("harbour.example", 14, "spam", 400)
	if _, err := os.Stat(f.labels); err == nil {
		t.Fatal("labelling wrote the file before save")
	}
	w := f.do(t, "GET", "/api/state", nil, nil)
	var st stateJSON
	json.Unmarshal(w.Body.Bytes(), &st)
	if st.Score.Labelled != 3 || st.Score.TP != 1 || st.Score.TN != 1 || st.Score.FN != 1 || len(st.Score.Disagree) != 1 || !st.LabelsDirty {
		t.Errorf("score %+v dirty %v", st.Score, st.LabelsDirty)
	}
	if w := f.do(t, "POST", "/api/labels/save", map[string]any{}, nil); w.Code != 200 {
		t.Fatalf("save labels: %d %s", w.Code, w.Body)
	}
	gold, err := eval.LoadLabels(f.labels)
	if err != nil {
		t.Fatal(err)
	}
	if ids := gold.IDs(); !slices.Equal(ids, []string{"harbour.example"}) {
		t.Errorf("labelled pages %v", ids)
	}
	data, _ := os.ReadFile(f.labels)
	for _, want := range []string{`{"page": "harbour.example", "line": 14, "text": "Share this article", "label": "noise"}`, `"line": 17, "text": "Related stories", "label": "content"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("labels file lacks %s:\n%s", want, data)
		}
	}
	if strings.Contains(string(data), `"line": 16`) {
		t.Errorf("a cleared label was saved:\n%s", data)
	}
	// A second save keeps the first as .bak.
	label("markt.beispiel", 10, "noise", 200)
	if w := f.do(t, "POST", "/api/labels/save", map[string]any{}, nil); w.Code != 200 {
		t.Fatalf("save labels: %d", w.Code)
	}
	bak, _ := os.ReadFile(f.labels + ".bak")
	if string(bak) != string(data) {
		t.Errorf("backup %q, want the first version", bak)
	}
	// Reading it back keeps everything.
	srv2, err := New(Config{Paths: []string{filepath.Join(f.dir, "corpus")}, Walk: input.WalkOptions{Extensions: []string{".txt"}}, RulesPath: f.rules})
	if err != nil {
		t.Fatal(err)
	}
	if n := srv2.labels.count(); n != 4 {
		t.Errorf("reloaded %d labels, want 4", n)
	}
}

func TestDiff(t *testing.T) {
	f := newFixture(t, "")
	f.do(t, "POST", "/api/apply", map[string]any{"text": keepShare}, nil)
	w := f.do(t, "GET", "/api/diff?id=harbour.example&base=previous", nil, nil)
	var res struct{ Diff []DiffLine }
	json.Unmarshal(w.Body.Bytes(), &res)
	found := false
	for _, d := range res.Diff {
		if d.Op == "+" && d.Text == "Share this article" {
			found = true
		}
	}
	if !found {
		t.Errorf("diff %+v", res.Diff)
	}
}

func TestLineDiffFolds(t *testing.T) {
	var a, b []string
	for i := range 20 {
		a = append(a, "line "+string(rune('a'+i)))
	}
	b = append(b, a...)
	b[10] = "changed"
	d := lineDiff(strings.Join(a, "\n")+"\n", strings.Join(b, "\n")+"\n")
	var ops []string
	for _, l := range d {
		ops = append(ops, l.Op)
	}
	if got := strings.Join(ops, ""); got != "…==-+==…" {
		t.Errorf("ops %q: %+v", got, d)
	}
}

func TestGroupOf(t *testing.T) {
	cases := map[string]string{
		"1337kultur.de.picard.txt":             "1337kultur.de",
		"bahamaslocal.com-atlantis.txt":        "bahamaslocal.com",
		"www.spiegel.de_artikel.txt":           "spiegel.de",
		"0a24692a9ea846c1819bd6a5f92a8874.txt": "(no site)",
		"page.txt":                             "(no site)",
	}
	for name, want := range cases {
		d := &doc{Path: "/x/" + name, Page: &page.Page{}}
		if got := groupOf(d, ""); got != want {
			t.Errorf("groupOf(%s) = %q, want %q", name, got, want)
		}
	}
}

// line returns line num of page id as the page view shows it.
func (f *fixture) line(t *testing.T, id string, num int) lineJSON {
	t.Helper()
	w := f.do(t, "GET", "/api/page?id="+id, nil, nil)
	var p pageJSON
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	for _, l := range p.Lines {
		if l.Num == num {
			return l
		}
	}
	t.Fatalf("page %s has no line %d", id, num)
	return lineJSON{}
}
