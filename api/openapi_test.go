package api_test

// These tests tie the OpenAPI document to the code, so that neither can
// change without the other: the routes, the version, the code lists and the
// shape of real responses.

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/api"
)

// openAPI is the decoded document.
type openAPI map[string]any

func loadOpenAPI(t *testing.T) openAPI {
	t.Helper()
	var doc openAPI
	if err := json.Unmarshal(api.OpenAPIDocument(), &doc); err != nil {
		t.Fatalf("api/openapi.json is not JSON: %v", err)
	}
	return doc
}

// obj returns v as a JSON object, or nil.
func obj(v any) map[string]any {
	switch v := v.(type) {
	case map[string]any:
		return v
	case openAPI:
		return v
	}
	return nil
}

// get walks a path of object keys from v.
func get(v any, keys ...string) any {
	for _, k := range keys {
		v = obj(v)[k]
	}
	return v
}

// deref follows $ref (a local JSON pointer) until v is not a reference.
func (doc openAPI) deref(v any) (map[string]any, error) {
	m := obj(v)
	for seen := 0; m != nil && m["$ref"] != nil; seen++ {
		ref, _ := m["$ref"].(string)
		if seen > 32 || !strings.HasPrefix(ref, "#/") {
			return nil, fmt.Errorf("cannot follow $ref %q", ref)
		}
		var cur any = map[string]any(doc)
		for _, k := range strings.Split(ref[2:], "/") {
			k = strings.NewReplacer("~1", "/", "~0", "~").Replace(k)
			cur = obj(cur)[k]
		}
		if cur == nil {
			return nil, fmt.Errorf("$ref %q points nowhere", ref)
		}
		m = obj(cur)
	}
	return m, nil
}

var operationMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// serverPrefix is the path of the document's only server.
func serverPrefix(t *testing.T, doc openAPI) string {
	t.Helper()
	servers, _ := doc["servers"].([]any)
	if len(servers) != 1 {
		t.Fatalf("want exactly one server, got %v", doc["servers"])
	}
	u, _ := get(servers[0], "url").(string)
	return u
}

func TestOpenAPIServerIsTheAPIPrefix(t *testing.T) {
	if got := serverPrefix(t, loadOpenAPI(t)); got != api.Prefix {
		t.Errorf("servers[0].url = %q, want %q", got, api.Prefix)
	}
}

func TestOpenAPIPathsAreTheRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	prefix := serverPrefix(t, doc)
	var documented []string
	for path, item := range obj(doc["paths"]) {
		for _, m := range operationMethods {
			if obj(item)[m] != nil {
				documented = append(documented, strings.ToUpper(m)+" "+prefix+path)
			}
		}
	}
	var routes []string
	for _, r := range newHandler(vios.Services{}).Routes() {
		routes = append(routes, r.Method+" "+r.Pattern)
	}
	sort.Strings(documented)
	sort.Strings(routes)
	if !slices.Equal(documented, routes) {
		t.Errorf("the document describes\n  %s\nbut the API has the routes\n  %s",
			strings.Join(documented, "\n  "), strings.Join(routes, "\n  "))
	}
}

// TestOpenAPIOperations checks what the ADR linter cannot: every operation
// has an id and a tag, and every path parameter is documented.
func TestOpenAPIOperations(t *testing.T) {
	doc := loadOpenAPI(t)
	prefix := serverPrefix(t, doc)
	public := map[string]bool{}
	for _, r := range newHandler(vios.Services{}).Routes() {
		public[strings.ToLower(r.Method)+" "+r.Pattern] = r.Public
	}
	wildcard := regexp.MustCompile(`\{([^}]+)\}`)
	ids := map[string]bool{}
	for path, item := range obj(doc["paths"]) {
		for _, m := range operationMethods {
			op := obj(obj(item)[m])
			if op == nil {
				continue
			}
			id, _ := op["operationId"].(string)
			if !regexp.MustCompile(`^[a-z][a-zA-Z]+$`).MatchString(id) || ids[id] {
				t.Errorf("%s %s: operationId %q is not unique lowerCamelCase", m, path, id)
			}
			ids[id] = true
			if tags, _ := op["tags"].([]any); len(tags) == 0 {
				t.Errorf("%s %s: no tags", m, path)
			}
			// The document has no default security: each operation says
			// what it needs, and a public route says so with an empty list
			// (security: []), so that nothing reads as public by omission.
			if sec, ok := op["security"].([]any); !ok {
				t.Errorf("%s %s: no security (use [] for a public operation)", m, path)
			} else if (len(sec) == 0) != public[m+" "+prefix+path] {
				t.Errorf("%s %s: security %v, but the route is public: %v", m, path, sec, public[m+" "+prefix+path])
			}
			var params []string
			ps, _ := op["parameters"].([]any)
			for _, p := range ps {
				p, err := doc.deref(p)
				if err != nil {
					t.Fatal(err)
				}
				if p["in"] == "path" {
					params = append(params, p["name"].(string))
				}
				if d, _ := p["description"].(string); d == "" {
					t.Errorf("%s %s: parameter %v has no description", m, path, p["name"])
				}
			}
			var want []string
			for _, w := range wildcard.FindAllStringSubmatch(path, -1) {
				want = append(want, w[1])
			}
			slices.Sort(params)
			slices.Sort(want)
			if !slices.Equal(params, want) {
				t.Errorf("%s %s: path parameters %v, want %v", m, path, params, want)
			}
		}
	}
}

// TestOpenAPILicense: the API design rules ask for the licence of the API
// in the document (info.license); it is the code's own (LICENSE).
func TestOpenAPILicense(t *testing.T) {
	doc := loadOpenAPI(t)
	if name, _ := get(doc, "info", "license", "name").(string); name != "EUPL-1.2" {
		t.Errorf("info.license.name = %q, want EUPL-1.2 (LICENSE)", name)
	}
}

func TestOpenAPIVersion(t *testing.T) {
	doc := loadOpenAPI(t)
	if got := get(doc, "info", "version"); got != vios.Version {
		t.Errorf("info.version = %v, want vios.Version %q", got, vios.Version)
	}
	if got := get(doc, "components", "headers", "API-Version", "schema", "example"); got != vios.Version {
		t.Errorf("the API-Version header example is %v, want %q", got, vios.Version)
	}
}

// codeSchemas are the schemas that list the codes of the domain.
var codeSchemas = map[string][]vios.Label{
	"ElementCode":        vios.Elements,
	"Tijdreeks":          vios.Grains,
	"OverdrachtStatus":   vios.TransferStatuses,
	"ModelCode":          vios.Models,
	"SchooltypeCode":     vios.SchoolTypes,
	"KennisbankSoort":    vios.KnowledgeKinds,
	"Zichtbaarheid":      vios.KnowledgeVisibilities,
	"TrainingSoort":      vios.TrainingKinds,
	"NieuwsbriefStatus":  vios.NewsletterStatuses,
	"FaseCode":           vios.Phases,
	"ElementStatus":      vios.ElementStatuses,
	"BereikStatus":       vios.ReachStatuses,
	"SoortGemeente":      vios.MunicipalityKinds,
	"RolCode":            vios.Roles,
	"NetwerkSoort":       vios.NetworkKinds,
	"NetwerkNiveau":      vios.NetworkLevels,
	"NetwerkPositie":     labelled(vios.PositionLabel, vios.PositionMember, vios.PositionDeputy),
	"NetwerkFunctie":     labelled(vios.FunctionLabel, vios.FunctionChair, vios.FunctionSecretary),
	"OverlegStatus":      labelled(vios.MeetingStatusLabel, vios.MeetingPlanned, vios.MeetingPublished, vios.MeetingHeld, vios.MeetingCancelled),
	"AgendapuntSoort":    vios.AgendaItemKinds,
	"AgendapuntStatus":   labelled(vios.AgendaItemStatusLabel, vios.ItemProposed, vios.ItemAccepted, vios.ItemRejected),
	"AanwezigheidStatus": vios.AttendanceStatuses,
	"ActiepuntStatus":    vios.ActionStatuses,
	"ConvenantStatus":    labelled(vios.CovenantStatusLabel, vios.CovenantDraft, vios.CovenantActive, vios.CovenantExpired, vios.CovenantEnded),
	"PartijStatus":       labelled(vios.PartyStatusLabel, vios.PartyInvited, vios.PartyPending, vios.PartySigned, vios.PartyDeclined, vios.PartyWithdrawn),
	"Gegevenscategorie":  vios.DataCategories,
	"Grondslag":          vios.LegalBases,
	"OntvangerSoort":     vios.RecipientKinds(),
	"PrioriteitStatus":   vios.PriorityStatuses,
	"NalevingOordeel":    vios.ComplianceVerdicts,
	"StartvraagStatus":   vios.StartStatuses,
	"SoortOrganisatie":   vios.StartOrganisationKinds,
	"ProvincieCode":      vios.Provinces,
	"HulpvraagStatus":    vios.HelpStatuses,
}

// labelled makes a code list of codes whose list the domain keeps to itself.
func labelled(label func(string) string, codes ...string) []vios.Label {
	var list []vios.Label
	for _, c := range codes {
		list = append(list, vios.Label{Code: c, Label: label(c)})
	}
	return list
}

func TestOpenAPIEnumsAreTheCodeLists(t *testing.T) {
	doc := loadOpenAPI(t)
	for name, labels := range codeSchemas {
		s := obj(get(doc, "components", "schemas", name))
		if s == nil {
			t.Errorf("schema %s is missing", name)
			continue
		}
		var enum []string
		for _, v := range s["enum"].([]any) {
			enum = append(enum, v.(string))
		}
		if want := vios.Codes(labels); !slices.Equal(enum, want) {
			t.Errorf("%s enum = %v, want %v", name, enum, want)
		}
		// The description lists each code with its Dutch label, in order.
		var lines []string
		for _, l := range strings.Split(s["description"].(string), "\n") {
			if strings.HasPrefix(l, "- ") {
				lines = append(lines, l)
			}
		}
		var want []string
		for _, l := range labels {
			want = append(want, fmt.Sprintf("- `%s`: %s", l.Code, l.Label))
		}
		if !slices.Equal(lines, want) {
			t.Errorf("%s description lists\n  %s\nwant\n  %s", name, strings.Join(lines, "\n  "), strings.Join(want, "\n  "))
		}
	}

	// An enum anywhere else could drift: properties and parameters refer to
	// the code schemas instead.
	allowed := map[string]bool{"/components/headers/Access-Control-Allow-Origin/schema": true}
	for name := range codeSchemas {
		allowed["/components/schemas/"+name] = true
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if _, ok := v["enum"]; ok && !allowed[path] {
				t.Errorf("enum at %s: refer to one of the code schemas instead", path)
			}
			for k, c := range v {
				walk(path+"/"+k, c)
			}
		case []any:
			for i, c := range v {
				walk(path+"/"+strconv.Itoa(i), c)
			}
		}
	}
	walk("", map[string]any(doc))
}

// TestUndocumentedProblemsFitTheProblemSchema covers the problems that no
// operation documents: unknown paths and methods.
func TestUndocumentedProblemsFitTheProblemSchema(t *testing.T) {
	doc := loadOpenAPI(t)
	h, _ := newAPI(t)
	for _, r := range []struct{ method, target string }{
		{"GET", "/api/v1/nope"},
		{"GET", "/api/v1/aanpakken/"},
		{"POST", "/api/v1/aanpakken"},
		{"DELETE", "/api/v1/openapi.json"},
	} {
		res := do(t, h, r.method, r.target)
		var body any
		if err := json.Unmarshal(res.body, &body); err != nil {
			t.Fatalf("%s %s: body is not JSON: %v", r.method, r.target, err)
		}
		for _, e := range doc.schemaErrors(map[string]any{"$ref": "#/components/schemas/Problem"}, body, r.method+" "+r.target) {
			t.Error(e)
		}
	}
}
