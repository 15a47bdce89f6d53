package detect

import "testing"

func TestQuantityLine(t *testing.T) {
	for in, want := range map[string]bool{
		"125 g\tMehl": true, "125g Butter": true, "1/2 tsp sea salt": true, "½ Tasse Milch": true,
		"2 - 3 EL Öl": true, "1,5 kg Kartoffeln": true, "300 ml": true, "2 łyżki": true, "1-2 Spritzer Bitter": true,
		"500g / Espresso / Ganze Bohnen": false, "2024 wurden 300 Tonnen geerntet": false,
		"3 Kommentare": false, "12.04.2020": false, "Mehl": false, "125 Gäste kamen": false,
	} {
		if got := quantityLine(in, 3); got != want {
			t.Errorf("quantityLine(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestTableCells(t *testing.T) {
	for in, want := range map[string]int{
		"Breite in cm\t190,0": 2, "Sparte\t2022\t2023": 3, "Größe\tS\tM\tL": 4, "Summe\t\u00a0\t876": 2,
		"8\t9\t10\t11\t12": 0, "M\tD\tM\tD\tF": 0, "Ein Satz ohne Tabulator.": 0,
	} {
		if got := tableCells(in); got != want {
			t.Errorf("tableCells(%q) = %d, want %d", in, got, want)
		}
	}
}
