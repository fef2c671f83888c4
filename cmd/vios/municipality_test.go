package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/keys"
)

// vios municipality add creates the municipality, its key in the key file
// and the first beheerder's invitation (printed and mailed); bad input is
// refused with a Dutch message per option and changes nothing.
func TestMunicipalityAdd(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "sleutels.txt")
	logKey, err := keys.GenerateLogKey(1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := appendKeyLines(keyFile, []string{logKey}); err != nil {
		t.Fatal(err)
	}
	getenv := keysEnv(t, map[string]string{"VIOS_KEY_FILE": keyFile, "VIOS_BASE_URL": "https://vios.example"})
	out, _, err := runCmd(t, getenv, "municipality", "add", "--slug", "purmerend", "--naam", "Purmerend", "--email", "Beheer@Purmerend.example")
	if err != nil || !strings.Contains(out, "Gemeente Purmerend (purmerend) is toegevoegd") || !strings.Contains(out, "https://vios.example/uitnodiging/") {
		t.Fatalf("municipality add: %q, %v", out, err)
	}
	link := out[strings.Index(out, "https://vios.example/uitnodiging/"):]
	link = link[:strings.IndexByte(link, '\n')]

	db := openStore(t, getenv)
	ctx := vios.NewSystemContext(context.Background(), "test")
	m, err := db.Organisations.FindMunicipalityBySlug(ctx, "purmerend")
	if err != nil {
		t.Fatal(err)
	}
	ring, err := keys.Load(keyFile)
	if err != nil || ring.Active(m.ID) != 1 || !strings.Contains(readFile(t, keyFile), "# purmerend\n") {
		t.Fatalf("key file after add: active version %d, %v", ring.Active(m.ID), err)
	}
	mails, err := db.Accounts.ListMail(ctx, 10)
	if err != nil || len(mails) != 1 || mails[0].Recipient != "beheer@purmerend.example" || !strings.Contains(mails[0].Body, link) {
		t.Fatalf("invitation mail: %+v, %v", mails, err)
	}
	u, _, err := db.Accounts.FindCredentials(ctx, "beheer@purmerend.example")
	if err != nil || len(u.Memberships) != 1 || u.Memberships[0].Role != vios.RoleBeheerder || u.Memberships[0].MunicipalityID != m.ID {
		t.Fatalf("first beheerder: %+v, %v", u, err)
	}
	if a, err := db.Approaches.FindApproachByMunicipality(ctx, "purmerend"); err != nil || len(a.Elements) != len(vios.Elements) {
		t.Fatalf("starter approach: %+v, %v", a, err)
	}
	db.Close()

	before := readFile(t, keyFile)
	for _, tt := range []struct {
		name string
		env  map[string]string
		args []string
		want []string
	}{
		{"slug exists", nil, []string{"--slug", "purmerend", "--naam", "Purmerend", "--email", "ander@purmerend.example"},
			[]string{"Er staat al een gemeente met de code 'purmerend'"}},
		{"malformed slug", nil, []string{"--slug", "Den Haag", "--naam", "Den Haag", "--email", "beheer@denhaag.example"},
			[]string{"--slug: De code mag alleen kleine letters"}},
		// A name is one line: a line break would write a line of its own
		// (a key of someone else's choosing) into the key file.
		{"name of two lines", nil, []string{"--slug", "den-haag", "--naam", "Den Haag\n00000000-0000-4000-8000-000000000001 99 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n#", "--email", "beheer@denhaag.example"},
			[]string{"--naam: De naam is één regel, zonder stuurtekens."}},
		{"name and e-mail missing", nil, []string{"--slug", "den-haag"},
			[]string{"--naam: Vul de naam van de gemeente in.", "--email: Vul een geldig e-mailadres in"}},
		{"e-mail in use", nil, []string{"--slug", "den-haag", "--naam", "Den Haag", "--email", "beheer@purmerend.example"},
			[]string{"Er is al een account met dit e-mailadres."}},
		{"a region of one", nil, []string{"--slug", "parkstad", "--naam", "Parkstad", "--email", "beheer@parkstad.example", "--leden", "Heerlen"},
			[]string{"--leden: Een regionale samenwerking heeft minstens twee deelnemende gemeenten."}},
		{"keys only in VIOS_KEYS", map[string]string{"VIOS_KEY_FILE": "", "VIOS_KEYS": logKey},
			[]string{"--slug", "den-haag", "--naam", "Den Haag", "--email", "beheer@denhaag.example"}, []string{"alleen uit VIOS_KEYS"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCmd(t, with(getenv, tt.env), append([]string{"municipality", "add"}, tt.args...)...)
			for _, want := range tt.want {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("err = %v, want %q", err, want)
				}
			}
		})
	}
	if readFile(t, keyFile) != before {
		t.Error("refused input changed the key file")
	}
	db = openStore(t, getenv)
	if _, err := db.Organisations.FindMunicipalityBySlug(ctx, "den-haag"); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("a refused municipality was stored: %v", err)
	}
	if mails, _ := db.Accounts.ListMail(ctx, 10); len(mails) != 1 {
		t.Errorf("refused input queued mail: %d mails", len(mails))
	}
	if out, _, err := runCmd(t, getenv, "audit", "verify"); err != nil || !strings.Contains(out, "zijn intact") {
		t.Errorf("audit verify: %q, %v", out, err)
	}
	if _, err := os.Stat(keyFile + ".lock"); err == nil {
		t.Error("the key file's lock was left behind")
	}
	db.Close()

	// A regional collaboration: its members each get a municipal team that
	// signs the region's covenant for them.
	out, _, err = runCmd(t, getenv, "municipality", "add", "--slug", "parkstad", "--naam", "Parkstad", "--email", "beheer@parkstad.example",
		"--leden", "Heerlen, Kerkrade,Landgraaf")
	if err != nil || !strings.Contains(out, "regionale samenwerking van Heerlen, Kerkrade, Landgraaf") {
		t.Fatalf("a region: %q, %v", out, err)
	}
	db = openStore(t, getenv)
	region, err := db.Organisations.FindMunicipalityBySlug(ctx, "parkstad")
	if err != nil || region.Kind != vios.MunicipalityKindRegio || strings.Join(region.Members, ",") != "Heerlen,Kerkrade,Landgraaf" {
		t.Fatalf("the region: %+v, %v", region, err)
	}
	teams, err := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: region.ID, Kind: vios.OrgMunicipal})
	if err != nil || len(teams) != 3 || teams[1].Name != "Gemeente Kerkrade" || teams[1].MemberMunicipality != "Kerkrade" {
		t.Errorf("member teams: %+v, %v", teams, err)
	}
}
