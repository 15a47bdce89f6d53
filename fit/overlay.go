package fit

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/newslint/newslint/rules"
)

// WriteOverlay writes m as a rules file that, loaded over set's rules
// (newslint --config), gives them m's weights and structure: the
// structure scores under settings, then one `- id: … / weight: …` entry
// per fitted rule, in set's order. Numbers are rounded to three decimals,
// so that the file is the same for the same fit. comment, if not empty,
// heads the file as comment lines.
func WriteOverlay(w io.Writer, set *rules.Set, m Model, comment string) error {
	bw := bufio.NewWriter(w)
	for _, l := range strings.Split(strings.TrimRight(comment, "\n"), "\n") {
		if l != "" || comment != "" {
			fmt.Fprintf(bw, "# %s\n", l)
		}
	}
	fmt.Fprintf(bw, "version: 1\n\nsettings:\n  structure:\n")
	vec := m.Structure.Vector()
	for k, name := range rules.StructureNames {
		fmt.Fprintf(bw, "    %s: %s\n", name, num(vec[k]))
	}
	fmt.Fprintf(bw, "\nrules:\n")
	for _, r := range set.Rules {
		v, ok := m.Weights[r.ID]
		c, end := m.EndCosts[r.ID]
		if !ok && !end {
			continue
		}
		fmt.Fprintf(bw, "  - id: %s\n", r.ID)
		if ok {
			fmt.Fprintf(bw, "    weight: %s\n", num(v))
		}
		if end {
			fmt.Fprintf(bw, "    ends-article: %s\n", num(c))
		}
	}
	return bw.Flush()
}

// num formats x with at most three decimals and no trailing zeros.
func num(x float64) string {
	x = math.Round(x*1000) / 1000
	if x == 0 {
		return "0"
	}
	s := fmt.Sprintf("%.3f", x)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
