package detect_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
)

// TestLabelsOnlySameLabels: skipping flag and document rules and the
// feature copies (what clean and eval do) changes no line's label or
// score, and reports nothing; skipping the feature copies alone (what lint
// does) changes no verdict and no finding.
func TestLabelsOnlySameLabels(t *testing.T) {
	e := defaultEngine(t)
	files, _ := filepath.Glob("../testdata/seeds/*.txt")
	more, _ := filepath.Glob("../testdata/corpus/*/*.txt")
	files = append(files, more...)
	if len(files) == 0 {
		t.Fatal("no pages in testdata")
	}
	// A page with findings that change no label: mojibake, an entity, a
	// cut-off ending.
	broken := "Startseite\n\nDer Rat stimmte am Dienstag fÃ¼r das Programm, obwohl mehrere Mitglieder der Opposition EinwÃ¤nde erhoben hatten.\n\n" +
		"Die Entscheidung fiel mit groÃŸer Mehrheit&nbsp;aus, nachdem die Stadt mehr Geld für die Teilnehmer zugesagt hatte.\n\n" +
		"Die Opposition will das Ergebnis genau prüfen und die Frage der Finanzierung im nächsten Jahr erneut stellen, weil die …\n"
	flags := 0
	for _, f := range append(files, "broken.txt") {
		data, err := os.ReadFile(f)
		if f == "broken.txt" {
			data, err = []byte(broken), nil
		}
		if err != nil {
			t.Fatal(err)
		}
		p := input.ParseText(f, data)
		full := e.Run(p, detect.Options{})
		lean := e.Run(p, detect.Options{LabelsOnly: true})
		bare := e.Run(p, detect.Options{NoFeatures: true})
		if len(bare.Docs) != len(full.Docs) {
			t.Errorf("%s: %d document findings with every rule, %d with NoFeatures", f, len(full.Docs), len(bare.Docs))
		}
		for i, v := range full.Verdicts {
			w := bare.Verdicts[i]
			if w.Features != nil || v.Label != w.Label || v.Category != w.Category || v.Score != w.Score || len(v.Flags) != len(w.Flags) || len(v.Hits) != len(w.Hits) {
				t.Errorf("%s:%d: NoFeatures changed the verdict or kept the features", f, v.Num)
			}
		}
		if len(lean.Docs) != 0 {
			t.Errorf("%s: LabelsOnly reported %d document findings", f, len(lean.Docs))
		}
		for i, v := range full.Verdicts {
			w := lean.Verdicts[i]
			flags += len(v.Flags)
			if v.Features == nil || w.Features != nil {
				t.Errorf("%s:%d: features %v with every rule, %v with LabelsOnly", f, v.Num, v.Features != nil, w.Features != nil)
			}
			if v.Label != w.Label || v.Category != w.Category || v.Score != w.Score || len(w.Flags) != 0 {
				t.Errorf("%s:%d: %v %s %.2f with every rule, %v %s %.2f (%d flags) with LabelsOnly", f, v.Num, v.Label, v.Category, v.Score, w.Label, w.Category, w.Score, len(w.Flags))
			}
		}
	}
	if flags == 0 {
		t.Error("no flags in the full run: the test pages exercise nothing")
	}
	t.Logf("%d pages, %d flags in the full run", len(files)+1, flags)
}
