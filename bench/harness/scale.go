package harness

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"time"
)

// GenerateTextCorpus fills dir with copies of the innertext pages of sets,
// dir/rNNN/<set>/<id>.txt, until at least target bytes are written. It
// returns the number of files and bytes.
func GenerateTextCorpus(dir string, sets []*Set, target int64) (files int, bytes int64, err error) {
	for rep := 0; bytes < target; rep++ {
		for _, s := range sets {
			sub := filepath.Join(dir, fmt.Sprintf("r%03d", rep), s.Name)
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return files, bytes, err
			}
			for _, p := range s.Text {
				if err := os.WriteFile(filepath.Join(sub, p.ID+".txt"), p.Data, 0o644); err != nil {
					return files, bytes, err
				}
				files++
				bytes += int64(len(p.Data))
			}
		}
		if rep == 0 && bytes == 0 {
			return 0, 0, fmt.Errorf("no innertext pages to repeat")
		}
	}
	return files, bytes, nil
}

// JSONLCorpus writes JSON Lines records {"id", "url", "text"} made from the
// innertext pages of sets, repeated, until at least target bytes.
type JSONLCorpus struct {
	records [][]byte // one encoded record per page, without the id
	ids     []string
}

// NewJSONLCorpus encodes the pages of sets once.
func NewJSONLCorpus(sets []*Set) (*JSONLCorpus, error) {
	c := &JSONLCorpus{}
	for _, s := range sets {
		for _, p := range s.Text {
			rest, err := json.Marshal(struct {
				URL  string `json:"url"`
				Text string `json:"text"`
			}{p.URL, string(p.Data)})
			if err != nil {
				return nil, err
			}
			c.records = append(c.records, rest[1:]) // `"url":…,"text":…}`
			c.ids = append(c.ids, s.Name+"/"+p.ID)
		}
	}
	if len(c.records) == 0 {
		return nil, fmt.Errorf("no innertext pages to repeat")
	}
	return c, nil
}

// WriteTo writes records to w until at least target bytes; it returns the
// bytes and records written.
func (c *JSONLCorpus) WriteTo(w io.Writer, target int64) (bytes int64, records int, err error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	for rep := 0; bytes < target; rep++ {
		for i, rec := range c.records {
			n, err := fmt.Fprintf(bw, `{"id":"r%04d/%s",`, rep, c.ids[i])
			if err != nil {
				return bytes, records, err
			}
			m, err := bw.Write(rec)
			if err != nil {
				return bytes, records, err
			}
			if err := bw.WriteByte('\n'); err != nil {
				return bytes, records, err
			}
			bytes += int64(n + m + 1)
			records++
		}
	}
	return bytes, records, bw.Flush()
}

// WriteFile writes the corpus to path; see WriteTo.
func (c *JSONLCorpus) WriteFile(path string, target int64) (int64, int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	n, recs, err := c.WriteTo(f, target)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, recs, err
}

// Startup is the time to run one short command.
type Startup struct {
	Tool                     string // "hyperfine" or "loop"
	Runs                     int
	Mean, Median, Min, Stdev time.Duration
	CPU                      time.Duration // mean user + system time of a run
}

// MeasureStartup times c runs times: with hyperfine (-N, 5 warm-up runs,
// exit codes ignored) when it is installed, else in a loop of Command.Run.
func MeasureStartup(c Command, runs int) (Startup, error) {
	if hf, err := exec.LookPath("hyperfine"); err == nil {
		return hyperfine(hf, c, runs)
	}
	var ds []time.Duration
	var cpu time.Duration
	for i := 0; i < runs+5; i++ {
		t, err := c.Run()
		if err != nil {
			return Startup{}, err
		}
		if i >= 5 {
			ds = append(ds, t.Wall)
			cpu += t.CPU
		}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	var sum, sq float64
	for _, d := range ds {
		sum += d.Seconds()
	}
	mean := sum / float64(len(ds))
	for _, d := range ds {
		sq += (d.Seconds() - mean) * (d.Seconds() - mean)
	}
	return Startup{Tool: "loop", Runs: len(ds), Mean: secs(mean), Median: ds[len(ds)/2], Min: ds[0],
		Stdev: secs(math.Sqrt(sq / float64(len(ds)))), CPU: cpu / time.Duration(len(ds))}, nil
}

func hyperfine(hf string, c Command, runs int) (Startup, error) {
	tmp, err := os.CreateTemp("", "hyperfine-*.json")
	if err != nil {
		return Startup{}, err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	cmdline := shellQuote(c.Bin)
	for _, a := range c.Args {
		cmdline += " " + shellQuote(a)
	}
	cmd := exec.Command(hf, "-N", "-i", "--warmup", "5", "--runs", fmt.Sprint(runs), "--style", "none", "--export-json", tmp.Name(), cmdline)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return Startup{}, fmt.Errorf("hyperfine: %w", err)
	}
	data, err := os.ReadFile(tmp.Name())
	if err != nil {
		return Startup{}, err
	}
	var doc struct {
		Results []struct {
			Mean, Stddev, Median, Min, User, System float64
			Times                                   []float64
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil || len(doc.Results) == 0 {
		return Startup{}, fmt.Errorf("hyperfine output: %v", err)
	}
	r := doc.Results[0]
	return Startup{Tool: "hyperfine", Runs: len(r.Times), Mean: secs(r.Mean), Median: secs(r.Median), Min: secs(r.Min), Stdev: secs(r.Stddev),
		CPU: secs(r.User + r.System)}, nil
}

func secs(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

func shellQuote(s string) string {
	safe := true
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '/' || r == '.' || r == '_' || r == '-') {
			safe = false
			break
		}
	}
	if safe && s != "" {
		return s
	}
	out := "'"
	for _, r := range s {
		if r == '\'' {
			out += `'\''`
		} else {
			out += string(r)
		}
	}
	return out + "'"
}
