// Package lang provides stopword lists and per-page language detection for
// newslint's content scoring, where the share of stopwords on a line (its
// stopword density, as in jusText) tells running text from navigation and
// other page furniture.
//
// # Stopwords
//
// StopwordsFor returns the list of one language; Count walks a line once and
// returns its number of words and of stopwords. The lists come from the npm
// package stopwords-iso (MIT licence), one file per language in stopwords/,
// embedded in the binary; stopwords/README.md says how they were made.
// Languages with a list: ar bg ca cs da de el en es fa fi fr he hi hr hu id
// it lt lv nl no pl pt ro ru sk sl sv tr uk vi.
//
// # Words
//
// NextWord and Words walk the words of a text without allocating. A word is
// a maximal run of letters (Unicode category L), combining marks (M) and
// numbers (N), in any script:
//
//   - "2019" and "3" are words; "COVID-19" is the two words "COVID" and
//     "19"; "e-mail" is "e" and "mail". Hyphens, spaces, punctuation and
//     symbols separate words.
//   - An apostrophe (U+0027 ' or U+2019 ’) between two word characters joins
//     them into one word: "don't", "l'homme", "dell'anno", "aujourd'hui". A
//     leading or trailing apostrophe ("'til", "students'") is not part of the
//     word. Such a word is a stopword if it is listed ("don't") or if its part
//     before the first apostrophe is (elided French "l'", Italian "dell'").
//   - The zero-width non-joiner and joiner (U+200C, U+200D), used inside
//     Persian and Indic words, and the soft hyphen (U+00AD), found inside
//     words in scraped German text, also join; the soft hyphen is dropped
//     when folding case.
//
// AppendLower folds case rune by rune with unicode.ToLower: "ÜBER" → "über",
// "STRAßE" → "straße" (ß stays ß, as in the lists). Text is not normalised:
// decomposed accents (e + U+0301) do not match the precomposed list entries.
//
// # Language detection
//
// A Detector takes a page's text and returns its language and a confidence.
// It scores languages written in Latin, Cyrillic, Greek, Arabic, Hebrew and
// Devanagari script by stopwords: each line votes for the language whose
// stopwords it hits most, a hit on a word that several languages list being
// shared among them, and repeated lines count once; when the page has
// enough long lines only they vote. That makes a German article with an
// English cookie banner German and an English article under a German site
// name English, and it does not favour languages with longer lists. Chinese,
// Japanese, Korean and Thai are recognised by script; for Chinese, Japanese
// and Thai, which do not put spaces between words, HasWordBoundaries is false
// and StopwordsFor is nil, so callers should not rely on stopword density.
// An unknown language is "", and callers should degrade gracefully, for
// example by scoring without stopword density.
package lang
