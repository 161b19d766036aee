package synth

import "strings"

// Noun case slots, in the order the nouns table lists them.
const (
	nom    = iota // kokous
	gen           // kokouksen
	part          // kokousta
	ill           // kokoukseen
	ine           // kokouksessa
	ela           // kokouksesta
	ade           // kokouksella
	all           // kokoukselle
	plNom         // kokoukset
	plPart        // kokouksia
	nCases
)

// nouns: nominative|genitive|partitive|illative|inessive|elative|adessive|allative|plural nominative|plural partitive.
// Real Finnish words from the world of the tietopankki (health and social care staff and their tools).
const nounTable = `
kokous|kokouksen|kokousta|kokoukseen|kokouksessa|kokouksesta|kokouksella|kokoukselle|kokoukset|kokouksia
tiedosto|tiedoston|tiedostoa|tiedostoon|tiedostossa|tiedostosta|tiedostolla|tiedostolle|tiedostot|tiedostoja
hoitopolku|hoitopolun|hoitopolkua|hoitopolkuun|hoitopolussa|hoitopolusta|hoitopolulla|hoitopolulle|hoitopolut|hoitopolkuja
digihoitopolku|digihoitopolun|digihoitopolkua|digihoitopolkuun|digihoitopolussa|digihoitopolusta|digihoitopolulla|digihoitopolulle|digihoitopolut|digihoitopolkuja
etävastaanotto|etävastaanoton|etävastaanottoa|etävastaanottoon|etävastaanotossa|etävastaanotosta|etävastaanotolla|etävastaanotolle|etävastaanotot|etävastaanottoja
oirearvio|oirearvion|oirearviota|oirearvioon|oirearviossa|oirearviosta|oirearviolla|oirearviolle|oirearviot|oirearvioita
työkaveri|työkaverin|työkaveria|työkaveriin|työkaverissa|työkaverista|työkaverilla|työkaverille|työkaverit|työkavereita
asiakas|asiakkaan|asiakasta|asiakkaaseen|asiakkaassa|asiakkaasta|asiakkaalla|asiakkaalle|asiakkaat|asiakkaita
potilas|potilaan|potilasta|potilaaseen|potilaassa|potilaasta|potilaalla|potilaalle|potilaat|potilaita
ajanvaraus|ajanvarauksen|ajanvarausta|ajanvaraukseen|ajanvarauksessa|ajanvarauksesta|ajanvarauksella|ajanvaraukselle|ajanvaraukset|ajanvarauksia
viesti|viestin|viestiä|viestiin|viestissä|viestistä|viestillä|viestille|viestit|viestejä
puhelin|puhelimen|puhelinta|puhelimeen|puhelimessa|puhelimesta|puhelimella|puhelimelle|puhelimet|puhelimia
sovellus|sovelluksen|sovellusta|sovellukseen|sovelluksessa|sovelluksesta|sovelluksella|sovellukselle|sovellukset|sovelluksia
salasana|salasanan|salasanaa|salasanaan|salasanassa|salasanasta|salasanalla|salasanalle|salasanat|salasanoja
kalenteri|kalenterin|kalenteria|kalenteriin|kalenterissa|kalenterista|kalenterilla|kalenterille|kalenterit|kalentereita
kutsu|kutsun|kutsua|kutsuun|kutsussa|kutsusta|kutsulla|kutsulle|kutsut|kutsuja
painike|painikkeen|painiketta|painikkeeseen|painikkeessa|painikkeesta|painikkeella|painikkeelle|painikkeet|painikkeita
valikko|valikon|valikkoa|valikkoon|valikossa|valikosta|valikolla|valikolle|valikot|valikoita
näkymä|näkymän|näkymää|näkymään|näkymässä|näkymästä|näkymällä|näkymälle|näkymät|näkymiä
lomake|lomakkeen|lomaketta|lomakkeeseen|lomakkeessa|lomakkeesta|lomakkeella|lomakkeelle|lomakkeet|lomakkeita
kansio|kansion|kansiota|kansioon|kansiossa|kansiosta|kansiolla|kansiolle|kansiot|kansioita
sähköposti|sähköpostin|sähköpostia|sähköpostiin|sähköpostissa|sähköpostista|sähköpostilla|sähköpostille|sähköpostit|sähköposteja
tunnus|tunnuksen|tunnusta|tunnukseen|tunnuksessa|tunnuksesta|tunnuksella|tunnukselle|tunnukset|tunnuksia
pankkitunnus|pankkitunnuksen|pankkitunnusta|pankkitunnukseen|pankkitunnuksessa|pankkitunnuksesta|pankkitunnuksella|pankkitunnukselle|pankkitunnukset|pankkitunnuksia
ohje|ohjeen|ohjetta|ohjeeseen|ohjeessa|ohjeesta|ohjeella|ohjeelle|ohjeet|ohjeita
kirjaus|kirjauksen|kirjausta|kirjaukseen|kirjauksessa|kirjauksesta|kirjauksella|kirjaukselle|kirjaukset|kirjauksia
resepti|reseptin|reseptiä|reseptiin|reseptissä|reseptistä|reseptillä|reseptille|reseptit|reseptejä
lähete|lähetteen|lähetettä|lähetteeseen|lähetteessä|lähetteestä|lähetteellä|lähetteelle|lähetteet|lähetteitä
tulos|tuloksen|tulosta|tulokseen|tuloksessa|tuloksesta|tuloksella|tulokselle|tulokset|tuloksia
hoitaja|hoitajan|hoitajaa|hoitajaan|hoitajassa|hoitajasta|hoitajalla|hoitajalle|hoitajat|hoitajia
sairaanhoitaja|sairaanhoitajan|sairaanhoitajaa|sairaanhoitajaan|sairaanhoitajassa|sairaanhoitajasta|sairaanhoitajalla|sairaanhoitajalle|sairaanhoitajat|sairaanhoitajia
lääkäri|lääkärin|lääkäriä|lääkäriin|lääkärissä|lääkäristä|lääkärillä|lääkärille|lääkärit|lääkäreitä
esihenkilö|esihenkilön|esihenkilöä|esihenkilöön|esihenkilössä|esihenkilöstä|esihenkilöllä|esihenkilölle|esihenkilöt|esihenkilöitä
työvuoro|työvuoron|työvuoroa|työvuoroon|työvuorossa|työvuorosta|työvuorolla|työvuorolle|työvuorot|työvuoroja
työvuorolista|työvuorolistan|työvuorolistaa|työvuorolistaan|työvuorolistassa|työvuorolistasta|työvuorolistalla|työvuorolistalle|työvuorolistat|työvuorolistoja
kotihoito|kotihoidon|kotihoitoa|kotihoitoon|kotihoidossa|kotihoidosta|kotihoidolla|kotihoidolle|kotihoidot|kotihoitoja
perhe|perheen|perhettä|perheeseen|perheessä|perheestä|perheellä|perheelle|perheet|perheitä
lapsi|lapsen|lasta|lapseen|lapsessa|lapsesta|lapsella|lapselle|lapset|lapsia
asukas|asukkaan|asukasta|asukkaaseen|asukkaassa|asukkaasta|asukkaalla|asukkaalle|asukkaat|asukkaita
omainen|omaisen|omaista|omaiseen|omaisessa|omaisesta|omaisella|omaiselle|omaiset|omaisia
palvelu|palvelun|palvelua|palveluun|palvelussa|palvelusta|palvelulla|palvelulle|palvelut|palveluja
asiointi|asioinnin|asiointia|asiointiin|asioinnissa|asioinnista|asioinnilla|asioinnille|asioinnit|asiointeja
tunnistautuminen|tunnistautumisen|tunnistautumista|tunnistautumiseen|tunnistautumisessa|tunnistautumisesta|tunnistautumisella|tunnistautumiselle|tunnistautumiset|tunnistautumisia
kirjautuminen|kirjautumisen|kirjautumista|kirjautumiseen|kirjautumisessa|kirjautumisesta|kirjautumisella|kirjautumiselle|kirjautumiset|kirjautumisia
kuva|kuvan|kuvaa|kuvaan|kuvassa|kuvasta|kuvalla|kuvalle|kuvat|kuvia
liite|liitteen|liitettä|liitteeseen|liitteessä|liitteestä|liitteellä|liitteelle|liitteet|liitteitä
linkki|linkin|linkkiä|linkkiin|linkissä|linkistä|linkillä|linkille|linkit|linkkejä
selain|selaimen|selainta|selaimeen|selaimessa|selaimesta|selaimella|selaimelle|selaimet|selaimia
tietokone|tietokoneen|tietokonetta|tietokoneeseen|tietokoneessa|tietokoneesta|tietokoneella|tietokoneelle|tietokoneet|tietokoneita
näyttö|näytön|näyttöä|näyttöön|näytössä|näytöstä|näytöllä|näytölle|näytöt|näyttöjä
kamera|kameran|kameraa|kameraan|kamerassa|kamerasta|kameralla|kameralle|kamerat|kameroita
mikrofoni|mikrofonin|mikrofonia|mikrofoniin|mikrofonissa|mikrofonista|mikrofonilla|mikrofonille|mikrofonit|mikrofoneja
kuuloke|kuulokkeen|kuuloketta|kuulokkeeseen|kuulokkeessa|kuulokkeesta|kuulokkeella|kuulokkeelle|kuulokkeet|kuulokkeita
ääni|äänen|ääntä|ääneen|äänessä|äänestä|äänellä|äänelle|äänet|ääniä
videopuhelu|videopuhelun|videopuhelua|videopuheluun|videopuhelussa|videopuhelusta|videopuhelulla|videopuhelulle|videopuhelut|videopuheluja
verkko|verkon|verkkoa|verkkoon|verkossa|verkosta|verkolla|verkolle|verkot|verkkoja
yhteys|yhteyden|yhteyttä|yhteyteen|yhteydessä|yhteydestä|yhteydellä|yhteydelle|yhteydet|yhteyksiä
tieto|tiedon|tietoa|tietoon|tiedossa|tiedosta|tiedolla|tiedolle|tiedot|tietoja
asiakirja|asiakirjan|asiakirjaa|asiakirjaan|asiakirjassa|asiakirjasta|asiakirjalla|asiakirjalle|asiakirjat|asiakirjoja
sopimus|sopimuksen|sopimusta|sopimukseen|sopimuksessa|sopimuksesta|sopimuksella|sopimukselle|sopimukset|sopimuksia
palkka|palkan|palkkaa|palkkaan|palkassa|palkasta|palkalla|palkalle|palkat|palkkoja
loma|loman|lomaa|lomaan|lomassa|lomasta|lomalla|lomalle|lomat|lomia
poissaolo|poissaolon|poissaoloa|poissaoloon|poissaolossa|poissaolosta|poissaololla|poissaololle|poissaolot|poissaoloja
työterveyshuolto|työterveyshuollon|työterveyshuoltoa|työterveyshuoltoon|työterveyshuollossa|työterveyshuollosta|työterveyshuollolla|työterveyshuollolle|työterveyshuollot|työterveyshuoltoja
käsi|käden|kättä|käteen|kädessä|kädestä|kädellä|kädelle|kädet|käsiä
pankki|pankin|pankkia|pankkiin|pankissa|pankista|pankilla|pankille|pankit|pankkeja
kortti|kortin|korttia|korttiin|kortissa|kortista|kortilla|kortille|kortit|kortteja
keskustelu|keskustelun|keskustelua|keskusteluun|keskustelussa|keskustelusta|keskustelulla|keskustelulle|keskustelut|keskusteluja
kanava|kanavan|kanavaa|kanavaan|kanavassa|kanavasta|kanavalla|kanavalle|kanavat|kanavia
tiimi|tiimin|tiimiä|tiimiin|tiimissä|tiimistä|tiimillä|tiimille|tiimit|tiimejä
ryhmä|ryhmän|ryhmää|ryhmään|ryhmässä|ryhmästä|ryhmällä|ryhmälle|ryhmät|ryhmiä
muistutus|muistutuksen|muistutusta|muistutukseen|muistutuksessa|muistutuksesta|muistutuksella|muistutukselle|muistutukset|muistutuksia
ilmoitus|ilmoituksen|ilmoitusta|ilmoitukseen|ilmoituksessa|ilmoituksesta|ilmoituksella|ilmoitukselle|ilmoitukset|ilmoituksia
asetus|asetuksen|asetusta|asetukseen|asetuksessa|asetuksesta|asetuksella|asetukselle|asetukset|asetuksia
päivitys|päivityksen|päivitystä|päivitykseen|päivityksessä|päivityksestä|päivityksellä|päivitykselle|päivitykset|päivityksiä
tulostin|tulostimen|tulostinta|tulostimeen|tulostimessa|tulostimesta|tulostimella|tulostimelle|tulostimet|tulostimia
rokotus|rokotuksen|rokotusta|rokotukseen|rokotuksessa|rokotuksesta|rokotuksella|rokotukselle|rokotukset|rokotuksia
neuvola|neuvolan|neuvolaa|neuvolaan|neuvolassa|neuvolasta|neuvolalla|neuvolalle|neuvolat|neuvoloita
vastaanotto|vastaanoton|vastaanottoa|vastaanottoon|vastaanotossa|vastaanotosta|vastaanotolla|vastaanotolle|vastaanotot|vastaanottoja
aika|ajan|aikaa|aikaan|ajassa|ajasta|ajalla|ajalle|ajat|aikoja
päivä|päivän|päivää|päivään|päivässä|päivästä|päivällä|päivälle|päivät|päiviä
viikko|viikon|viikkoa|viikkoon|viikossa|viikosta|viikolla|viikolle|viikot|viikkoja
kuukausi|kuukauden|kuukautta|kuukauteen|kuukaudessa|kuukaudesta|kuukaudella|kuukaudelle|kuukaudet|kuukausia
koulutus|koulutuksen|koulutusta|koulutukseen|koulutuksessa|koulutuksesta|koulutuksella|koulutukselle|koulutukset|koulutuksia
digimentori|digimentorin|digimentoria|digimentoriin|digimentorissa|digimentorista|digimentorilla|digimentorille|digimentorit|digimentoreita
tukihenkilö|tukihenkilön|tukihenkilöä|tukihenkilöön|tukihenkilössä|tukihenkilöstä|tukihenkilöllä|tukihenkilölle|tukihenkilöt|tukihenkilöitä
kysymys|kysymyksen|kysymystä|kysymykseen|kysymyksessä|kysymyksestä|kysymyksellä|kysymykselle|kysymykset|kysymyksiä
vastaus|vastauksen|vastausta|vastaukseen|vastauksessa|vastauksesta|vastauksella|vastaukselle|vastaukset|vastauksia
hakemus|hakemuksen|hakemusta|hakemukseen|hakemuksessa|hakemuksesta|hakemuksella|hakemukselle|hakemukset|hakemuksia
taulukko|taulukon|taulukkoa|taulukkoon|taulukossa|taulukosta|taulukolla|taulukolle|taulukot|taulukoita
raportti|raportin|raporttia|raporttiin|raportissa|raportista|raportilla|raportille|raportit|raportteja
esitys|esityksen|esitystä|esitykseen|esityksessä|esityksestä|esityksellä|esitykselle|esitykset|esityksiä
muistio|muistion|muistiota|muistioon|muistiossa|muistiosta|muistiolla|muistiolle|muistiot|muistioita
kirje|kirjeen|kirjettä|kirjeeseen|kirjeessä|kirjeestä|kirjeellä|kirjeelle|kirjeet|kirjeitä
osoite|osoitteen|osoitetta|osoitteeseen|osoitteessa|osoitteesta|osoitteella|osoitteelle|osoitteet|osoitteita
nimi|nimen|nimeä|nimeen|nimessä|nimestä|nimellä|nimelle|nimet|nimiä
numero|numeron|numeroa|numeroon|numerossa|numerosta|numerolla|numerolle|numerot|numeroita
sivu|sivun|sivua|sivuun|sivussa|sivusta|sivulla|sivulle|sivut|sivuja
kenttä|kentän|kenttää|kenttään|kentässä|kentästä|kentällä|kentälle|kentät|kenttiä
valinta|valinnan|valintaa|valintaan|valinnassa|valinnasta|valinnalla|valinnalle|valinnat|valintoja
kohta|kohdan|kohtaa|kohtaan|kohdassa|kohdasta|kohdalla|kohdalle|kohdat|kohtia
vaihe|vaiheen|vaihetta|vaiheeseen|vaiheessa|vaiheesta|vaiheella|vaiheelle|vaiheet|vaiheita
ongelma|ongelman|ongelmaa|ongelmaan|ongelmassa|ongelmasta|ongelmalla|ongelmalle|ongelmat|ongelmia
virhe|virheen|virhettä|virheeseen|virheessä|virheestä|virheellä|virheelle|virheet|virheitä
tietoturva|tietoturvan|tietoturvaa|tietoturvaan|tietoturvassa|tietoturvasta|tietoturvalla|tietoturvalle|tietoturvat|tietoturvia
lupa|luvan|lupaa|lupaan|luvassa|luvasta|luvalla|luvalle|luvat|lupia
suostumus|suostumuksen|suostumusta|suostumukseen|suostumuksessa|suostumuksesta|suostumuksella|suostumukselle|suostumukset|suostumuksia
lääke|lääkkeen|lääkettä|lääkkeeseen|lääkkeessä|lääkkeestä|lääkkeellä|lääkkeelle|lääkkeet|lääkkeitä
mittaus|mittauksen|mittausta|mittaukseen|mittauksessa|mittauksesta|mittauksella|mittaukselle|mittaukset|mittauksia
verenpaine|verenpaineen|verenpainetta|verenpaineeseen|verenpaineessa|verenpaineesta|verenpaineella|verenpaineelle|verenpaineet|verenpaineita
ikäihminen|ikäihmisen|ikäihmistä|ikäihmiseen|ikäihmisessä|ikäihmisestä|ikäihmisellä|ikäihmiselle|ikäihmiset|ikäihmisiä
hyvinvointialue|hyvinvointialueen|hyvinvointialuetta|hyvinvointialueeseen|hyvinvointialueessa|hyvinvointialueesta|hyvinvointialueella|hyvinvointialueelle|hyvinvointialueet|hyvinvointialueita
intranet|intranetin|intranetiä|intranetiin|intranetissä|intranetistä|intranetillä|intranetille|intranetit|intranetejä
tehtävä|tehtävän|tehtävää|tehtävään|tehtävässä|tehtävästä|tehtävällä|tehtävälle|tehtävät|tehtäviä
muutos|muutoksen|muutosta|muutokseen|muutoksessa|muutoksesta|muutoksella|muutokselle|muutokset|muutoksia
versio|version|versiota|versioon|versiossa|versiosta|versiolla|versiolle|versiot|versioita
haku|haun|hakua|hakuun|haussa|hausta|haulla|haulle|haut|hakuja
hakusana|hakusanan|hakusanaa|hakusanaan|hakusanassa|hakusanasta|hakusanalla|hakusanalle|hakusanat|hakusanoja
`

// Transitive verbs: imperative|first infinitive|3rd person singular|2nd person singular.
const verbTable = `
avaa|avata|avaa|avaat
valitse|valita|valitsee|valitset
kirjoita|kirjoittaa|kirjoittaa|kirjoitat
tallenna|tallentaa|tallentaa|tallennat
paina|painaa|painaa|painat
napauta|napauttaa|napauttaa|napautat
lähetä|lähettää|lähettää|lähetät
tarkista|tarkistaa|tarkistaa|tarkistat
etsi|etsiä|etsii|etsit
jaa|jakaa|jakaa|jaat
poista|poistaa|poistaa|poistat
lisää|lisätä|lisää|lisäät
muokkaa|muokata|muokkaa|muokkaat
kopioi|kopioida|kopioi|kopioit
sulje|sulkea|sulkee|suljet
odota|odottaa|odottaa|odotat
hyväksy|hyväksyä|hyväksyy|hyväksyt
varaa|varata|varaa|varaat
peru|perua|peruu|perut
täytä|täyttää|täyttää|täytät
lue|lukea|lukee|luet
vaihda|vaihtaa|vaihtaa|vaihdat
tulosta|tulostaa|tulostaa|tulostat
lataa|ladata|lataa|lataat
päivitä|päivittää|päivittää|päivität
merkitse|merkitä|merkitsee|merkitset
kirjaa|kirjata|kirjaa|kirjaat
seuraa|seurata|seuraa|seuraat
katso|katsoa|katsoo|katsot
vahvista|vahvistaa|vahvistaa|vahvistat
mykistä|mykistää|mykistää|mykistät
käynnistä|käynnistää|käynnistää|käynnistät
pyydä|pyytää|pyytää|pyydät
hae|hakea|hakee|haet
kokeile|kokeilla|kokeilee|kokeilet
harjoittele|harjoitella|harjoittelee|harjoittelet
`

// Intransitive verbs: 3rd person singular|negative form (after "ei").
const intransTable = `
näkyy|näy
aukeaa|aukea
toimii|toimi
löytyy|löydy
onnistuu|onnistu
ilmestyy|ilmesty
latautuu|lataudu
päivittyy|päivity
sulkeutuu|sulkeudu
vaihtuu|vaihdu
tallentuu|tallennu
katoaa|katoa
jumittuu|jumitu
käynnistyy|käynnisty
`

// Adjectives: nominative|genitive|partitive.
const adjTable = `
uusi|uuden|uutta
oma|oman|omaa
tärkeä|tärkeän|tärkeää
helppo|helpon|helppoa
turvallinen|turvallisen|turvallista
sähköinen|sähköisen|sähköistä
yhteinen|yhteisen|yhteistä
seuraava|seuraavan|seuraavaa
oikea|oikean|oikeaa
pieni|pienen|pientä
iso|ison|isoa
vanha|vanhan|vanhaa
lyhyt|lyhyen|lyhyttä
selkeä|selkeän|selkeää
avoin|avoimen|avointa
henkilökohtainen|henkilökohtaisen|henkilökohtaista
vahva|vahvan|vahvaa
nopea|nopean|nopeaa
valmis|valmiin|valmista
vihreä|vihreän|vihreää
punainen|punaisen|punaista
viimeinen|viimeisen|viimeistä
ensimmäinen|ensimmäisen|ensimmäistä
`

const adverbList = `ensin sitten lopuksi nopeasti helposti rauhassa tarvittaessa aina yleensä heti uudelleen
vielä usein joskus automaattisesti turvallisesti yläreunassa alareunassa oikealla vasemmalla valmiiksi
etukäteen tänään huomenna kerran lisäksi`

// Button labels used in "Paina **X**-painiketta." steps.
var buttons = []string{"Tallenna", "Lähetä", "Liity", "Jatka", "Valmis", "Hyväksy", "Avaa", "Peruuta", "Seuraava", "Kirjaudu", "Jaa", "Lisää"}

type noun [nCases]string
type verb struct{ imp, inf, p3, p2 string }
type intrans struct{ p3, neg string }
type adj struct{ nom, gen, part string }

type vocab struct {
	nouns   []noun
	verbs   []verb
	intrans []intrans
	adjs    []adj
	advs    []string
}

func rows(table string, width int) [][]string {
	var out [][]string
	for _, line := range strings.Split(strings.TrimSpace(table), "\n") {
		f := strings.Split(strings.TrimSpace(line), "|")
		if len(f) != width {
			panic("synth: bad vocabulary row: " + line)
		}
		out = append(out, f)
	}
	return out
}

var vocabulary = func() *vocab {
	v := &vocab{}
	for _, r := range rows(nounTable, nCases) {
		var n noun
		copy(n[:], r)
		v.nouns = append(v.nouns, n)
	}
	for _, r := range rows(verbTable, 4) {
		v.verbs = append(v.verbs, verb{r[0], r[1], r[2], r[3]})
	}
	for _, r := range rows(intransTable, 2) {
		v.intrans = append(v.intrans, intrans{r[0], r[1]})
	}
	for _, r := range rows(adjTable, 3) {
		v.adjs = append(v.adjs, adj{r[0], r[1], r[2]})
	}
	v.advs = strings.Fields(adverbList)
	return v
}()
