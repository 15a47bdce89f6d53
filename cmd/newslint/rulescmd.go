package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/rules"
)

func runRules(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	var c common
	c.register(fs)
	check := fs.Bool("check", false, "check every rule's examples and the file's syntax; exit 1 when an example fails")
	if code, ok := parseFlags(fs, args, stderr, "[flags]"); !ok {
		return code
	}
	set, err := c.loadRules()
	if err != nil {
		return fail(stderr, err)
	}
	if *check {
		fails := detect.New(set).CheckExamples()
		for _, f := range fails {
			fmt.Fprintln(stdout, f.Error())
		}
		fmt.Fprintf(stdout, "%d rules from %s, %d example failures\n", len(set.Rules), strings.Join(set.Sources, " + "), len(fails))
		if len(fails) > 0 {
			return exitFindings
		}
		return exitOK
	}
	for _, r := range set.Rules {
		state := ""
		if r.Disabled {
			state = " (disabled)"
		}
		cat := r.Category
		if cat == "" {
			cat = "-"
		}
		label, weight := r.Label.String(), fmt.Sprintf("%5.1f", r.Weight)
		switch { // flag and document rules report and do not score
		case r.Kind == rules.Document:
			label, weight = "page", "    -"
		case r.Effect == rules.Flag:
			label, weight = "flag", "    -"
		}
		fmt.Fprintf(stdout, "%-24s %-9s %-8s %-16s %s  %s%s\n", r.ID, r.Kind, label, cat, weight, r.Description, state)
	}
	return exitOK
}
