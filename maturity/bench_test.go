package maturity

import (
	"strings"
	"testing"
	"testing/fstest"

	"tietopankki/internal/cputime"
	"tietopankki/internal/synth"
)

// BenchmarkRead reads and computes 10 rounds of 500 units with 10 tools
// (50,000 rows, half in Windows-1252 with semicolons, half UTF-8 with
// commas) as synth writes them: the work the maturity meter adds to a
// build before its pages are rendered.
func BenchmarkRead(b *testing.B) {
	files := synth.Generate(synth.Config{Seed: 1, Rounds: 10, Units: 500})
	fsys := fstest.MapFS{}
	var names []string
	rows := 0
	for name, data := range files {
		if strings.HasPrefix(name, Dir+"/") {
			fsys[name] = &fstest.MapFile{Data: data}
			names = append(names, name)
			rows += strings.Count(string(data), "\n") - 1
		}
	}
	cfg := Config{Areas: []Name{{"terveys", "Terveys- ja sairaanhoitopalvelut"}, {"perhe", "Perhe- ja sosiaalipalvelut"}, {"ikaantyneet", "Ikääntyneiden palvelut"}}}
	for _, tool := range synth.Tools(10) {
		cfg.Tools = append(cfg.Tools, Name{ID: tool[0], Name: tool[1]})
	}
	b.ReportAllocs()
	before := cputime.Used()
	for b.Loop() {
		r, problems := Read(fsys, names, cfg)
		if len(problems) > 0 || r == nil || len(r.Rounds) != 10 {
			b.Fatalf("%d problems, first %+v", len(problems), problems[0])
		}
	}
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric((cputime.Used()-before).Seconds()/float64(b.N), "cpu-s/op")
}
