package generator

import (
	"strings"
	"testing"

	"tietopankki/internal/htmlscan"
)

// TestFeedbackWidget renders the minimal site in each feedback mode: the
// widget is on every card, tool page and learning path and on the search
// page only when the site takes feedback, posts where that mode says, and
// on Netlify declares the form for Netlify Forms with the same fields
// everywhere.
func TestFeedbackWidget(t *testing.T) {
	for _, tc := range []struct {
		mode, action string
	}{
		{"", ""},
		{"off", ""},
		{"server", "/api/feedback"},
		{"netlify", "/palaute/kiitos/"},
	} {
		t.Run("feedback="+tc.mode, func(t *testing.T) {
			files := with(minimal, nil)
			if tc.mode != "" {
				files["site.yaml"] += "feedback: " + tc.mode + "\n"
			}
			r := renderFiles(t, files, RenderOptions{})
			withWidget := []string{"tools/teams/liity-kokoukseen/index.html", "tools/teams/index.html", "search/index.html"}
			for _, p := range r.Site.Paths {
				withWidget = append(withWidget, "paths/"+p.Slug+"/index.html")
			}
			for _, page := range withWidget {
				tags, err := htmlscan.Scan(string(r.file(t, page)))
				if err != nil {
					t.Fatal(err)
				}
				var forms []htmlscan.Tag
				fields := map[string]bool{}
				inForm := false
				for _, tag := range tags {
					switch {
					case tag.Name == "form" && !tag.End:
						if _, ok := tag.Attr("data-feedback"); ok {
							forms = append(forms, tag)
							inForm = true
						}
					case tag.Name == "form" && tag.End:
						inForm = false
					case inForm && !tag.End && (tag.Name == "input" || tag.Name == "textarea"):
						name, _ := tag.Attr("name")
						fields[name] = true
					}
				}
				if tc.action == "" {
					if len(forms) != 0 {
						t.Errorf("%s: a feedback form with feedback %q", page, tc.mode)
					}
					continue
				}
				if len(forms) != 1 {
					t.Fatalf("%s: %d feedback forms, want 1", page, len(forms))
				}
				if got, _ := forms[0].Attr("action"); got != tc.action {
					t.Errorf("%s: action %q, want %q", page, got, tc.action)
				}
				want := []string{"page", "helpful", "comment", "q", "bot-field"}
				if tc.mode == "netlify" {
					want = append(want, "form-name")
					name, _ := forms[0].Attr("name")
					dn, _ := forms[0].Attr("data-netlify")
					hp, _ := forms[0].Attr("netlify-honeypot")
					if name != "palaute" || dn != "true" || hp != "bot-field" {
						t.Errorf("%s: Netlify attributes name=%q data-netlify=%q netlify-honeypot=%q", page, name, dn, hp)
					}
				}
				for _, f := range want {
					if !fields[f] {
						t.Errorf("%s: the form has no field %q (Netlify takes only declared fields)", page, f)
					}
				}
				if len(fields) != len(want) {
					t.Errorf("%s: fields %v, want exactly %v", page, fields, want)
				}
			}
			_, thanks := r.Out.File("palaute/kiitos/index.html")
			if thanks != (tc.action != "") {
				t.Errorf("the thank-you page exists: %v", thanks)
			}
			if strings.Contains(string(r.file(t, "sitemap.xml")), "palaute") {
				t.Error("the thank-you page is in the sitemap")
			}
		})
	}
	files := with(minimal, nil)
	files["site.yaml"] += "feedback: email\n"
	_, diags := site(t, files)
	if len(diags) != 1 || diags[0].Rule != "bad-value" || diags[0].Pos.File != ConfigFile {
		t.Errorf("feedback: email gave %v", diags)
	}
}
