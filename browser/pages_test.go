package browser

// pageTypes are the page types of the site, one sample page each. The
// tests' knowledge bank (testdata/content, testcontent.Fixture) is the
// fixture: these pages exist in it, and TestAccessibility checks each
// one's HTTP status, so a change of the fixture under the tests shows as
// such.
var pageTypes = []struct {
	name, path string
	status     int
}{
	{"home", "/", 200},
	{"tool", "/tools/teams/", 200},
	{"card", "/tools/teams/liity-kokoukseen/", 200},            // a path step with change notes
	{"card-stale", "/tools/digihoitopolut/lopeta-polku/", 200}, // older than staleAfterMonths: the notice
	{"segment", "/segments/alkava/", 200},
	{"path", "/paths/ensiaskeleet/", 200},
	{"area", "/areas/terveys/", 200},
	{"page", "/tietoa/", 200},
	{"page-guide", "/kirjoitusohje/", 200}, // the longest prose: tables, code blocks
	{"search", "/search/?q=kokous", 200},
	{"search-words", "/search/?q=kokous+puhelimella", 200}, // results with both words, then with one
	{"search-none", "/search/?q=qwxyzzy", 200},
	{"404", "/ei-tallaista-sivua/", 404},
	{"offline", "/offline/", 200},
	{"glossary", "/sanasto/", 200},
	{"maturity", "/kypsyys/", 200},            // the rounds in content/maturity/
	{"maturity-tool", "/kypsyys/teams/", 200}, // and their section on a tool page: "tool" above
}

// The sample's learning path and one of its middle steps.
const (
	samplePath     = "/paths/ensiaskeleet/"
	sampleQuery    = "kokous"
	sampleCard     = "/tools/teams/liity-kokoukseen/" // step 2 of samplePath
	sampleTool     = "teams"
	sampleToolName = "Teams"
)
