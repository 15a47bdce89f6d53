package report_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/internal/browsertest"
	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/report"
)

// htmlReport writes the HTML report of the fixture and of the WARC pages.
func htmlReport(t *testing.T, maxLines int) []byte {
	t.Helper()
	set := testSet(t)
	steps := append(fixture(t, set, testGate(set), nil), warcSteps(t, set)...)
	var buf bytes.Buffer
	render(t, &report.HTML{W: &buf, Version: "test", MaxLines: maxLines}, steps, nil)
	return buf.Bytes()
}

// TestHTMLLoadsNothing: the report (golden/report.html, of TestFormats)
// refers to nothing outside itself, and its Content-Security-Policy
// forbids loading anything.
func TestHTMLLoadsNothing(t *testing.T) {
	s := string(htmlReport(t, 0))
	for _, bad := range []string{"http-equiv=\"refresh\"", "<link", " src=", "@import", "url("} {
		if strings.Contains(s, bad) {
			t.Errorf("the report holds %q: it must load nothing", bad)
		}
	}
	if !strings.Contains(s, "default-src 'none'") {
		t.Error("no Content-Security-Policy that forbids loading anything")
	}
}

// TestHTMLMaxLines: past MaxLines, pages are listed with their counts and
// a note instead of their lines.
func TestHTMLMaxLines(t *testing.T) {
	s := string(htmlReport(t, 20))
	if n := strings.Count(s, `<table class="lines">`); n != 1 {
		t.Errorf("%d pages show their lines, want 1 (the first page has 15 lines, the second 52)", n)
	}
	if !strings.Contains(s, "lines not shown: the report holds the lines of its first pages, up to 20 lines") {
		t.Error("no note on the pages left out")
	}
	if n := strings.Count(s, `<tr class="fail" data-page=`) + strings.Count(s, `<tr class="ok" data-page=`); n != 6 {
		t.Errorf("the table lists %d pages, want all 6", n)
	}
}

// TestHTMLInChromium opens the report from disk in a real headless
// Chromium, as a reviewer opens a CI artifact: it loads nothing but itself
// and raises no error; the totals and charts come first; the page table
// sorts by a column (both ways), filters, and opens a page's lines; lines
// are coloured by verdict with their rules on hover.
// NEWSLINT_SCREENSHOT=file.png saves a screenshot.
func TestHTMLInChromium(t *testing.T) {
	path := filepath.Join(t.TempDir(), "newslint report.html")
	if err := os.WriteFile(path, htmlReport(t, 0), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.Start(t, 1400, 1000)

	var mu sync.Mutex
	var requests, problems []string
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			requests = append(requests, ev.Request.URL)
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				problems = append(problems, string(ev.Entry.Source)+": "+ev.Entry.Text)
			}
		}
	}); err != nil {
		t.Fatal(err)
	}

	do := func(name string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		c, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if err := chromedp.Do(c, steps...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	eval := func(js string) string {
		t.Helper()
		c, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		v, err := chromedp.Run(c, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	column := func(i int) []string {
		t.Helper()
		return strings.Split(eval(`Array.from(document.querySelectorAll("#page-table tbody tr")).filter(r => !r.hidden).map(r => r.cells[`+strconv.Itoa(i)+`].getAttribute("data-v") || r.cells[`+strconv.Itoa(i)+`].textContent).join("|")`), "|")
	}

	do("open the report", chromedp.Navigate("file://"+path), chromedp.WaitVisible(chromedp.CSS(`#page-table`)))
	if got := eval(`document.title`); got != "newslint report" {
		t.Errorf("title %q", got)
	}
	if got := eval(`document.querySelector("#total-pages").textContent + " " + document.querySelector("#total-failed").textContent`); got != "6 6" {
		t.Errorf("totals: pages and failing %q, want \"6 6\"", got)
	}
	if got := eval(`String(document.querySelector("#summary").getBoundingClientRect().top < document.querySelector("#pages").getBoundingClientRect().top)`); got != "true" {
		t.Error("the totals, charts and table are not above the pages' lines")
	}
	// The fixture's noise falls in 7 categories, on 3 sites.
	if got := eval(`String(document.querySelectorAll("#chart-categories rect").length) + " " + String(document.querySelectorAll("#chart-sites rect").length)`); got != "7 3" {
		t.Errorf("chart bars (categories, sites): %q, want \"7 3\"", got)
	}
	widths := eval(`Array.from(document.querySelectorAll("#chart-categories rect")).map(r => r.getBoundingClientRect().width).join(" ")`)
	var prev float64 = 1e9
	for _, w := range strings.Fields(widths) {
		f, _ := strconv.ParseFloat(w, 64)
		if f > prev || f <= 0 {
			t.Fatalf("category bars are not drawn largest first: widths %s", widths)
		}
		prev = f
	}

	ids := column(0)
	if strings.Join(ids, ",") != "1,2,3,4,5,6" {
		t.Fatalf("table rows %v, want pages 1 to 6 in input order", ids)
	}
	do("sort by noise ratio", chromedp.Click(chromedp.CSS(`#page-table th:nth-child(7)`)))
	asc := column(6)
	do("sort by noise ratio, descending", chromedp.Click(chromedp.CSS(`#page-table th:nth-child(7)`)))
	desc := column(6)
	for i := 1; i < len(asc); i++ {
		a0, _ := strconv.ParseFloat(asc[i-1], 64)
		a1, _ := strconv.ParseFloat(asc[i], 64)
		d0, _ := strconv.ParseFloat(desc[i-1], 64)
		d1, _ := strconv.ParseFloat(desc[i], 64)
		if a0 > a1 || d0 < d1 {
			t.Fatalf("not sorted: ascending %v, descending %v", asc, desc)
		}
	}
	if asc[0] == asc[len(asc)-1] {
		t.Fatalf("all pages have the same noise ratio (%v): the sort shows nothing", asc)
	}

	do("filter", chromedp.Evaluate[chromedp.Void](`(() => { const f = document.querySelector("#filter"); f.value = "ostsee"; f.dispatchEvent(new Event("input")); })()`))
	if got := column(1); len(got) != 1 || !strings.Contains(got[0], "crawl.warc.gz#http://127.0.0.1:8000/ostsee.html") {
		t.Errorf("filter \"ostsee\" leaves %q", got)
	}
	if got := eval(`document.querySelector("#shown").textContent`); got != "1 of 6 pages" {
		t.Errorf("shown: %q", got)
	}

	do("open the page from the table",
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#p6").open = false`),
		chromedp.Click(chromedp.CSS(`#page-table a[href="#p6"]`)))
	if got := eval(`String(document.querySelector("#p6").open)`); got != "true" {
		t.Error("clicking the page in the table does not open its lines")
	}
	noise := eval(`getComputedStyle(document.querySelector("#p6 tr.v-noise")).backgroundColor`)
	content := eval(`getComputedStyle(document.querySelector("#p6 tr.v-content")).backgroundColor`)
	if noise == content || noise == "rgba(0, 0, 0, 0)" {
		t.Errorf("noise lines (%s) and content lines (%s) are not coloured apart", noise, content)
	}
	if got := eval(`document.querySelector("#p6 tr.v-noise").title`); !strings.Contains(got, "comment-counter") {
		t.Errorf("a noise line's rules on hover: %q", got)
	}

	if out := os.Getenv("NEWSLINT_SCREENSHOT"); out != "" {
		do("clear the filter", chromedp.Evaluate[chromedp.Void](`(() => { const f = document.querySelector("#filter"); f.value = ""; f.dispatchEvent(new Event("input")); window.scrollTo(0, 0); })()`))
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	mu.Lock()
	defer mu.Unlock()
	for _, u := range requests {
		if !strings.HasPrefix(u, "file://") {
			t.Errorf("the report loaded %s", u)
		}
	}
	for _, p := range problems {
		t.Errorf("the browser reported %s", p)
	}
}

// TestHTMLMaxPages: past MaxPages, pages are counted in the totals but
// neither listed nor shown, and a note says how many.
func TestHTMLMaxPages(t *testing.T) {
	set := testSet(t)
	steps := append(fixture(t, set, testGate(set), nil), warcSteps(t, set)...)
	var buf bytes.Buffer
	render(t, &report.HTML{W: &buf, Version: "test", MaxPages: 2}, steps, nil)
	s := buf.String()
	if n := strings.Count(s, `<tr class="fail" data-page=`) + strings.Count(s, `<tr class="ok" data-page=`); n != 2 {
		t.Errorf("the table lists %d pages, want 2", n)
	}
	if n := strings.Count(s, `<details class="page`); n != 2 {
		t.Errorf("%d pages shown, want 2", n)
	}
	if !strings.Contains(s, "4 more pages are counted above but not listed: the report lists at most 2.") || !strings.Contains(s, `<dd id="total-pages">6</dd>`) {
		t.Error("no note on the 4 pages left out, or the totals do not count them")
	}
}

// TestHTMLEscapes: page text, paths and URLs are text in the report,
// never markup or script.
func TestHTMLEscapes(t *testing.T) {
	set := testSet(t)
	hostile := `</td></tr></table><script>alert("x")</script><img src=x onerror=alert(1)>`
	p := &page.Page{Path: `dir/"quoted" <b>.txt`, RecordName: `http://example.org/?q=<script>`,
		Meta: page.Meta{URL: `javascript:alert(1)`, Title: hostile}}
	for i, l := range []string{hostile, "", "0 Kommentare " + hostile, "Ein Satz, der lang genug ist, um als Inhalt des Artikels zu gelten."} {
		p.Lines = append(p.Lines, page.Line{Text: l, Num: i + 1})
	}
	steps := []step{{page: report.NewPage(detect.New(set).Run(p, detect.Options{}), testGate(set))},
		{path: "x.txt", err: errors.New(hostile)}}
	var buf bytes.Buffer
	render(t, &report.HTML{W: &buf, Version: "test"}, steps, nil)
	s := buf.String()
	for _, bad := range []string{"<script>alert", "<img src=x", `"quoted" <b>`, "q=<script>"} {
		if strings.Contains(s, bad) {
			t.Errorf("the report holds %q unescaped", bad)
		}
	}
	if strings.Count(s, "<script>") != 1 {
		t.Errorf("%d script elements, want the report's own", strings.Count(s, "<script>"))
	}
	if !strings.Contains(s, "&lt;script&gt;alert") {
		t.Error("the hostile text is not in the report as text")
	}
}

// TestHTMLMaxPagesParts: the parts of a page scored in parts are rows of
// their own, but the note on the pages left out counts pages: a page
// whose first part is listed is not among them.
func TestHTMLMaxPagesParts(t *testing.T) {
	set := testSet(t)
	eng := detect.New(set)
	data, err := os.ReadFile(seed000)
	if err != nil {
		t.Fatal(err)
	}
	whole := input.ParseText(seed000, data)
	var steps []step
	const parts = 3
	size := (len(whole.Lines) + parts - 1) / parts
	for k := range parts {
		p := *whole
		p.Lines = whole.Lines[k*size : min((k+1)*size, len(whole.Lines))]
		p.Part, p.Parts = k+1, parts
		steps = append(steps, step{page: report.NewPage(eng.Run(&p, detect.Options{}), testGate(set))})
	}
	steps = append(steps, step{page: report.NewPage(eng.Run(input.ParseText("other.txt", data), detect.Options{}), testGate(set))})
	var buf bytes.Buffer
	render(t, &report.HTML{W: &buf, Version: "test", MaxPages: 2}, steps, nil)
	s := buf.String()
	for _, want := range []string{seed000 + " (part 1 of 3)", seed000 + " (part 2 of 3)", `<dd id="total-pages">2</dd>`,
		"1 more pages are counted above but not listed: the report lists at most 2."} {
		if !strings.Contains(s, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}
