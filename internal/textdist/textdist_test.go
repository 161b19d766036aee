package textdist

import "testing"

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"teams", "teams", 0},
		{"teams", "tems", 1},
		{"työkalu", "tyokalu", 1}, // runes, not bytes
		{"kokeileva", "alkava", 6},
		{"", "abc", 3},
	} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestClosest(t *testing.T) {
	cands := []string{"alkava", "kokeileva", "vahva"}
	for _, tc := range []struct{ s, want string }{
		{"alkva", "alkava"},
		{"kokeilva", "kokeileva"},
		{"vahvat", "vahva"},
		{"xyz", ""}, // nothing near
		{"alkava", "alkava"},
	} {
		if got := Closest(tc.s, cands); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.s, got, tc.want)
		}
	}
}
