package server

import (
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestZZShots(t *testing.T) {
	base := os.Getenv("SHOT_BASE")
	if base == "" {
		t.Skip()
	}
	s := &session{t: t, ctx: browser(t)}
	rule := rulesWith(`  - id: share-prompt
    kind: phrases
    label: noise
    category: share
    weight: 6
    description: A bare share prompt.
    phrases: [share this article, share on facebook]
    examples:
      match: ["Share this article"]
      no-match: ["He did not share this view."]
`)
	s.do("open", chromedp.Navigate(base+"/#/page/harbour.example"), chromedp.WaitVisible(css(`.ln[data-num="9"]`)),
		typeInto("#rules-text", rule), chromedp.Sleep(600*time.Millisecond),
		chromedp.Click(css("#apply")), chromedp.WaitVisible(css("#rule-counts")),
		chromedp.Navigate(base+"/#/page/harbour.example/9"), chromedp.WaitVisible(css(`.ln.sel[data-num="9"]`)),
		chromedp.KeyEvent("c"), chromedp.Sleep(200*time.Millisecond),
		chromedp.Click(css(`.ln[data-num="14"]`)), chromedp.KeyEvent("n"), chromedp.Sleep(200*time.Millisecond),
		chromedp.Click(css(`.ln[data-num="18"]`)), chromedp.KeyEvent("n"), chromedp.Sleep(200*time.Millisecond),
		chromedp.Click(css(`.ln[data-num="10"]`)), chromedp.KeyEvent("c"), chromedp.Sleep(200*time.Millisecond),
		chromedp.Click(css(`.ln[data-num="14"]`)), chromedp.Sleep(300*time.Millisecond),
	)
	b, err := chromedp.Run(s.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(os.Getenv("SHOT_OUT"), b, 0o644)
}
