// Command bench measures newslint side by side with go-trafilatura and
// go-readability on the pages of shared/bench, and newslint alone on large
// corpora. Run it from bench/ (see BENCHMARKS.md at the repository root):
//
//	go run ./cmd/bench all        # everything, ending with the table of ratios
//	go run ./cmd/bench peers      # the peers (and newslint as a library) on the bench pages
//	go run ./cmd/bench newslint   # the newslint command on the bench pages
//	go run ./cmd/bench scale      # ~1 GB text corpus, ~1 GB JSONL, streaming RSS, start-up
//
// Tables go to standard output as Markdown, progress to standard error.
package main

import (
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/newslint/newslint/bench/harness"
)

type config struct {
	bench, repo, work, bin string
	peers, sets            []string
	reps                   int
	corpusMB, jsonlMB      int64
	streamMB               int64
	startupRuns            int
	seed                   string
	keep, j1               bool
}

func main() {
	if len(os.Args) < 2 || !slices.Contains([]string{"all", "peers", "newslint", "scale"}, os.Args[1]) {
		fmt.Fprintln(os.Stderr, "usage: bench all|peers|newslint|scale [flags]   (bench MODE -h for the flags)")
		os.Exit(2)
	}
	mode := os.Args[1]
	fs := flag.NewFlagSet("bench "+mode, flag.ExitOnError)
	var c config
	var peers, setNames string
	fs.StringVar(&c.bench, "bench", "", "shared/bench (default: $NEWSLINT_BENCH, else found above the working directory)")
	fs.StringVar(&c.repo, "repo", "", "newslint repository root to build cmd/newslint from (default: found above the working directory)")
	fs.StringVar(&c.work, "work", "", "directory for outputs and generated corpora (default: a new temporary directory)")
	fs.StringVar(&c.bin, "newslint", "", "newslint binary to time (default: build one from -repo)")
	fs.StringVar(&setNames, "sets", strings.Join(harness.Sets, ","), "benchmark sets to measure")
	fs.StringVar(&peers, "peers", "trafilatura,readability,readability-shiori", "peer extractors to run")
	fs.IntVar(&c.reps, "reps", 3, "timed runs of each newslint command after a warm-up run, and of each in-process extractor (the median is reported)")
	fs.Int64Var(&c.corpusMB, "corpus-mb", 1000, "size of the repeated text corpus in MB (0: skip)")
	fs.Int64Var(&c.jsonlMB, "jsonl-mb", 1000, "size of the JSONL corpus in MB (0: skip)")
	fs.Int64Var(&c.streamMB, "stream-mb", 2000, "size of the JSONL piped through standard input for the constant-memory check in MB (0: skip)")
	fs.IntVar(&c.startupRuns, "startup-runs", 50, "runs of newslint lint on one seed for the start-up time")
	fs.StringVar(&c.seed, "seed", "", "page for the start-up time (default: shared/seeds/000_75925f2242121178.txt beside -bench)")
	fs.BoolVar(&c.keep, "keep", false, "keep the generated corpora and outputs in -work")
	fs.BoolVar(&c.j1, "scale-j1", true, "also run the large corpora on one core")
	fs.Parse(os.Args[2:])
	c.peers = strings.Split(peers, ",")
	c.sets = strings.Split(setNames, ",")
	if err := run(mode, &c); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "[%s] "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

func run(mode string, c *config) error {
	var err error
	if c.bench == "" {
		if c.bench, err = harness.FindBench(); err != nil {
			return err
		}
	}
	if c.repo == "" {
		if c.repo, err = findRepo(); err != nil {
			return err
		}
	}
	if c.seed == "" {
		c.seed = filepath.Join(filepath.Dir(c.bench), "seeds", "000_75925f2242121178.txt")
	}
	if c.work == "" {
		if c.work, err = os.MkdirTemp("", "newslint-bench-"); err != nil {
			return err
		}
	}
	if !c.keep {
		defer os.RemoveAll(c.work)
	}
	logf("work directory %s", c.work)

	var sets []*harness.Set
	for _, name := range c.sets {
		s, err := harness.LoadSet(c.bench, name)
		if err != nil {
			return err
		}
		logf("%s: %d pages, %.1f MB HTML, %.1f MB innertext", name, len(s.HTML), float64(harness.Bytes(s.HTML))/1e6, float64(harness.Bytes(s.Text))/1e6)
		sets = append(sets, s)
	}
	if mode != "peers" && c.bin == "" {
		logf("building newslint from %s", c.repo)
		if c.bin, err = harness.BuildNewslint(c.repo, c.work); err != nil {
			return err
		}
	}

	fmt.Printf("## Machine\n\n%s- newslint: %s\n\n", harness.Machine(), commit(c.repo))
	var peerRows, cliRows []harness.Row
	if mode == "all" || mode == "peers" {
		if peerRows, err = runPeers(c, sets); err != nil {
			return err
		}
		fmt.Printf("## Peers and newslint as a library (in process, pages in memory, extraction only)\n\n")
		harness.Table(os.Stdout, peerRows)
		fmt.Println()
	}
	if mode == "all" || mode == "newslint" {
		cliRows = runCLI(c, sets)
		fmt.Printf("## The newslint command (wall time of the whole command: start-up, reading, cleaning, writing --out-dir)\n\n")
		harness.Table(os.Stdout, cliRows)
		fmt.Println()
	}
	if mode == "all" {
		ratios(os.Stdout, peerRows, cliRows)
	}
	if mode == "all" || mode == "scale" {
		if err := runScale(c, sets); err != nil {
			return err
		}
	}
	fmt.Printf("Load average at the end (1, 5, 15 min): %s\n", harness.LoadAvg())
	return nil
}

// commit names the commit of the repository at repo, with "-dirty" when
// the working tree has changes.
func commit(repo string) string {
	out, err := exec.Command("git", "-C", repo, "describe", "--always", "--dirty").Output()
	if err != nil {
		return "unknown commit"
	}
	return "commit " + strings.TrimSpace(string(out))
}

// findRepo walks up from the working directory to the directory holding
// cmd/newslint.
func findRepo() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "cmd", "newslint", "main.go")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("cmd/newslint not found above the working directory; use -repo")
		}
		dir = parent
	}
}

// runPeers times every extractor on every set, on one core then two, and
// scores the one-core output.
func runPeers(c *config, sets []*harness.Set) ([]harness.Row, error) {
	var exs []harness.Extractor
	for _, ex := range harness.Peers() {
		if slices.Contains(c.peers, ex.Name) {
			exs = append(exs, ex)
		}
	}
	lib, err := harness.Library()
	if err != nil {
		return nil, err
	}
	exs = append(exs, lib...)
	var rows []harness.Row
	for _, s := range sets {
		for _, ex := range exs {
			pages := s.HTML
			if ex.Input == "text" {
				pages = s.Text
			}
			var first []string
			for _, cores := range []int{1, 2} {
				logf("%s: %s on %d core(s)", s.Name, ex.Name, cores)
				texts, t, errs := harness.RunInProcess(ex, pages, cores)
				runs := []harness.Timing{t}
				for r := 1; r < c.reps; r++ {
					_, tr, _ := harness.RunInProcess(ex, pages, cores)
					runs = append(runs, tr)
				}
				t = harness.Median(runs)
				row := harness.Row{Set: s.Name, Name: ex.Name, Input: ex.Input, Cores: cores, Timing: t}
				if len(errs) > 0 {
					logf("  %d pages failed, first: %v", len(errs), errs[0])
					row.Note = fmt.Sprintf("%d pages failed", len(errs))
				}
				if cores == 1 {
					first = texts
					dir := filepath.Join(c.work, "out", s.Name, ex.Name)
					if err := harness.WriteOutputs(dir, pages, texts); err != nil {
						return nil, err
					}
					q, err := harness.ScoreDir(s, dir)
					if err != nil {
						return nil, err
					}
					row.Quality = &q
				} else if !slices.Equal(first, texts) {
					row.Note = strings.TrimPrefix(row.Note+"; output differs from the 1-core run", "; ")
				}
				logf("  %.2f s, %.1f pages/s", t.Wall.Seconds(), t.PagesPerSec())
				rows = append(rows, row)
			}
		}
	}
	return rows, nil
}

// runCLI times newslint clean --keep content on each set's innertext and
// HTML, on one core (-j 1, GOMAXPROCS=1) and two (-j 2).
func runCLI(c *config, sets []*harness.Set) []harness.Row {
	var rows []harness.Row
	for _, s := range sets {
		for _, in := range []string{"text", "html"} {
			src, pages := filepath.Join(s.Dir, "innertext"), s.Text
			extra := []string{}
			if in == "html" {
				src, pages = filepath.Join(s.Dir, "html"), s.HTML
				extra = []string{"--ext", ".html", "--input-format", "html"}
			}
			for _, cores := range []int{1, 2} {
				out := filepath.Join(c.work, "cli", s.Name, in, fmt.Sprint(cores))
				args := append([]string{"clean", "--no-config", "--keep", "content", "-j", fmt.Sprint(cores)}, extra...)
				args = append(args, "--out-dir", out, src)
				cmd := harness.Command{Bin: c.bin, Args: args, Cores: cores}
				logf("%s: newslint %s", s.Name, strings.Join(args, " "))
				t, err := harness.Best(cmd, c.reps, func() error { return os.RemoveAll(out) })
				row := harness.Row{Set: s.Name, Name: "newslint clean", Input: in, Cores: cores}
				t.Pages, t.Bytes = len(pages), harness.Bytes(pages)
				row.Timing = t
				if err != nil {
					logf("  failed: %s", firstLine(err.Error(), 300))
					row.Note = "failed: " + firstLine(err.Error(), 60)
				}
				if cores == 2 || err != nil {
					if q, qerr := harness.ScoreDir(s, out); qerr == nil {
						row.Quality = &q
					}
				}
				logf("  %.2f s, %.1f pages/s, %.2f MB/s", t.Wall.Seconds(), t.PagesPerSec(), t.MBPerSec())
				rows = append(rows, row)
			}
		}
	}
	return rows
}

func firstLine(s string, n int) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}

// ratios prints the side-by-side table the issue asks for: newslint's pages
// per second over go-trafilatura's, and the F1 of each, on both sets.
func ratios(w io.Writer, peer, cli []harness.Row) {
	pick := func(rows []harness.Row, name, input string, cores int, set string) []harness.Row {
		var out []harness.Row
		for _, r := range rows {
			if r.Name == name && r.Input == input && r.Cores == cores && (set == "" || r.Set == set) {
				out = append(out, r)
			}
		}
		return out
	}
	sum := func(rows []harness.Row) harness.Timing {
		t := harness.Sum(rows)
		for _, r := range rows {
			if r.Failed() {
				t.Errors++
			}
		}
		return t
	}
	fmt.Fprintf(w, "## Side by side: newslint over go-trafilatura (%d pages)\n\n", harness.Sum(pick(peer, "trafilatura", "html", 1, "")).Pages)
	fmt.Fprintln(w, "Pages per second of wall time, and pages per second of CPU time (user + system), which other load on the machine disturbs less.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| newslint | cores | newslint pages/s | go-trafilatura pages/s | ratio | newslint pages/CPU-s | go-trafilatura pages/CPU-s | ratio | target |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
	line := func(label, nlName, input string, cores int, target string, rows []harness.Row) {
		n, t := sum(pick(rows, nlName, input, cores, "")), sum(pick(peer, "trafilatura", "html", cores, ""))
		ratio := func(a, b float64) string {
			if a > 0 && b > 0 && !math.IsInf(a, 0) && !math.IsInf(b, 0) {
				return fmt.Sprintf("%.1f×", a/b)
			}
			return "—"
		}
		if n.Errors > 0 || n.Pages == 0 {
			fmt.Fprintf(w, "| %s | %d | failed | %.1f | — | — | %.1f | — | %s |\n", label, cores, t.PagesPerSec(), t.PagesPerCPUSec(), target)
			return
		}
		fmt.Fprintf(w, "| %s | %d | %.1f | %.1f | %s | %.1f | %.1f | %s | %s |\n", label, cores,
			n.PagesPerSec(), t.PagesPerSec(), ratio(n.PagesPerSec(), t.PagesPerSec()),
			n.PagesPerCPUSec(), t.PagesPerCPUSec(), ratio(n.PagesPerCPUSec(), t.PagesPerCPUSec()), target)
	}
	for _, cores := range []int{2, 1} {
		line("`clean --keep content` on innertext", "newslint clean", "text", cores, "≥ 100×", cli)
	}
	for _, cores := range []int{2, 1} {
		line("`clean --keep content --input-format html` on HTML", "newslint clean", "html", cores, "≥ 2× at equal or better F1", cli)
	}
	for _, cores := range []int{2, 1} {
		line("library on innertext (in process)", "newslint-lib", "text", cores, "—", peer)
	}
	for _, cores := range []int{2, 1} {
		line("library on HTML (in process)", "newslint-lib-html", "html", cores, "—", peer)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| extractor | input | scrapinghub-aeb P / R / F1 | trafilatura-eval P / R / F1 |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	quality := func(label, input string, rows []harness.Row, cores int) {
		cells := []string{}
		for _, set := range harness.Sets {
			cell := "—"
			for _, r := range pick(rows, label, input, cores, set) {
				if r.Quality != nil {
					cell = fmt.Sprintf("%.3f / %.3f / %.3f", r.Quality.Precision, r.Quality.Recall, r.Quality.F1)
				}
			}
			cells = append(cells, cell)
		}
		fmt.Fprintf(w, "| %s | %s | %s |\n", label, input, strings.Join(cells, " | "))
	}
	quality("newslint clean", "text", cli, 2)
	quality("newslint clean", "html", cli, 2)
	for _, name := range []string{"trafilatura", "readability", "readability-shiori", "newslint-lib", "newslint-lib-html"} {
		if len(pick(peer, name, "html", 1, "")) > 0 {
			quality(name, "html", peer, 1)
		} else {
			quality(name, "text", peer, 1)
		}
	}
	fmt.Fprintln(w)
}

// runScale measures the large corpora and the start-up time.
func runScale(c *config, sets []*harness.Set) error {
	var rows []harness.Row
	cores := []int{2}
	if c.j1 {
		cores = append(cores, 1)
	}
	if c.corpusMB > 0 {
		dir := filepath.Join(c.work, "corpus")
		logf("writing a %d MB text corpus to %s", c.corpusMB, dir)
		files, n, err := harness.GenerateTextCorpus(dir, sets, c.corpusMB*1e6)
		if err != nil {
			return err
		}
		logf("  %d files, %.0f MB", files, float64(n)/1e6)
		for _, j := range cores {
			out := filepath.Join(c.work, "corpus-out")
			os.RemoveAll(out)
			args := []string{"clean", "--no-config", "--keep", "content", "-j", fmt.Sprint(j), "--out-dir", out, dir}
			logf("newslint %s", strings.Join(args, " "))
			t, err := harness.Command{Bin: c.bin, Args: args, Cores: j}.Run()
			t.Pages, t.Bytes = files, n
			row := harness.Row{Set: fmt.Sprintf("text corpus %.0f MB", float64(n)/1e6), Name: "newslint clean --out-dir", Input: "text", Cores: j, Timing: t}
			if err != nil {
				row.Note = "failed: " + firstLine(err.Error(), 60)
				logf("  failed: %s", firstLine(err.Error(), 300))
			}
			logf("  %.1f s, %.1f MB/s", t.Wall.Seconds(), t.MBPerSec())
			rows = append(rows, row)
			os.RemoveAll(out)
		}
		os.RemoveAll(dir)
	}
	var determinism string
	if c.jsonlMB > 0 || c.streamMB > 0 {
		corpus, err := harness.NewJSONLCorpus(sets)
		if err != nil {
			return err
		}
		if c.jsonlMB > 0 {
			path := filepath.Join(c.work, "corpus.jsonl")
			logf("writing a %d MB JSONL corpus to %s", c.jsonlMB, path)
			n, recs, err := corpus.WriteFile(path, c.jsonlMB*1e6)
			if err != nil {
				return err
			}
			var sums []string
			for _, j := range cores {
				outPath := filepath.Join(c.work, fmt.Sprintf("corpus-out-%d.jsonl", j))
				out, err := os.Create(outPath)
				if err != nil {
					return err
				}
				args := []string{"clean", "--no-config", "--keep", "content", "-j", fmt.Sprint(j), path}
				logf("newslint %s > %s", strings.Join(args, " "), outPath)
				t, err := harness.Command{Bin: c.bin, Args: args, Cores: j, Stdout: out}.Run()
				out.Close()
				t.Pages, t.Bytes = recs, n
				row := harness.Row{Set: fmt.Sprintf("JSONL file %.0f MB", float64(n)/1e6), Name: "newslint clean FILE.jsonl", Input: "jsonl", Cores: j, Timing: t}
				if err != nil {
					row.Note = "failed: " + firstLine(err.Error(), 60)
					logf("  failed: %s", firstLine(err.Error(), 300))
				} else {
					sums = append(sums, fileSum(outPath))
				}
				logf("  %.1f s, %.1f MB/s, peak RSS %.0f MB", t.Wall.Seconds(), t.MBPerSec(), float64(t.MaxRSS)/(1<<20))
				rows = append(rows, row)
				os.Remove(outPath)
			}
			if len(sums) == 2 {
				determinism = fmt.Sprintf("JSONL output with -j 2 and -j 1: sha256 %s and %s (%s)", sums[0][:16], sums[1][:16],
					map[bool]string{true: "identical", false: "DIFFERENT"}[sums[0] == sums[1]])
			}
			os.Remove(path)
		}
		if c.streamMB > 0 {
			for _, mb := range []int64{c.streamMB / 4, c.streamMB} {
				row, err := stream(c, corpus, mb)
				if err != nil {
					return err
				}
				rows = append(rows, row)
			}
		}
	}
	if len(rows) > 0 {
		fmt.Printf("## Large corpora (the bench pages repeated; wall time of the whole command)\n\n")
		harness.Table(os.Stdout, rows)
		fmt.Println()
		if determinism != "" {
			fmt.Printf("%s\n\n", determinism)
		}
	}
	if c.startupRuns > 0 {
		logf("start-up: newslint lint %s, %d runs", c.seed, c.startupRuns)
		st, err := harness.MeasureStartup(harness.Command{Bin: c.bin, Args: []string{"lint", "--no-config", c.seed}}, c.startupRuns)
		if err != nil {
			return err
		}
		fmt.Printf("## Start-up\n\n`newslint lint --no-config %s` (%s, %d runs): mean %.1f ms ± %.1f ms, median %.1f ms, min %.1f ms; CPU (user + system) %.1f ms a run\n\n",
			filepath.Base(c.seed), st.Tool, st.Runs, ms(st.Mean), ms(st.Stdev), ms(st.Median), ms(st.Min), ms(st.CPU))
	}
	return nil
}

// stream pipes mb megabytes of JSONL through newslint clean - and returns
// the run with its peak RSS.
func stream(c *config, corpus *harness.JSONLCorpus, mb int64) (harness.Row, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return harness.Row{}, err
	}
	type res struct {
		n    int64
		recs int
		err  error
	}
	done := make(chan res, 1)
	go func() {
		n, recs, err := corpus.WriteTo(w, mb*1e6)
		w.Close()
		done <- res{n, recs, err}
	}()
	args := []string{"clean", "--no-config", "--keep", "content", "-"}
	logf("%d MB of JSONL | newslint %s > /dev/null", mb, strings.Join(args, " "))
	t, err := harness.Command{Bin: c.bin, Args: args, Stdin: r}.Run()
	r.Close()
	g := <-done
	t.Pages, t.Bytes = g.recs, g.n
	row := harness.Row{Set: fmt.Sprintf("JSONL stdin %.0f MB", float64(g.n)/1e6), Name: "newslint clean -", Input: "jsonl", Cores: 2, Timing: t}
	if err != nil {
		row.Note = "failed: " + firstLine(err.Error(), 60)
		logf("  failed: %s", firstLine(err.Error(), 300))
	}
	logf("  %.1f s, %.1f MB/s, peak RSS %.0f MB", t.Wall.Seconds(), t.MBPerSec(), float64(t.MaxRSS)/(1<<20))
	return row, nil
}

func fileSum(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return err.Error()
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
