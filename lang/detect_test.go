package lang

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Sentences written for these tests (not taken from any page), one short news
// paragraph per language, about the same made-up event.
var sentences = []struct {
	lang Lang
	text string
}{
	{"de", "Die Stadt hat am Mittwoch beschlossen, dass die neue Brücke über den Fluss erst im nächsten Jahr eröffnet wird, weil es noch Probleme mit dem Fundament gibt."},
	{"en", "The city council said on Tuesday that it would delay the opening of the new bridge until next year, because there are still problems with the foundations."},
	{"fr", "Le conseil municipal a annoncé mardi que l'ouverture du nouveau pont serait reportée à l'année prochaine, car il y a encore des problèmes avec les fondations."},
	{"es", "El ayuntamiento anunció el martes que la apertura del nuevo puente se retrasará hasta el año que viene, porque todavía hay problemas con los cimientos."},
	{"it", "Il consiglio comunale ha annunciato martedì che l'apertura del nuovo ponte sarà rinviata all'anno prossimo, perché ci sono ancora problemi con le fondamenta."},
	{"nl", "De gemeenteraad heeft dinsdag gezegd dat de opening van de nieuwe brug wordt uitgesteld tot volgend jaar, omdat er nog problemen zijn met de fundering."},
	{"pl", "Rada miasta poinformowała we wtorek, że otwarcie nowego mostu zostanie przełożone na przyszły rok, ponieważ wciąż są problemy z fundamentami."},
	{"pt", "A câmara municipal anunciou na terça-feira que a abertura da nova ponte vai ser adiada para o próximo ano, porque ainda há problemas com as fundações."},
	{"sv", "Kommunen meddelade i tisdags att öppningen av den nya bron skjuts upp till nästa år, eftersom det fortfarande finns problem med grunden."},
	{"fi", "Kaupunginvaltuusto kertoi tiistaina, että uuden sillan avaaminen siirtyy ensi vuoteen, koska perustuksissa on yhä ongelmia."},
	{"cs", "Městská rada v úterý oznámila, že otevření nového mostu se odkládá na příští rok, protože jsou stále problémy se základy."},
	{"hu", "A városi tanács kedden bejelentette, hogy az új híd megnyitását jövő évre halasztják, mert még mindig gondok vannak az alapokkal."},
	{"ro", "Consiliul local a anunțat marți că deschiderea noului pod va fi amânată până anul viitor, deoarece încă sunt probleme cu fundația."},
	{"tr", "Belediye meclisi salı günü yeni köprünün açılışının gelecek yıla ertelendiğini, çünkü temelde hâlâ sorunlar olduğunu açıkladı."},
	{"id", "Dewan kota mengumumkan pada hari Selasa bahwa pembukaan jembatan baru akan ditunda sampai tahun depan, karena masih ada masalah dengan fondasinya."},
	{"ru", "Городской совет во вторник сообщил, что открытие нового моста переносится на следующий год, потому что всё ещё есть проблемы с фундаментом."},
	{"uk", "Міська рада у вівторок повідомила, що відкриття нового мосту переноситься на наступний рік, тому що досі є проблеми з фундаментом."},
	{"el", "Το δημοτικό συμβούλιο ανακοίνωσε την Τρίτη ότι τα εγκαίνια της νέας γέφυρας αναβάλλονται για του χρόνου, επειδή υπάρχουν ακόμη προβλήματα με τα θεμέλια."},
	{"da", "Kommunen oplyste tirsdag, at åbningen af den nye bro bliver udskudt til næste år, fordi der stadig er problemer med fundamentet."},
	{"no", "Kommunen opplyste tirsdag at åpningen av den nye brua blir utsatt til neste år, fordi det fortsatt er problemer med fundamentet."},
	{"sk", "Mestské zastupiteľstvo v utorok oznámilo, že otvorenie nového mosta sa odkladá na budúci rok, pretože stále sú problémy so základmi."},
	{"sl", "Mestni svet je v torek sporočil, da bo odprtje novega mostu preloženo na prihodnje leto, ker so še vedno težave s temelji."},
	{"hr", "Gradsko vijeće je u utorak objavilo da se otvaranje novog mosta odgađa za sljedeću godinu, jer još uvijek ima problema s temeljima."},
	{"ca", "L'ajuntament va anunciar dimarts que l'obertura del nou pont s'ajornarà fins a l'any vinent, perquè encara hi ha problemes amb els fonaments."},
	{"bg", "Общинският съвет обяви във вторник, че откриването на новия мост се отлага за следващата година, защото все още има проблеми с основите."},
	{"ar", "أعلن مجلس المدينة يوم الثلاثاء أن افتتاح الجسر الجديد سيتأجل إلى العام المقبل، لأنه لا تزال هناك مشاكل في الأساسات."},
	{"fa", "شورای شهر روز سه‌شنبه اعلام کرد که افتتاح پل جدید به سال آینده موکول می‌شود، زیرا هنوز مشکلاتی در پی‌ها وجود دارد."},
	{"he", "מועצת העיר הודיעה ביום שלישי כי פתיחת הגשר החדש תידחה לשנה הבאה, משום שעדיין יש בעיות עם היסודות."},
	{"hi", "नगर परिषद ने मंगलवार को घोषणा की कि नए पुल का उद्घाटन अगले साल तक टाल दिया जाएगा, क्योंकि नींव में अभी भी समस्याएं हैं।"},
	{"vi", "Hội đồng thành phố cho biết hôm thứ Ba rằng việc khánh thành cây cầu mới sẽ bị hoãn đến năm sau, vì vẫn còn vấn đề với phần móng."},
	{"lt", "Miesto taryba antradienį paskelbė, kad naujojo tilto atidarymas bus atidėtas iki kitų metų, nes vis dar yra problemų su pamatais."},
	{"lv", "Pilsētas dome otrdien paziņoja, ka jaunā tilta atklāšana tiks atlikta līdz nākamajam gadam, jo joprojām ir problēmas ar pamatiem."},
	{"th", "สภาเมืองประกาศเมื่อวันอังคารว่าการเปิดสะพานใหม่จะเลื่อนออกไปเป็นปีหน้า เพราะยังมีปัญหาเรื่องฐานราก"},
	{"zh", "市议会周二宣布，新桥的开通将推迟到明年，因为地基仍然存在问题。"},
	{"ja", "市議会は火曜日、基礎にまだ問題があるため、新しい橋の開通を来年に延期すると発表した。"},
	{"ko", "시의회는 화요일 기초에 아직 문제가 있어 새 다리의 개통을 내년으로 미룬다고 발표했다."},
}

func TestDetectSentences(t *testing.T) {
	for _, tc := range sentences {
		got, conf := Detect(tc.text)
		if got != tc.lang {
			t.Errorf("Detect(%s sentence) = %q (%.2f), want %q", tc.lang, got, conf, tc.lang)
			continue
		}
		if conf <= 0 || conf > 1 {
			t.Errorf("Detect(%s sentence) confidence %v, want in (0, 1]", tc.lang, conf)
		}
	}
}

func TestDetectMixed(t *testing.T) {
	germanArticle := strings.Join([]string{
		"Startseite",
		"Politik",
		"Wirtschaft",
		"Neue Regeln für den Wohnungsbau",
		"Die Landesregierung will den Bau von Wohnungen in den Städten beschleunigen. Dafür sollen die Genehmigungen künftig nicht mehr als drei Monate dauern, wie die Ministerin am Dienstag in der Hauptstadt sagte.",
		"Kritik kommt von den Kommunen. Sie fürchten, dass ihnen für die schnelleren Verfahren das Personal fehlt, und fordern mehr Geld vom Land. Auch die Opposition hält den Plan für wenig durchdacht.",
		"Ob das Gesetz noch vor dem Sommer verabschiedet wird, ist offen. Der Landtag will sich im April in erster Lesung damit befassen.",
	}, "\n")
	cookieBanner := strings.Join([]string{
		"We value your privacy",
		"We and our partners use cookies and similar technologies to store and access information on your device. You can accept all cookies or manage your choices at any time in the privacy settings at the bottom of this page.",
		"Accept all",
		"Manage settings",
	}, "\n")
	englishArticle := strings.Join([]string{
		"Süddeutsche Rundschau",
		"Über uns | Impressum | Datenschutz | Kontakt",
		"Rail strike to go ahead after talks fail",
		"Train drivers will walk out on Friday after talks with the rail operators broke down late on Wednesday night, the union said.",
		"The strike is expected to hit commuters across the region, and the operators have advised passengers to work from home if they can.",
		"A spokesman for the operators said they were disappointed and that the door to further talks remained open.",
	}, "\n")
	tests := []struct {
		name string
		text string
		want Lang
	}{
		{"German article, English cookie banner first", cookieBanner + "\n" + germanArticle, "de"},
		{"German article, English cookie banner last", germanArticle + "\n" + cookieBanner, "de"},
		{"English article, German site name and menu", englishArticle, "en"},
		{"German article with a repeated English error line", germanArticle + strings.Repeat("\nWarning: the function you called should not be called in this way on line 12 of the file", 30), "de"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Whole page at once, and line by line: the same result.
			got, conf := Detect(tc.text)
			if got != tc.want {
				t.Errorf("Detect = %q (%.2f), want %q", got, conf, tc.want)
			}
			var d Detector
			for line := range strings.SplitSeq(tc.text, "\n") {
				d.Add(line)
			}
			if got2, conf2 := d.Result(); got2 != got || conf2 != conf {
				t.Errorf("line by line = %q (%.2f), whole = %q (%.2f)", got2, conf2, got, conf)
			}
		})
	}
}

func TestDetectUnknown(t *testing.T) {
	for _, text := range []string{
		"",
		"   \n\t",
		"12345 67 890 | © 2024",
		"Home Login",                    // too little evidence
		"Xkcd qwrt zvbn plmk jhgf dsaq", // no stopwords at all
	} {
		if got, conf := Detect(text); got != "" || conf != 0 {
			t.Errorf("Detect(%q) = %q, %v; want \"\", 0", text, got, conf)
		}
	}
}

func TestDetectorReset(t *testing.T) {
	var d Detector
	d.Add(sentences[0].text)
	d.Reset()
	d.Add(sentences[1].text)
	if got, _ := d.Result(); got != sentences[1].lang {
		t.Errorf("after Reset: %q, want %q", got, sentences[1].lang)
	}
	// A reset Detector has forgotten the lines it saw.
	d.Reset()
	d.Add(sentences[1].text)
	if got, _ := d.Result(); got != sentences[1].lang {
		t.Errorf("after second Reset: %q, want %q", got, sentences[1].lang)
	}
}

func TestDetectNoAlloc(t *testing.T) {
	text := sentences[0].text + "\n" + sentences[1].text
	Detect(text) // load the tables
	if n := testing.AllocsPerRun(50, func() { Detect(text) }); n != 0 {
		t.Errorf("Detect allocates %v times per run", n)
	}
}

func TestSupported(t *testing.T) {
	got := Supported()
	have := map[Lang]bool{}
	for i, l := range got {
		have[l] = true
		if i > 0 && got[i-1] >= l {
			t.Errorf("Supported not sorted at %q", l)
		}
	}
	for _, l := range []Lang{"de", "en", "fr", "es", "it", "nl", "pl", "pt", "sv", "da", "no", "fi", "ru", "cs", "hu", "ro", "tr", "id", "zh", "ja", "ko"} {
		if !have[l] {
			t.Errorf("Supported lacks %q", l)
		}
	}
	for _, tc := range sentences {
		if !have[tc.lang] {
			t.Errorf("test language %q not in Supported", tc.lang)
		}
	}
}

// benchDir is where the shared benchmark pages are, relative to this package.
var benchDir = filepath.Join("..", "..", "shared", "bench")

type benchPage struct {
	set, id string
	lang    Lang // index.tsv's rough guess
	text    string
}

// benchPages reads the innertext pages of the shared bench. It skips the
// test when they are absent, unless CI is set.
func benchPages(tb testing.TB) []benchPage {
	tb.Helper()
	var pages []benchPage
	for _, set := range []string{"trafilatura-eval", "scrapinghub-aeb"} {
		dir := filepath.Join(benchDir, set)
		index, err := os.ReadFile(filepath.Join(dir, "index.tsv"))
		if err != nil {
			if os.Getenv("CI") != "" {
				tb.Fatalf("bench pages missing in CI: %v", err)
			}
			tb.Skipf("bench pages not found: %v", err)
		}
		lines := strings.Split(strings.TrimSpace(string(index)), "\n")
		for _, row := range lines[1:] {
			f := strings.Split(row, "\t")
			if len(f) < 3 {
				tb.Fatalf("%s/index.tsv: bad row %q", set, row)
			}
			b, err := os.ReadFile(filepath.Join(dir, "innertext", f[0]+".txt"))
			if err != nil {
				tb.Fatal(err)
			}
			pages = append(pages, benchPage{set, f[0], Lang(f[2]), string(b)})
		}
	}
	return pages
}

// TestBenchAgreement compares Detect with the rough language guesses of the
// bench's index.tsv. Those guesses are themselves imperfect (one "it" page
// is in Papiamento, one "en" page is German), so the bar is loose; the log
// gives the exact rate and the disagreements.
func TestBenchAgreement(t *testing.T) {
	pages := benchPages(t)
	agree, empty := 0, 0
	for _, p := range pages {
		got, conf := Detect(p.text)
		switch {
		case got == p.lang:
			agree++
		case strings.TrimSpace(p.text) == "":
			empty++
			if got != "" {
				t.Errorf("%s/%s: empty page detected as %q", p.set, p.id, got)
			}
		default:
			t.Logf("%s/%s: index says %q, detected %q (%.2f)", p.set, p.id, p.lang, got, conf)
		}
	}
	rate := float64(agree) / float64(len(pages)-empty)
	t.Logf("agreement with index.tsv: %d of %d pages with text (%.1f %%); %d empty pages", agree, len(pages)-empty, 100*rate, empty)
	if rate < 0.95 {
		t.Errorf("agreement %.3f, want at least 0.95", rate)
	}
}

func BenchmarkDetect(b *testing.B) {
	pages := benchPages(b)
	size := 0
	for _, p := range pages {
		size += len(p.text)
	}
	loadTables()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var d Detector
	for b.Loop() {
		for _, p := range pages {
			d.Reset()
			d.Add(p.text)
			d.Result()
		}
	}
}

// Page source that leaked into the text (a <noscript> image, a script's
// markup) is long and Latin; it must not outvote the page's own language.
func TestDetectIgnoresMarkup(t *testing.T) {
	var d Detector
	page := []string{
		`<div style="position:absolute;"><img width=1 height=1 alt="" src="http://beacon.example.com/b?p=1&s=2&t=3&u=4&v=5&w=6&x=7&y=8&z=9&page=article&section=technology&campaign=spring"></div>`,
		`<div class="alertBox"><div class="alert"><p>JavaScript is disabled in your browser, some features of this website will not work.</p></div></div>`,
		"今日は東京で新しい図書館が開館しました。",
		"市は来年、さらに二つの図書館を開く予定です。",
	}
	for _, l := range page {
		d.AddLine(l, nil)
	}
	if l, _ := d.Result(); l != "ja" {
		t.Errorf("language %q, want ja", l)
	}
	if !markup(" <img src=x>") || markup("<3 Liebe") || markup("a <b> c") {
		t.Error("markup: wrong verdict")
	}
}
