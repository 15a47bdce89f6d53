package corpus

// MinPages is the fewest pages a line must be found on to be worth shipping
// in a Table: a line on one page says nothing about a site's template.
const MinPages = 2

// Table holds the counts of a distributed first pass: for each site its
// pages, and the keys (see KeysOf) found on at least MinPages of them with
// their counts, summed across machines. It implements detect.SiteCounts
// with the same answers as Counts over the same pages, for the lines of
// the pages that were counted: such a line is on one page at least, so a
// key the table lacks was found on exactly one. Those are the only lines
// the detector asks about (the lines of the page it scores).
//
// A Table is filled first and then only read; reading is safe from many
// goroutines.
type Table struct {
	lines map[uint64]uint32
	sites map[string]int
}

// NewTable returns an empty table.
func NewTable() *Table {
	return &Table{lines: map[uint64]uint32{}, sites: map[string]int{}}
}

// SetSize records that site has pages pages.
func (t *Table) SetSize(site string, pages int) { t.sites[site] = pages }

// SetKey records that key (of a line or a line shape) was found on pages
// pages of its site.
func (t *Table) SetKey(key uint64, pages int) { t.lines[key] = uint32(pages) }

// Pages returns the number of pages of site that hold a line whose folded
// words are folded: at least 1 on a site with pages (see Table).
func (t *Table) Pages(site, folded string) int {
	if n := t.lines[LineKey(site, folded)]; n > 0 {
		return int(n)
	}
	if t.sites[site] > 0 {
		return 1
	}
	return 0
}

// Size returns the number of pages of site.
func (t *Table) Size(site string) int { return t.sites[site] }
