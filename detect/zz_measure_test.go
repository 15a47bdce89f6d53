package detect_test

import (
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
)

func TestZZMeasure(t *testing.T) {
	e := hostileEngine(t)
	words := strings.Fields("Die Regierung hat am Montag in Berlin eine neue Studie vorgestellt, die zeigt, dass die Zahl der Fälle steigt.")
	var b strings.Builder
	for b.Len() < 1<<20 {
		b.WriteString(words[b.Len()%len(words)])
		b.WriteByte(' ')
	}
	data := []byte(b.String())
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	t0 := time.Now()
	res := e.Run(input.ParseText("x", data), detect.Options{})
	runtime.ReadMemStats(&m1)
	t.Logf("100MB line: %v, alloc %d MB, label %v", time.Since(t0), (m1.TotalAlloc-m0.TotalAlloc)>>20, res.Verdicts[0].Label)
	b.Reset()
	for i := range 1000000 {
		b.WriteString("Zeile ")
		b.WriteString(strconv.Itoa(i))
		b.WriteByte('\n')
	}
	data = []byte(b.String())
	runtime.GC()
	runtime.ReadMemStats(&m0)
	t0 = time.Now()
	res = e.Run(input.ParseText("x", data), detect.Options{})
	runtime.ReadMemStats(&m1)
	t.Logf("1M lines: %v, alloc %d MB, %d verdicts", time.Since(t0), (m1.TotalAlloc-m0.TotalAlloc)>>20, len(res.Verdicts))
}
