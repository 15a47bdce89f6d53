package server

import (
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestZZShots(t *testing.T) {
	s := &session{t: t, ctx: browser(t)}
	f := newFixture(t, "")
	base := serve(t, f)
	shot := func(name string) {
		b, err := chromedp.Run(s.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile("/tmp/shot-"+name+".png", b, 0o644)
	}
	s.do("corpus", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`tr.row`)))
	shot("corpus")
	s.do("group", chromedp.Click(css(`#group`)), chromedp.WaitVisible(css(`#corpus tr.site`)))
	shot("group")
	s.do("apply", typeInto("#rules-text", keepShare), chromedp.Sleep(500*time.Millisecond), chromedp.Click(css(`#apply`)), chromedp.WaitVisible(css(`.pagechange`)), chromedp.Click(css(`button.show-diff`)), chromedp.WaitVisible(css(`.diff`)))
	shot("changes")
	s.do("labels", chromedp.Navigate(base+"/#/labels"), chromedp.Sleep(300*time.Millisecond))
	shot("labels")
}
