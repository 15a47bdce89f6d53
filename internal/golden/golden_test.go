package golden

import (
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	long := strings.Repeat("x", 500)
	a := "same\n{\"text\":\"" + long + "a\"}\nend\n"
	b := "same\n{\"text\":\"" + long + "b\"}\nend\n"
	got := Diff(a, b)
	for _, want := range []string{"@@ -1,3 +1,3 @@\n same\n-{\"text\":", "\n+{\"text\":", "bytes…] xxx", "first difference at byte 510:\n", `xxxb\"}\n"`, "\n end\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("Diff lacks %q:\n%s", want, got)
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if len(l) > 320 {
			t.Errorf("line of %d bytes not shortened", len(l))
		}
	}
}
