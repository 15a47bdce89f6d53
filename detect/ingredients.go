package detect

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/newslint/newslint/rules"
)

// A recipe's ingredients are a list of quantities with units ("125 g
// Mehl", "2 EL Zucker", "1/2 tsp salt"), the quantity sometimes on a line
// of its own above the ingredient. Each line is short and full of digits,
// so the shape rules take it for a label; a run of them is article text.
const (
	// ingredientMin is how many quantity lines make a list.
	ingredientMin = 3
	// ingredientGap is how many lines may separate two quantity lines of
	// one list (an ingredient name under its quantity, a "For the
	// filling:" heading).
	ingredientGap = 3
	// ingredientWords is the most words a quantity line may have.
	ingredientWords = 14
)

// units are measures that follow a quantity in a list of ingredients, in
// the languages of the stopword lists; matched on the lower-cased word
// after the number.
// It is built on first use, not at every start.
var units = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, u := range strings.Fields(`g gr gramm grams gram gramos grammes grammi gramas gramów gramy kg mg ml l cl dl liter litre liters litres
		el tl msp pck päckchen prise prisen becher dose dosen bund zehe zehen scheibe scheiben
		stück stk tasse tassen glas handvoll spritzer tropfen würfel packung
		cup cups tbsp tbs tsp tablespoon tablespoons teaspoon teaspoons oz ounce ounces lb lbs pound pounds
		pinch clove cloves can cans slice slices stick sticks bunch handful dash
		cuillère cuillères càs càc pincée pincées gousse gousses tranche tranches verre sachet
		cucharada cucharadas cucharadita cucharaditas taza tazas pizca diente dientes
		cucchiaio cucchiai cucchiaino cucchiaini pizzico spicchio spicchi bicchiere
		eetlepel eetlepels theelepel theelepels snufje teen teentjes
		łyżka łyżki łyżek łyżeczka łyżeczki szklanka szklanki szczypta ząbek ząbki opakowanie sztuka sztuki sztuk
		pièce pièces pezzo pezzi pieza piezas stuks
		colher colheres xícara xícaras pitada dente dentes`) {
		m[u] = true
	}
	return m
})

// quantityLine reports whether a line starts with a quantity and a unit:
// "125 g", "125g Mehl", "1/2 tsp", "½ Tasse", "2 - 3 EL", "1,5 kg".
func quantityLine(t string, words float64) bool {
	if words > ingredientWords {
		return false
	}
	i, digits := 0, 0
	for i < len(t) {
		r, size := utf8.DecodeRuneInString(t[i:])
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("½¼¾⅓⅔⅛", r):
			digits++
		case (r == '.' || r == ',' || r == '/' || r == '-' || r == '–') && digits > 0:
		case r == ' ' && digits > 0 && i+1 < len(t) && strings.ContainsRune("0123456789-–/½¼¾", rune(t[i+1])):
		default:
			goto unit
		}
		i += size
	}
unit:
	if digits == 0 || digits > 4 {
		return false
	}
	rest := strings.TrimLeft(t[i:], " \t")
	end := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(rest)
	}
	if end == 0 {
		return false
	}
	if !units()[strings.ToLower(rest[:end])] {
		return false
	}
	// "500g / Espresso / Bohnen" is a product option in a shop, not an
	// ingredient.
	after := strings.TrimLeft(rest[end:], " .\t")
	return !strings.HasPrefix(after, "/") && !strings.HasPrefix(after, "|")
}

// bareQuantity reports whether a quantity line holds nothing after its
// unit ("300 ml"): the ingredient is on the next line.
func bareQuantity(ls *lineState) bool { return ls.f[rules.FWords] <= 2 }

// ingredients sets FIngredientList on the lines of lists of quantities:
// the quantity lines and the lines between them.
func (s *scan) ingredients() {
	quantity := func(i int) bool {
		ls := &s.lines[i]
		if !quantityLine(ls.text, ls.f[rules.FWords]) {
			return false
		}
		// A bare quantity needs its ingredient on the next line: two
		// bare quantities in a row are a list of sizes or prices.
		if bareQuantity(ls) && i+1 < len(s.lines) {
			if n := &s.lines[i+1]; bareQuantity(n) && quantityLine(n.text, n.f[rules.FWords]) {
				return false
			}
		}
		return true
	}
	eachRun(len(s.lines), ingredientGap, quantity, func(first, last, count int) {
		if count < ingredientMin {
			return
		}
		end := last
		// An ingredient under the last quantity belongs to it.
		if n := last + 1; n < len(s.lines) && s.lines[n].f[rules.FWords] <= 4 && bareQuantity(&s.lines[last]) {
			end = n
		}
		// So does a heading ending in a colon above the first quantity
		// ("Für den Teig:").
		if p := first - 1; p >= 0 && s.lines[p].f[rules.FEndsColon] == 1 && s.lines[p].f[rules.FWords] <= 5 {
			first = p
		}
		for k := first; k <= end; k++ {
			s.lines[k].f[rules.FIngredientList] = 1
		}
	})
}
