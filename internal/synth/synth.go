// Package synth writes a deterministic synthetic content folder in the tietopankki
// content format (docs/content-format.md), for benchmarks and large-corpus tests.
//
// The text is built from a built-in vocabulary of real Finnish words in several
// inflected forms (kokous, kokouksen, kokousta, kokoukseen, ...), drawn with
// Zipf-like frequencies, so that analysis, stemming and index sizes behave as they
// would on real cards. Same Config, same bytes.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Config says how big a corpus to make.
type Config struct {
	Cards int   // instruction cards, spread evenly over the tools; 0 or less: none (and then no paths)
	Seed  int64 // same seed, same bytes
	Tools int   // tool folders; default 10
	Paths int   // learning paths; default 12
	// Rounds of the maturity meter (content/maturity/round-NN.csv), each
	// assessing Units units with every tool; none when either is 0.
	Rounds, Units int
}

func (c Config) normalized() Config {
	if c.Cards < 0 {
		c.Cards = 0
	}
	if c.Tools <= 0 {
		c.Tools = 10
	}
	if c.Paths <= 0 {
		c.Paths = 12
	}
	if c.Cards == 0 {
		c.Paths = 0 // a path needs at least one card to point at
	}
	return c
}

// Write generates the corpus for cfg and writes it under dir (created if needed).
// Files already in dir are overwritten; other files are left alone.
func Write(dir string, cfg Config) error {
	files := Generate(cfg)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	made := map[string]bool{}
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		d := filepath.Dir(p)
		if !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Segment, area and tool ids used by every generated corpus.
var (
	SegmentIDs = []string{"alkava", "kokeileva", "vahva"}
	AreaIDs    = []string{"terveys", "perhe", "ikaantyneet"}
)

type toolDef struct{ id, title, link string }

var baseTools = []toolDef{
	{"teams", "Teams", "https://teams.microsoft.com/"},
	{"outlook", "Outlook", "https://outlook.office.com/"},
	{"onedrive", "OneDrive", "https://onedrive.live.com/"},
	{"omaolo", "Omaolo", "https://www.omaolo.fi/"},
	{"omakanta", "OmaKanta", "https://www.kanta.fi/omakanta"},
	{"pegasos", "Pegasos", ""},
	{"lifecare", "Lifecare", ""},
	{"intranet", "Intranet", ""},
	{"webropol", "Webropol", "https://www.webropol.fi/"},
	{"titania", "Titania", ""},
	{"sharepoint", "SharePoint", ""},
	{"whatsapp", "WhatsApp", "https://www.whatsapp.com/"},
	{"suomi-fi", "Suomi.fi", "https://www.suomi.fi/"},
	{"digihoitopolku", "Digihoitopolku", ""},
	{"kotihoito-mobiili", "Kotihoidon mobiili", ""},
	{"tulostus", "Tulostus", ""},
}

// Tools returns the id and title of each of the first n tools a corpus
// has (Config.Tools).
func Tools(n int) [][2]string {
	var out [][2]string
	for _, t := range toolList(n) {
		out = append(out, [2]string{t.id, t.title})
	}
	return out
}

func toolList(n int) []toolDef {
	out := make([]toolDef, n)
	for i := range out {
		b := baseTools[i%len(baseTools)]
		if round := i / len(baseTools); round > 0 {
			b.id += "-" + strconv.Itoa(round+1)
			b.title += " " + strconv.Itoa(round+1)
		}
		out[i] = b
	}
	return out
}

// zipf samples indexes 0..n-1 with weight 1/(rank+1)^s, the ranks shuffled once per seed.
type zipf struct {
	cum  []float64
	perm []int
}

func newZipf(r *rand.Rand, n int, s float64) *zipf {
	z := &zipf{cum: make([]float64, n), perm: r.Perm(n)}
	total := 0.0
	for i := 0; i < n; i++ {
		total += 1 / math.Pow(float64(i+1), s)
		z.cum[i] = total
	}
	return z
}

func (z *zipf) pick(r *rand.Rand) int {
	u := r.Float64() * z.cum[len(z.cum)-1]
	i := sort.SearchFloat64s(z.cum, u)
	if i >= len(z.cum) {
		i = len(z.cum) - 1
	}
	return z.perm[i]
}

type card struct {
	tool     int
	slug     string
	title    string
	topic    int // noun index the card is about
	topic2   int
	linkTo   int // index of a card linked from the body, or -1
	segments []string
	areas    []string
}

type corpus struct {
	r                  *rand.Rand
	v                  *vocab
	nz, vz, iz, az, dz *zipf
	topic, topic2      int // current card's topics, -1 outside cards
	tools              []toolDef
	cards              []card
	usedSlugs          map[string]int
	words              int // words emitted into the current body
}

// Generate returns the corpus for cfg as file path (slash-separated, relative to the
// content folder) -> content. Write writes exactly these files.
func Generate(cfg Config) map[string][]byte {
	cfg = cfg.normalized()
	seed := uint64(cfg.Seed)
	g := &corpus{
		r:         rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		v:         vocabulary,
		topic:     -1,
		topic2:    -1,
		tools:     toolList(cfg.Tools),
		usedSlugs: map[string]int{},
	}
	g.nz = newZipf(g.r, len(g.v.nouns), 0.85)
	g.vz = newZipf(g.r, len(g.v.verbs), 1.0)
	g.iz = newZipf(g.r, len(g.v.intrans), 1.0)
	g.az = newZipf(g.r, len(g.v.adjs), 1.0)
	g.dz = newZipf(g.r, len(g.v.advs), 1.0)

	files := make(map[string][]byte, cfg.Cards+cfg.Tools+cfg.Paths+3)
	files["site.yaml"] = []byte(siteYAML)
	files["synonyms.yaml"] = []byte(synonymsYAML)
	files["glossary.yaml"] = []byte(glossaryYAML)

	// First pass: every card's id and title, so bodies and paths can link to any card.
	g.cards = make([]card, cfg.Cards)
	for i := range g.cards {
		c := &g.cards[i]
		c.tool = i % cfg.Tools
		c.topic = g.nz.pick(g.r)
		c.topic2 = g.nz.pick(g.r)
		g.topic, g.topic2 = c.topic, c.topic2
		c.title = g.cardTitle()
		c.slug = g.uniqueSlug(c.title)
		c.linkTo = -1
		if cfg.Cards > 1 && g.r.IntN(100) < 35 {
			j := g.r.IntN(cfg.Cards - 1)
			if j >= i {
				j++
			}
			c.linkTo = j
		}
	}
	for t := range g.tools {
		files["tools/"+g.tools[t].id+"/_index.md"] = g.toolPage(t)
	}
	var sb strings.Builder
	for i := range g.cards {
		sb.Reset()
		g.cardFile(&sb, i)
		c := &g.cards[i]
		files["tools/"+g.tools[c.tool].id+"/"+c.slug+".md"] = []byte(sb.String())
	}
	g.topic, g.topic2 = -1, -1
	pathSlugs := map[string]int{}
	for p := 0; p < cfg.Paths; p++ {
		slug, body := g.pathFile(p, pathSlugs)
		files["paths/"+slug+".md"] = body
	}
	maturityRounds(files, cfg, g.tools)
	return files
}

// maturityRounds writes cfg.Rounds rounds of the maturity meter, three
// months apart, as Excel saves them: the even ones as Finnish Excel's CSV
// (semicolons, Windows-1252, Finnish dates), the odd ones as "CSV UTF-8"
// (commas, a byte-order mark, ISO dates). Each unit's level with each tool
// creeps up from round to round.
func maturityRounds(files map[string][]byte, cfg Config, tools []toolDef) {
	if cfg.Rounds <= 0 || cfg.Units <= 0 {
		return
	}
	seed := uint64(cfg.Seed) + 0x6d61747572697479 // its own stream: the cards stay the same
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	areaNames := []string{"Terveys- ja sairaanhoitopalvelut", "Perhe- ja sosiaalipalvelut", "Ikääntyneiden palvelut"}
	level := make([]int, cfg.Units*len(tools))
	for i := range level {
		level[i] = r.IntN(4) * 50
	}
	var sb strings.Builder
	for round := range cfg.Rounds {
		sb.Reset()
		finnish := round%2 == 0
		sep := ","
		if finnish {
			sep = ";"
		} else {
			sb.WriteString("\ufeff")
		}
		sb.WriteString(strings.Join([]string{"Yksikkö", "Palvelualue", "Työkalu", "Arvioitu", "Taso", "Mentori", "Huomio"}, sep) + "\r\n")
		for u := range cfg.Units {
			area := areaNames[u%len(areaNames)]
			for t, tool := range tools {
				i := u*len(tools) + t
				level[i] = min(500, level[i]+r.IntN(3)*25)
				day := 1 + (u+t)%27
				date := fmt.Sprintf("%04d-%02d-%02d", 2021+round/4, 1+3*(round%4), day)
				if finnish {
					date = fmt.Sprintf("%d.%d.%d", day, 1+3*(round%4), 2021+round/4)
				}
				sb.WriteString(strings.Join([]string{"Yksikkö " + strconv.Itoa(u+1), area, tool.title, date, strconv.Itoa(level[i]), "", ""}, sep) + "\r\n")
			}
		}
		data := []byte(sb.String())
		if finnish {
			data = windows1252(sb.String())
		}
		files[fmt.Sprintf("maturity/round-%02d.csv", round+1)] = data
	}
}

// windows1252 encodes text whose characters are all in Latin-1.
func windows1252(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, c := range s {
		out = append(out, byte(c))
	}
	return out
}

// ---- words ----

func (g *corpus) noun() noun {
	if g.topic >= 0 {
		switch x := g.r.IntN(100); {
		case x < 22:
			return g.v.nouns[g.topic]
		case x < 30:
			return g.v.nouns[g.topic2]
		}
	}
	return g.v.nouns[g.nz.pick(g.r)]
}
func (g *corpus) verb() verb       { return g.v.verbs[g.vz.pick(g.r)] }
func (g *corpus) intrans() intrans { return g.v.intrans[g.iz.pick(g.r)] }
func (g *corpus) adj() adj         { return g.v.adjs[g.az.pick(g.r)] }
func (g *corpus) adv() string      { return g.v.advs[g.dz.pick(g.r)] }

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// sentence joins words into a capitalized sentence ending with end, and counts the words.
func (g *corpus) sentence(end string, words ...string) string {
	g.words += len(words)
	return capitalize(strings.Join(words, " ")) + end
}

// bodySentence is one sentence of running text.
func (g *corpus) bodySentence() string {
	switch g.r.IntN(14) {
	case 0:
		return g.sentence(".", g.verb().imp, g.noun()[gen], g.noun()[nom], g.adv())
	case 1:
		return g.sentence(".", "kun", g.noun()[nom], g.intrans().p3+",", g.verb().imp, g.noun()[part], g.noun()[ine])
	case 2:
		return g.sentence(".", "voit", g.verb().inf, g.noun()[part], "myös", g.noun()[ade])
	case 3:
		return g.sentence(".", g.noun()[nom], g.intrans().p3, g.noun()[ine], g.adv())
	case 4:
		return g.sentence(".", "jos", g.noun()[nom], "ei", g.intrans().neg+",", g.verb().imp, g.noun()[plPart], "uudelleen")
	case 5:
		return g.sentence(".", g.noun()[gen], g.noun()[nom], "on", g.adj().nom, "ja", g.adj().nom)
	case 6:
		return g.sentence(".", "tarvitset", g.noun()[part], "ja", g.noun()[gen], g.noun()[plPart])
	case 7:
		return g.sentence(".", "muista", g.verb().inf, g.adj().gen, g.noun()[gen], g.noun()[nom], g.adv())
	case 8:
		return g.sentence(".", g.verb().imp, g.noun()[ela], g.adj().nom, g.noun()[nom], "ja", g.verb().imp, g.noun()[all])
	case 9:
		return g.sentence(".", "näet", g.noun()[plPart], g.noun()[ine]+",", "kun", g.verb().p2, g.noun()[gen], g.noun()[nom])
	case 10:
		return g.sentence(".", "saat", g.noun()[gen], g.noun()[nom], g.noun()[ade], g.adv())
	case 11:
		return g.sentence(".", "löydät", g.adj().gen, g.noun()[gen], g.noun()[plNom], g.noun()[ela])
	case 12:
		return g.sentence(".", "digimentori", "auttaa,", "jos", g.noun()[nom], "ei", g.intrans().neg, g.noun()[ine])
	default:
		return g.sentence(".", g.adv(), g.verb().p2, g.noun()[gen], g.noun()[ill])
	}
}

// stepSentence is one numbered instruction step.
func (g *corpus) stepSentence() string {
	switch g.r.IntN(6) {
	case 0:
		return g.sentence(".", g.verb().imp, g.noun()[gen], g.noun()[nom])
	case 1:
		return g.sentence(".", g.verb().imp, g.adj().nom, g.noun()[nom], g.noun()[ine])
	case 2:
		return g.sentence(".", g.verb().imp, g.noun()[part], "ja", g.verb().imp, g.noun()[gen], g.noun()[nom])
	case 3:
		g.words += 2
		return "Paina **" + buttons[g.r.IntN(len(buttons))] + "**-painiketta."
	case 4:
		return g.sentence(".", g.verb().imp, g.noun()[ela], g.adj().nom, g.noun()[nom], "ja", g.verb().imp, g.noun()[all])
	default:
		return g.sentence(".", g.adv(), g.verb().imp, g.noun()[nom], g.noun()[ill])
	}
}

func (g *corpus) heading() string {
	switch g.r.IntN(6) {
	case 0:
		return g.sentence("", "näin", g.verb().p2, g.noun()[part])
	case 1:
		return g.sentence("", "ennen", "kuin", "aloitat")
	case 2:
		return g.sentence("", g.noun()[nom], g.noun()[ine])
	case 3:
		return g.sentence("", "jos", g.noun()[nom], "ei", g.intrans().neg)
	case 4:
		return g.sentence("", "vaiheet")
	default:
		return g.sentence("", "mitä", "seuraavaksi")
	}
}

func (g *corpus) cardTitle() string {
	t := g.v.nouns[g.topic]
	switch g.r.IntN(5) {
	case 0:
		return g.sentence("", g.verb().imp, g.adj().gen, t[gen], g.noun()[nom], g.noun()[ine], g.adv())
	case 1:
		return g.sentence("", "näin", g.verb().p2, t[part], g.noun()[ade], g.noun()[gen], g.noun()[ine])
	case 2:
		return g.sentence("", g.verb().imp, t[nom], "ja", g.v.nouns[g.topic2][nom], g.noun()[ine])
	case 3:
		return g.sentence("", "kun", t[nom], "ei", g.intrans().neg, g.noun()[ine], g.adv())
	default:
		return g.sentence("", g.verb().imp, t[part], g.noun()[ill], g.adv(), g.noun()[ade])
	}
}

func (g *corpus) summary() string {
	switch g.r.IntN(3) {
	case 0:
		return g.sentence(".", "näin", g.verb().p2, g.noun()[part], g.noun()[ine]+",", "kun", g.noun()[nom], g.intrans().p3, g.noun()[ade], g.adv())
	case 1:
		return g.sentence(".", "ohje", "kertoo,", "miten", g.verb().inf, g.adj().gen, g.noun()[gen], g.noun()[nom], g.noun()[ine], "ja", g.noun()[ade], g.adv())
	default:
		return g.sentence(".", g.verb().imp, g.noun()[gen], g.noun()[nom], g.noun()[ine]+",", "niin", g.noun()[nom], g.intrans().p3, g.noun()[ade], g.adv())
	}
}

// ---- slugs and YAML ----

var fold = strings.NewReplacer("ä", "a", "ö", "o", "å", "a", "é", "e", "Ä", "a", "Ö", "o", "Å", "a")

// Slugify turns a title into a slug: lowercase a-z, 0-9 and single hyphens, at most six words.
func Slugify(title string) string {
	s := fold.Replace(strings.ToLower(title))
	var b strings.Builder
	words, hyphen := 0, false
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if hyphen && b.Len() > 0 {
				if words == 6 {
					break
				}
				b.WriteByte('-')
			}
			if b.Len() == 0 || hyphen {
				words++
			}
			hyphen = false
			b.WriteRune(r)
		} else {
			hyphen = true
		}
	}
	if b.Len() == 0 {
		return "sivu"
	}
	return b.String()
}

func (g *corpus) uniqueSlug(title string) string {
	return uniqueIn(g.usedSlugs, Slugify(title))
}

func uniqueIn(used map[string]int, s string) string {
	n := used[s]
	used[s] = n + 1
	if n == 0 {
		return s
	}
	for {
		n++
		c := s + "-" + strconv.Itoa(n)
		if used[c] == 0 {
			used[c] = 1
			return c
		}
	}
}

// yamlStr returns s as a YAML scalar: plain where a plain block scalar reads back
// as the same string, double-quoted otherwise.
func yamlStr(s string) string {
	plain := s != "" && s == strings.TrimSpace(s) &&
		!strings.Contains(s, ": ") && !strings.Contains(s, " #") && !strings.HasSuffix(s, ":") &&
		!strings.ContainsAny(s, "\"'`\\\t\n") && !strings.ContainsRune("-?:,[]{}#&*!|>%@", rune(s[0])) &&
		!(s[0] >= '0' && s[0] <= '9')
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~":
		plain = false
	}
	if plain {
		return s
	}
	return strconv.Quote(s)
}

func yamlList(items []string) string {
	return "[" + strings.Join(items, ", ") + "]"
}

// ---- files ----

func (g *corpus) subset(ids []string, minN int) []string {
	var out []string
	for _, id := range ids {
		if g.r.IntN(2) == 0 {
			out = append(out, id)
		}
	}
	for len(out) < minN {
		out = append(out[:0], ids[g.r.IntN(len(ids))])
	}
	return out
}

func (g *corpus) cardFile(sb *strings.Builder, i int) {
	c := &g.cards[i]
	g.topic, g.topic2 = c.topic, c.topic2
	sb.WriteString("---\ntitle: ")
	sb.WriteString(yamlStr(c.title))
	sb.WriteString("\nsummary: ")
	sb.WriteString(yamlStr(g.summary()))
	sb.WriteByte('\n')
	if g.r.IntN(100) >= 15 { // missing = everyone
		sb.WriteString("segments: " + yamlList(g.subset(SegmentIDs, 1)) + "\n")
	}
	if g.r.IntN(100) >= 25 {
		sb.WriteString("areas: " + yamlList(g.subset(AreaIDs, 1)) + "\n")
	}
	tags := []string{g.v.nouns[c.topic][nom]}
	if c.topic2 != c.topic {
		tags = append(tags, g.v.nouns[c.topic2][nom])
	}
	for k := g.r.IntN(3); k > 0; k-- {
		t := g.v.nouns[g.nz.pick(g.r)][nom]
		dup := false
		for _, x := range tags {
			dup = dup || x == t
		}
		if !dup {
			tags = append(tags, t)
		}
	}
	sb.WriteString("tags: " + yamlList(tags) + "\n")
	fmt.Fprintf(sb, "updated: %04d-%02d-%02d\n", 2021+g.r.IntN(5), 1+g.r.IntN(12), 1+g.r.IntN(28))
	fmt.Fprintf(sb, "weight: %d\n", 10*(1+g.r.IntN(10)))
	sb.WriteString("---\n")

	// Body: 2-4 paragraphs, a ## heading, a numbered list, maybe a callout and a link.
	g.words = 0
	target := 85 + g.r.IntN(56) // 85..140 words
	paras := 2 + g.r.IntN(3)
	for k := 2 + g.r.IntN(2); k > 0; k-- { // intro paragraph
		sb.WriteString(g.bodySentence())
		if k > 1 {
			sb.WriteByte(' ')
		}
	}
	sb.WriteString("\n\n")
	sb.WriteString("## " + g.heading() + "\n\n")
	steps := 3 + g.r.IntN(4)
	for s := 1; s <= steps; s++ {
		fmt.Fprintf(sb, "%d. %s\n", s, g.stepSentence())
	}
	sb.WriteByte('\n')
	if g.r.IntN(100) < 30 {
		kind := "VINKKI"
		switch x := g.r.IntN(10); {
		case x >= 8:
			kind = "TÄRKEÄÄ"
		case x >= 6:
			kind = "HUOM"
		}
		sb.WriteString("> [!" + kind + "]\n> " + g.bodySentence() + "\n\n")
	}
	for p := 1; p < paras; p++ {
		// spread what is left of the target over the remaining paragraphs
		left := paras - p
		per := (target - g.words) / left
		if per < 8 {
			per = 8
		}
		stop := g.words + per
		for k := 0; k == 0 || g.words < stop-4; k++ {
			if k > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(g.bodySentence())
		}
		if p == paras-1 && c.linkTo >= 0 {
			o := &g.cards[c.linkTo]
			fmt.Fprintf(sb, " Katso myös ohje [%s](../%s/%s.md).", o.title, g.tools[o.tool].id, o.slug)
			g.words += 3 + len(strings.Fields(o.title))
		}
		sb.WriteString("\n\n")
	}
}

func (g *corpus) toolPage(t int) []byte {
	td := g.tools[t]
	var sb strings.Builder
	sb.WriteString("---\ntitle: " + yamlStr(td.title) + "\n")
	purpose := capitalize(td.title) + "-työkalulla " + strings.TrimSuffix(strings.ToLower(g.bodySentence()), ".") + "."
	sb.WriteString("purpose: " + yamlStr(purpose) + "\n")
	if td.link != "" {
		sb.WriteString("link: " + td.link + "\n")
	}
	fmt.Fprintf(&sb, "weight: %d\n", 10*(t+1))
	if g.r.IntN(2) == 0 {
		sb.WriteString("changes:\n")
		for k := 1 + g.r.IntN(2); k > 0; k-- {
			fmt.Fprintf(&sb, "  - date: %04d-%02d-%02d\n", 2021+g.r.IntN(5), 1+g.r.IntN(12), 1+g.r.IntN(28))
			sb.WriteString("    what: " + yamlStr(g.bodySentence()) + "\n")
			sb.WriteString("    why: " + yamlStr(g.bodySentence()) + "\n")
		}
	}
	sb.WriteString("---\n")
	for p := 1 + g.r.IntN(2); p > 0; p-- {
		for k := 2 + g.r.IntN(3); k > 0; k-- {
			sb.WriteString(g.bodySentence())
			if k > 1 {
				sb.WriteByte(' ')
			}
		}
		sb.WriteString("\n\n")
	}
	return []byte(sb.String())
}

func (g *corpus) pathFile(p int, used map[string]int) (string, []byte) {
	// Cards of one tool, in weight order as a mentor would pick them; tools with no
	// cards (fewer cards than tools) are skipped.
	nt := len(g.tools)
	if len(g.cards) < nt {
		nt = len(g.cards)
	}
	t := (p*7 + g.r.IntN(nt)) % nt
	var pool []int
	for i := t; i < len(g.cards); i += len(g.tools) {
		pool = append(pool, i)
	}
	n := 3 + g.r.IntN(6)
	if n > len(pool) {
		n = len(pool)
	}
	perm := g.r.Perm(len(pool))[:n]
	sort.Ints(perm)

	td := g.tools[t]
	var title string
	switch g.r.IntN(4) {
	case 0:
		title = td.title + " tutuksi"
	case 1:
		title = "Ensiaskeleet " + td.title + "-työkaluun"
	case 2:
		title = capitalize(g.v.nouns[g.nz.pick(g.r)][gen]) + " perusteet"
	default:
		title = capitalize(g.adj().nom) + " " + g.v.nouns[g.nz.pick(g.r)][nom] + " haltuun"
	}
	slug := uniqueIn(used, Slugify(title))
	var sb strings.Builder
	sb.WriteString("---\ntitle: " + yamlStr(title) + "\n")
	sb.WriteString("segment: " + SegmentIDs[p%len(SegmentIDs)] + "\n")
	sb.WriteString("summary: " + yamlStr(g.summary()) + "\n")
	sb.WriteString("steps:\n")
	for _, k := range perm {
		c := &g.cards[pool[k]]
		sb.WriteString("  - " + g.tools[c.tool].id + "/" + c.slug + "\n")
	}
	fmt.Fprintf(&sb, "weight: %d\n", 10*(p+1))
	sb.WriteString("---\n")
	sb.WriteString(g.bodySentence() + " " + g.bodySentence() + "\n")
	return slug, []byte(sb.String())
}

const siteYAML = `title: Digimentorien tietopankki (benchmark)
description: Selkeät ohjeet työn digityökaluihin.
language: fi
baseURL: https://bench.example.fi/
theme: default
staleAfterMonths: 12
help:
  name: Digimentorit
  text: Kysy meiltä, kun jokin ei onnistu.
  email: digimentorit@example.fi
  phone: "044 123 4567"
  hours: ma–pe klo 8–15
segments:
  - id: alkava
    name: Alkava
    summary: Olet varovainen ja haluat edetä rauhassa.
    traits: [käyttää tietokonetta vähän, pelkää tekevänsä virheen]
    needs: [lyhyet ohjeet, kuvat jokaisesta vaiheesta, apu lähellä]
  - id: kokeileva
    name: Kokeileva
    summary: Osaat perusasiat ja kokeilet uutta, kun siitä on hyötyä.
    traits: [käyttää puhelinta sujuvasti, oppii tekemällä]
    needs: [vinkit, uudet toiminnot, pikanäppäimet]
  - id: vahva
    name: Vahva
    summary: Käytät digityökaluja sujuvasti ja autat myös työkavereita.
    traits: [ottaa uudet työkalut käyttöön ensimmäisenä, neuvoo muita]
    needs: [muutokset nopeasti, ohjeet työkavereille jaettavaksi]
areas:
  - id: terveys
    name: Terveys- ja sairaanhoitopalvelut
  - id: perhe
    name: Perhe- ja sosiaalipalvelut
  - id: ikaantyneet
    name: Ikääntyneiden palvelut
`

const synonymsYAML = `- [videovastaanotto, etävastaanotto, videopuhelu]
- [teams, tiimit]
- [kokous, palaveri]
- [salasana, tunnussana]
- [sähköposti, meili, posti]
- [tulostin, printteri]
- [ajanvaraus, varaus]
`

const glossaryYAML = `- word: autentikoida
  plain: tunnistautua
  explain: Kerrot palvelulle, kuka olet, esimerkiksi pankkitunnuksilla.
- word: synkronoida
  plain: päivittää samaksi
  explain: Tiedostot ovat samat puhelimessa ja tietokoneessa.
- word: notifikaatio
  plain: ilmoitus
- word: URL
  plain: verkko-osoite
  explain: Osoite, jolla sivu avautuu selaimessa.
- word: konfiguroida
  plain: asettaa
`
