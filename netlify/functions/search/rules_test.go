package main

import (
	"encoding/json"
	"testing"
)

// TestNetlifyFunctionSearchRules: the function answers with the search
// rules of the shared Go code: swapped letters are one edit, a pinned help
// page comes first, and results with every word are counted apart.
func TestNetlifyFunctionSearchRules(t *testing.T) {
	fn := newFunction(t)
	type answer struct {
		Total    int `json:"total"`
		Complete int `json:"complete"`
		Partial  int `json:"partial"`
		Results  []struct {
			ID      string `json:"id"`
			Kind    string `json:"kind"`
			Partial bool   `json:"partial"`
		} `json:"results"`
	}
	search := func(q string) answer {
		t.Helper()
		res := invoke(t, fn, get("/api/search", map[string]string{"q": q}))
		var a answer
		if err := json.Unmarshal([]byte(res.Body), &a); err != nil || res.StatusCode != 200 {
			t.Fatalf("%q: status %d, %v: %s", q, res.StatusCode, err, res.Body)
		}
		return a
	}
	for q, want := range map[string]string{"taems": "tools/teams", "ondrvie": "tools/onedrive", "kenelle soitan": "pages/apua"} {
		if a := search(q); len(a.Results) == 0 || a.Results[0].ID != want {
			t.Errorf("%q: first result %+v, want %s", q, a.Results, want)
		}
	}
	a := search("kokous puhelimella")
	if a.Complete == 0 || a.Partial == 0 || a.Total != a.Complete || a.Results[0].Partial || !a.Results[len(a.Results)-1].Partial {
		t.Errorf("kokous puhelimella: total %d, %d with both words, %d with one, results %+v; want the total of those with both, listed first",
			a.Total, a.Complete, a.Partial, a.Results)
	}
}
