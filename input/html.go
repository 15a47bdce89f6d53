package input

import (
	"github.com/newslint/newslint/htmltext"
	"github.com/newslint/newslint/page"
)

// ParseHTML renders an HTML page into lines the way a browser shows them,
// keeping what the DOM knows about each line (see package htmltext). URL, if
// known from a JSON record, names the page's site.
func ParseHTML(path string, data []byte, opt Options) (*page.Page, error) {
	return htmltext.ParseBytes(path, data, htmltext.Options{
		Readability:    opt.Readability,
		URL:            opt.URL,
		KeepAriaHidden: true, // as browsers' innerText does
		NoSourceLines:  opt.NoSourceLines,
	}), nil
}
