package htmlscan

import (
	"strings"
	"testing"
)

// TestScan checks the scanner.
func TestScan(t *testing.T) {
	doc := "<!DOCTYPE html>\n<!-- <a href=x> -->\n<html lang=fi><p class=\"a b\" data-x='1 > 2' hidden>1 < 2 &amp; <b>x</b>\n" +
		"<script src=\"/a.js\" defer></script><script>var a = \"<p>\";</script><img alt=\"&quot;Kuva&quot;\" src=k.png /><br/></html>"
	tags, err := Scan(doc)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tag := range tags {
		got = append(got, tag.String())
	}
	want := []string{
		`<html lang="fi">`,
		`<p class="a b" data-x="1 > 2" hidden="">`,
		`<b>`, `</b>`,
		`<script src="/a.js" defer="">`, `</script>`,
		`<script>`, `</script>`,
		`<img alt="\"Kuva\"" src="k.png">`,
		`<br>`,
		`</html>`,
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got\n%v\nwant\n%v", got, want)
	}
	if got, want := tags[6].Text, `var a = "<p>";`; got != want {
		t.Errorf("script text got %q, want %q", got, want)
	}
	if got, want := tags[1].Line, 3; got != want {
		t.Errorf("line got %d, want %d", got, want)
	}
	for _, bad := range []string{`<a href="x>`, `<p class=a class=b>`, `<!-- x`, `<script>x`, `<p`} {
		if _, err := Scan(bad); err == nil {
			t.Errorf("Scan(%q): no error", bad)
		}
	}
}
