package htmltext

import (
	"os"
	"testing"
)

// BenchmarkParse renders every bench page, with and without readability.
// One op is one page; MB/s counts HTML bytes.
func BenchmarkParse(b *testing.B) {
	pages := benchPages(b)
	srcs := make([][]byte, len(pages))
	total := 0
	for i, bp := range pages {
		src, err := os.ReadFile(bp.htmlPath)
		if err != nil {
			b.Fatal(err)
		}
		srcs[i] = src
		total += len(src)
	}
	for _, c := range []struct {
		name string
		opt  Options
	}{
		{"plain", Options{}},
		{"readability", Options{Readability: true}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(total / len(srcs)))
			i := 0
			for b.Loop() {
				ParseBytes("bench", srcs[i%len(srcs)], c.opt)
				i++
			}
		})
	}
}
