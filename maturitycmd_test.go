package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// mtyRounds are two rounds of the tests' tool Teams in the area Terveys:
// the mean goes from 200 to 252 over the same units (+26 %), and a unit
// that joined later does not count.
var mtyRounds = map[string]string{
	"maturity/2021-05.csv": "yksikkö;palvelualue;työkalu;arvioitu;taso;mentori\n" +
		"Kotihoito Lahti itä;terveys;Teams;31.5.2021;100;AK\nNeuvola Hollola;Terveys;teams;1.6.2021;300;\n",
	"maturity/2021-12.csv": "yksikkö,palvelualue,työkalu,arvioitu,taso\n" +
		"Kotihoito Lahti itä,terveys,Teams,2021-12-01,204\nNeuvola Hollola,terveys,Teams,2021-12-02,300\nUusi yksikkö,terveys,Teams,2021-12-03,500\n",
}

func TestMaturityCommand(t *testing.T) {
	dir := chkContent(t, mtyRounds)

	code, out, errs := chkRun(t, "maturity", "--content", dir, "--lang", "fi")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Arviointikierroksia 2:", "Terveys  +26\u00a0%  keskitaso 2021-05: 200,0 → 2021-12: 252,0, 2 arviota kummallakin kierroksella",
		"Teams, kierros 2021-12: 3 yksikköä, keskitaso 334,7, tasolla alle 300: 1", "500  Laajasti käytössä  1  +1 kierroksesta 2021-05"} {
		if !strings.Contains(out, want) {
			t.Errorf("the text has no %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "AK") {
		t.Error("the mentor is printed")
	}

	code, out, _ = chkRun(t, "maturity", "--content", dir) // the tests' runs speak English
	if code != exitOK || !strings.Contains(out, "Terveys  +26%  mean level 2021-05: 200.0 → 2021-12: 252.0") {
		t.Errorf("English: exit %d\n%s", code, out)
	}

	code, out, _ = chkRun(t, "maturity", "--content", dir, "--format", "json")
	var got struct {
		Rounds []struct{ Name, Date string }
		Areas  []struct {
			ID         string
			Growth     *float64
			GrowthText string
			Pairs      int
		}
		Tools []struct {
			ID     string
			Levels []struct{ Level, Count, Previous, Change int }
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != exitOK {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	if len(got.Rounds) != 2 || got.Rounds[1].Date != "2021-12-03" || len(got.Areas) != 1 || got.Areas[0].Growth == nil ||
		*got.Areas[0].Growth != 0.26 || got.Areas[0].GrowthText != "+26%" || got.Areas[0].Pairs != 2 {
		t.Errorf("json: %+v", got)
	}
	if l := got.Tools[0].Levels[3]; l.Level != 300 || l.Count != 1 || l.Previous != 1 || l.Change != 0 {
		t.Errorf("json level 300: %+v", l)
	}
}

// TestMaturityCommandErrors: a broken round gives its diagnostics and exit
// 1; a site without rounds says so; bad flags are usage errors.
func TestMaturityCommandErrors(t *testing.T) {
	dir := chkContent(t, map[string]string{"maturity/2021-05.csv": "yksikkö;palvelualue;työkalu;arvioitu;taso\nA;terveys;Temas;31.5.2021;100\n"})
	code, out, errs := chkRun(t, "maturity", "--content", dir)
	if code != exitContent || out != "" || !strings.Contains(errs, "/maturity/2021-05.csv:2:11: unknown tool \"Temas\" (did you mean \"teams\"?)") {
		t.Errorf("exit %d, stdout %q, stderr:\n%s", code, out, errs)
	}

	code, out, _ = chkRun(t, "maturity", "--content", chkContent(t, nil), "--lang", "fi")
	if code != exitOK || !strings.Contains(out, "ei ole arviointikierroksia") {
		t.Errorf("no rounds: exit %d, %q", code, out)
	}
	for _, args := range [][]string{{"maturity", "--format", "xml"}, {"maturity", "extra"}, {"maturity", "--content", "/no/such/folder"}} {
		if code, _, _ := chkRun(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// TestMaturityCommandHelp: the command is listed and has --help.
func TestMaturityCommandHelp(t *testing.T) {
	var out bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &out}
	m.Run(context.Background(), []string{"help"})
	if !strings.Contains(out.String(), "maturity") {
		t.Errorf("help does not list maturity:\n%s", out.String())
	}
	if code, _, errs := chkRun(t, "maturity", "--help"); code != exitOK || !strings.Contains(errs, "--format") {
		t.Errorf("--help: exit %d\n%s", code, errs)
	}
}
