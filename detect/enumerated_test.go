package detect

import "testing"

func TestEnumStart(t *testing.T) {
	for _, c := range []struct {
		line      string
		kind, num int
	}{
		{"3) Blue Harbour Collection (2 discs)", enumOrdinal, 3},
		{"12. Der letzte Sommer", enumOrdinal, 12},
		{"1.5 million people voted", enumNone, 0},
		{"12.03.2024 Sitzung", enumNone, 0},
		{"June 9 -- City Hall, Springfield", enumDate, 0},
		{"Aug. 2 – Riverside Arena, Lakeview", enumDate, 0},
		{"9. Juni – Stadthalle, Nordstadt", enumDate, 0},
		{"9 juin : Salle des fêtes", enumDate, 0},
		{"March 2019", enumNone, 0},
		{"March 3, 2019 at 4:03 pm", enumNone, 0},
		{"9. Juni 2015", enumNone, 0},
		{"Mayor says the plan will go on", enumNone, 0},
	} {
		k, n := enumStart(c.line)
		if k != c.kind || n != c.num {
			t.Errorf("enumStart(%q) = %d, %d; want %d, %d", c.line, k, n, c.kind, c.num)
		}
	}
}
