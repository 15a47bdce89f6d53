package rules

import (
	"fmt"
	"sort"
	"strings"
)

// Feature is a measurable property of a line that rule conditions test.
// The detector computes every feature for every line.
type Feature uint8

// The features. Numbers are counts or ratios; booleans are 0 or 1.
const (
	FChars            Feature = iota // characters (runes), trimmed
	FWords                           // words: runs of letters and digits in any script
	FStopwords                       // words that are stopwords of the page language
	FStopwordDensity                 // stopwords / words
	FLinkDensity                     // share of characters inside links (HTML input)
	FUpperRatio                      // upper-case letters / letters
	FDigitRatio                      // digits / non-space characters
	FTitleCaseRatio                  // words starting with an upper-case letter / words
	FSentences                       // sentence ends (. ! ? …) followed by space or line end
	FAvgWordLength                   // mean word length in characters
	FTerminalPunct                   // ends with . ! ? or one of them before a closing quote or bracket
	FEndsColon                       // ends with ':'
	FEndsEllipsis                    // ends with "..." or "…", optionally bracketed
	FIndex                           // 0-based index among non-blank lines
	FFromEnd                         // non-blank lines after this one
	FPosition                        // index / (non-blank lines - 1), 0 at the top
	FRepeats                         // times the same line occurs on the page
	FSitePages                       // pages of the same site in this run that hold the line
	FSiteShare                       // site-pages / pages of the site in this run (0 without corpus evidence)
	FHeading                         // HTML heading level 1-6, 0 otherwise
	FListItem                        // inside an HTML list item
	FInArticle                       // inside the node the readability library picked
	FCaptionElem                     // inside <figcaption>, or <figure> outside a wrapped table, quote or listing
	FBlankBefore                     // a blank line separates it from the previous line
	FBlankAfter                      // a blank line separates it from the next line
	FIngredientList                  // in a list of quantities with units ("125 g Mehl", "2 tbsp oil")
	FTableRow                        // in a run of table rows: cells separated by a tab, as innerText gives a table
	FEnumerated                      // in a run of lines that start with consecutive ordinals ("1)", "2)") or with dates ("June 9")
	FUnitRun                         // in a run of units: numbered entries ("79'", "Schritt 3"), label lines ("Price: …") or numbered posts ("#12"), with text between
	FScore                           // the line's first-pass score (structural)
	FContextScore                    // mean first-pass score of the nearest lines on each side (structural)
	FBlock                           // before, inside, in an inset set into, or after the article (structural)
	FLinesToBlock                    // non-blank lines between this line and the block start, 0 inside (structural)
	FLinesIntoBlock                  // non-blank lines between the block start and this line inside it, 0 outside (structural)
	FTeaserUnit                      // part of a run of repeating teaser units (structural)
	FAfterEnd                        // after an end-of-article marker (structural)
	FTitleCandidate                  // the headline-shaped line(s) closest above the main block (structural)
	FDomHint                         // class/id vocabulary of HTML ancestors (set membership)
	FBlockContainer                  // inside the element that holds the main block's text (HTML, structural)
	FOutsideContainer                // an HTML line outside that element (structural)
	FHeadlineRun                     // in a run of headline-shaped lines with no blank line between them (structural)
	NumFeatures
)

type featureInfo struct {
	name       string
	kind       valueKind
	structural bool
	doc        string
}

type valueKind uint8

const (
	vNumber valueKind = iota
	vBool
	vEnum
	vSet
)

var features = [NumFeatures]featureInfo{
	FChars:            {"chars", vNumber, false, "characters in the trimmed line"},
	FWords:            {"words", vNumber, false, "words (letter/digit runs, any script)"},
	FStopwords:        {"stopwords", vNumber, false, "stopwords of the page language"},
	FStopwordDensity:  {"stopword-density", vNumber, false, "stopwords / words"},
	FLinkDensity:      {"link-density", vNumber, false, "share of characters inside links (HTML)"},
	FUpperRatio:       {"upper-ratio", vNumber, false, "upper-case letters / letters"},
	FDigitRatio:       {"digit-ratio", vNumber, false, "digits / non-space characters"},
	FTitleCaseRatio:   {"title-case-ratio", vNumber, false, "capitalised words / words"},
	FSentences:        {"sentences", vNumber, false, "sentence ends"},
	FAvgWordLength:    {"avg-word-length", vNumber, false, "mean word length"},
	FTerminalPunct:    {"terminal-punct", vBool, false, "ends a sentence (. ! ?)"},
	FEndsColon:        {"ends-colon", vBool, false, "ends with a colon"},
	FEndsEllipsis:     {"ends-ellipsis", vBool, false, "ends with .., ... or …"},
	FIndex:            {"index", vNumber, false, "0-based index among non-blank lines"},
	FFromEnd:          {"from-end", vNumber, false, "non-blank lines after this one"},
	FPosition:         {"position", vNumber, false, "relative position, 0 top to 1 bottom"},
	FRepeats:          {"repeats", vNumber, false, "occurrences of the line on the page"},
	FSitePages:        {"site-pages", vNumber, false, "pages of the same site in this run holding the line"},
	FSiteShare:        {"site-share", vNumber, false, "share of the site's pages in this run holding the line"},
	FHeading:          {"heading", vNumber, false, "HTML heading level, 0 if none"},
	FListItem:         {"list-item", vBool, false, "inside an HTML list item"},
	FInArticle:        {"in-article", vBool, false, "inside readability's article node (HTML)"},
	FCaptionElem:      {"caption-element", vBool, false, "inside <figure>/<figcaption> (HTML)"},
	FBlankBefore:      {"blank-before", vBool, false, "a blank line comes before it"},
	FBlankAfter:       {"blank-after", vBool, false, "a blank line comes after it"},
	FIngredientList:   {"ingredient-list", vBool, false, "in a list of three or more quantities with units (a recipe's ingredients)"},
	FTableRow:         {"table-row", vBool, false, "in a run of three or more lines whose cells a tab separates (a table's rows)"},
	FEnumerated:       {"enumerated", vBool, false, "in a run of three or more lines that start with consecutive ordinals or with dates (a list of the article)"},
	FUnitRun:          {"unit-run", vBool, false, "in a run of three or more units with text between them: numbered entries (a ticker's minutes, a recipe's steps), repeated labels (a round-up's \"Price:\") or numbered posts"},
	FScore:            {"score", vNumber, true, "first-pass score of the line"},
	FContextScore:     {"context-score", vNumber, true, "mean first-pass score of the neighbours"},
	FBlock:            {"block", vEnum, true, "before, inside, in an inset set into, or after the article"},
	FLinesToBlock:     {"lines-to-block", vNumber, true, "non-blank lines to the main block (0 inside)"},
	FLinesIntoBlock:   {"lines-into-block", vNumber, true, "non-blank lines from the main block's first line (0 outside)"},
	FTeaserUnit:       {"teaser-unit", vBool, true, "in a run of repeating teaser units"},
	FAfterEnd:         {"after-end-marker", vBool, true, "after an end-of-article marker"},
	FTitleCandidate:   {"title-candidate", vBool, true, "the headline above the main block (or the line matching the page title)"},
	FDomHint:          {"dom-hint", vSet, false, "class/id words of HTML ancestors (any of)"},
	FBlockContainer:   {"block-container", vBool, true, "inside the smallest element holding most text of the main block (HTML)"},
	FOutsideContainer: {"outside-block-container", vBool, true, "an HTML line outside the element holding most text of the main block"},
	FHeadlineRun:      {"headline-run", vBool, true, "in a run of three or more headline-shaped lines (no sentence end, 4 to 16 words) with no blank line between them"},
}

// BlockValues are the values of the block feature, in their numeric order.
var BlockValues = []string{"before", "inside", "inset", "after"}

func (f Feature) String() string {
	if f < NumFeatures {
		return features[f].name
	}
	return fmt.Sprintf("feature(%d)", f)
}

// Structural reports whether the feature is known only after the first pass.
func (f Feature) Structural() bool { return f < NumFeatures && features[f].structural }

// Doc is a one-line description of the feature.
func (f Feature) Doc() string { return features[f].doc }

// FeatureNames lists the names usable in `when:` conditions, sorted.
func FeatureNames() []string {
	var out []string
	for _, fi := range features {
		out = append(out, fi.name)
	}
	sort.Strings(out)
	return out
}

func lookupFeature(name string) (Feature, bool) {
	for i, fi := range features {
		if fi.name == name {
			return Feature(i), true
		}
	}
	return 0, false
}

// Cond is one condition of a rule's `when:` block. Number features test
// Min <= v <= Max; booleans test v == Bool; block tests membership in Enum;
// dom-hint tests that any of Set is among the line's hints.
type Cond struct {
	Feature  Feature
	Neighbor int // 0 the line itself, -1 the previous non-blank line, +1 the next
	Min, Max float64
	Set      []string // dom-hint words
}

// Holds reports whether value v satisfies a number, boolean or enum condition.
// Booleans and enums are compiled to ranges, so one comparison serves all.
func (c *Cond) Holds(v float64) bool { return v >= c.Min && v <= c.Max }

func (c Cond) String() string {
	var b strings.Builder
	switch c.Neighbor {
	case -1:
		b.WriteString("prev.")
	case 1:
		b.WriteString("next.")
	}
	b.WriteString(c.Feature.String())
	return b.String()
}
