package harness

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/newslint/newslint/eval"
)

// Row is one measured configuration: an extractor (or newslint command) on
// one set at one number of cores.
type Row struct {
	Set     string
	Name    string // extractor or command
	Input   string // html or text
	Cores   int
	Timing  Timing
	Quality *eval.Result // nil when not scored
	Note    string
}

// Failed reports whether the run failed (or some of its pages did).
func (r Row) Failed() bool { return r.Timing.Errors > 0 || strings.Contains(r.Note, "failed") }

// Table prints rows as a Markdown table.
func Table(w io.Writer, rows []Row) {
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.Debug)
	fmt.Fprintln(tw, "| set\t extractor\t input\t cores\t pages\t MB in\t wall s\t CPU s\t pages/s\t MB/s\t MB/CPU-s\t peak RSS MB\t P / R / F1\t")
	fmt.Fprintln(tw, "| ---\t ---\t ---\t ---:\t ---:\t ---:\t ---:\t ---:\t ---:\t ---:\t ---:\t ---:\t ---\t")
	for _, r := range rows {
		t := r.Timing
		q := "—"
		if r.Quality != nil {
			q = fmt.Sprintf("%.3f / %.3f / %.3f", r.Quality.Precision, r.Quality.Recall, r.Quality.F1)
		}
		rss := "—"
		if t.MaxRSS > 0 {
			rss = fmt.Sprintf("%.0f", float64(t.MaxRSS)/(1<<20))
		}
		name := r.Name
		if r.Note != "" {
			name += " (" + r.Note + ")"
		}
		if r.Failed() {
			fmt.Fprintf(tw, "| %s\t %s\t %s\t %d\t %d\t %.1f\t —\t —\t —\t —\t —\t —\t %s\t\n", r.Set, name, r.Input, r.Cores, t.Pages, float64(t.Bytes)/1e6, q)
			continue
		}
		fmt.Fprintf(tw, "| %s\t %s\t %s\t %d\t %d\t %.1f\t %.2f\t %.2f\t %.1f\t %.2f\t %.2f\t %s\t %s\t\n",
			r.Set, name, r.Input, r.Cores, t.Pages, float64(t.Bytes)/1e6, t.Wall.Seconds(), t.CPU.Seconds(),
			t.PagesPerSec(), t.MBPerSec(), t.MBPerCPUSec(), rss, q)
	}
	tw.Flush()
}

// Sum adds up the timings of rows (pages, bytes, wall and CPU time; the
// largest RSS).
func Sum(rows []Row) Timing {
	var s Timing
	for _, r := range rows {
		s.Pages += r.Timing.Pages
		s.Bytes += r.Timing.Bytes
		s.Wall += r.Timing.Wall
		s.CPU += r.Timing.CPU
		s.Errors += r.Timing.Errors
		s.MaxRSS = max(s.MaxRSS, r.Timing.MaxRSS)
		s.Workers = r.Timing.Workers
	}
	return s
}

// Machine describes this machine for the report: cores, CPU model, memory,
// Go version, kernel.
func Machine() string {
	var b strings.Builder
	fmt.Fprintf(&b, "- cores (nproc): %d\n", runtime.NumCPU())
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				fmt.Fprintf(&b, "- CPU: %s\n", strings.TrimSpace(v))
				break
			}
		}
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		if line, _, ok := strings.Cut(string(data), "\n"); ok {
			fmt.Fprintf(&b, "- memory: %s\n", strings.Join(strings.Fields(line)[1:], " "))
		}
	}
	fmt.Fprintf(&b, "- Go: %s (%s/%s)\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if out, err := exec.Command("uname", "-sr").Output(); err == nil {
		fmt.Fprintf(&b, "- kernel: %s\n", strings.TrimSpace(string(out)))
	}
	fmt.Fprintf(&b, "- load average at start (1, 5, 15 min): %s\n", LoadAvg())
	return b.String()
}

// LoadAvg returns the 1, 5 and 15 minute load averages of /proc/loadavg:
// above about 0.3 something else is using the cores and wall times suffer.
func LoadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], ", ")
}
