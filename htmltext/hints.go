package htmltext

// Hints: class and id tokens that mark boilerplate or content containers.

// hintWords is the vocabulary of page.DOM.Hints. A class or id is split into
// tokens on every character that is not a letter or digit, on camelCase
// humps and between letters and digits ("mostPopular_box2" → most, popular,
// box, 2); a token, or two adjacent tokens joined by "-" or by nothing
// ("most-popular", "nav"+"bar"), that is in hintWords or hintAliases gives
// the hint.
var hintWords = map[string]bool{
	"nav": true, "menu": true, "navbar": true, "breadcrumb": true, "header": true,
	"footer": true, "sidebar": true, "aside": true, "banner": true, "share": true,
	"social": true, "newsletter": true, "cookie": true, "consent": true, "gdpr": true,
	"tags": true, "tag": true, "related": true, "teaser": true, "recommend": true,
	"most-popular": true, "comment": true, "comments": true, "disqus": true,
	"byline": true, "author": true, "meta": true, "timestamp": true, "date": true,
	"ad": true, "ads": true, "advert": true, "sponsor": true, "outbrain": true,
	"taboola": true, "widget": true, "promo": true, "caption": true,
	"subscribe": true, "paywall": true, "login": true, "modal": true, "popup": true,
	"article": true, "content": true, "story": true, "post": true, "entry": true,
	"body": true, "main": true, "text": true,
}

// hintAliases maps common variants to their word in hintWords.
var hintAliases = map[string]string{
	"navigation": "nav", "navi": "nav", "breadcrumbs": "breadcrumb",
	"side-bar": "sidebar", "cookies": "cookie", "recommended": "recommend",
	"recommendations": "recommend", "recommendation": "recommend",
	"teasers": "teaser", "mostpopular": "most-popular", "most-read": "most-popular",
	"mostread": "most-popular", "advertisement": "advert", "advertising": "advert",
	"adverts": "advert", "sponsored": "sponsor", "sponsors": "sponsor",
	"widgets": "widget", "promos": "promo", "promotion": "promo", "captions": "caption",
	"subscription": "subscribe", "authors": "author", "articles": "article",
	"stories": "story", "posts": "post", "entries": "entry", "dateline": "date",
	"pubdate": "date", "popup": "popup", "pop-up": "popup", "signin": "login",
	"sign-in": "login",
}

// elementHints are element names that are hints in themselves.
var elementHints = map[string]string{
	"nav": "nav", "aside": "aside", "footer": "footer", "header": "header",
	"article": "article", "main": "main", "figure": "figure",
}

// appendHints appends to dst the hints of an element's class or id value s
// that dst does not hold yet.
func appendHints(dst []string, s string) []string {
	var toks [32][2]int
	n := 0
	for i := 0; i < len(s) && n < len(toks); {
		if !isAlnum(s[i]) {
			i++
			continue
		}
		j := i + 1
		for ; j < len(s); j++ {
			p, c := s[j-1], s[j]
			if !isAlnum(c) || isDigit(p) != isDigit(c) || isLower(p) && isUpper(c) ||
				isUpper(p) && isUpper(c) && j+1 < len(s) && isLower(s[j+1]) {
				break
			}
		}
		toks[n] = [2]int{i, j}
		n++
		i = j
	}
	var buf [64]byte
	for t := 0; t < n; t++ {
		tok := s[toks[t][0]:toks[t][1]]
		if len(tok) > 20 {
			continue
		}
		b := appendLower(buf[:0], tok)
		dst = addHint(dst, b)
		if t+1 < n {
			next := s[toks[t+1][0]:toks[t+1][1]]
			if len(next) > 20 {
				continue
			}
			k := len(b)
			dst = addHint(dst, appendLower(b, next))
			dst = addHint(dst, appendLower(append(b[:k], '-'), next))
		}
	}
	return dst
}

func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUpper(c) {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isAlnum(c byte) bool { return isUpper(c) || isLower(c) || isDigit(c) }

// addHint appends the hint word for tok, if any, unless dst has it.
func addHint(dst []string, tok []byte) []string {
	w := ""
	if hintWords[string(tok)] {
		w = string(tok)
	} else if a, ok := hintAliases[string(tok)]; ok {
		w = a
	} else {
		return dst
	}
	return addWord(dst, w)
}

func addWord(dst []string, w string) []string {
	for _, h := range dst {
		if h == w {
			return dst
		}
	}
	return append(dst, w)
}
