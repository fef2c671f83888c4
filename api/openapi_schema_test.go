package api_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios/api"
)

// schemaErrors reports where value does not fit schema: a property the
// schema does not declare, a required property that is missing, a wrong
// type, a value outside an enum or a string of the wrong format. It follows
// $ref and merges allOf; it knows the subset of OpenAPI 3.0 schemas that
// api/openapi.json uses and fails on a keyword it does not know.
func (doc openAPI) schemaErrors(schema any, value any, at string) []string {
	s, err := doc.flatten(schema)
	if err != nil {
		return []string{at + ": " + err.Error()}
	}
	if value == nil {
		if s["nullable"] == true {
			return nil
		}
		return []string{at + ": null, but the schema is not nullable"}
	}
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, at+": "+fmt.Sprintf(format, args...)) }
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, value) {
		fail("%v is not one of %v", value, enum)
	}
	switch s["type"] {
	case "object":
		v, ok := value.(map[string]any)
		if !ok {
			fail("%T, want an object", value)
			break
		}
		props := obj(s["properties"])
		for _, r := range s["required"].([]string) {
			if _, ok := v[r]; !ok {
				fail("required property %q is missing", r)
			}
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p, ok := props[k]
			if !ok {
				if s["additionalProperties"] == nil || s["additionalProperties"] == false {
					fail("property %q is not in the schema", k)
				}
				continue
			}
			errs = append(errs, doc.schemaErrors(p, v[k], at+"."+k)...)
		}
	case "array":
		v, ok := value.([]any)
		if !ok {
			fail("%T, want an array", value)
			break
		}
		for i, item := range v {
			errs = append(errs, doc.schemaErrors(s["items"], item, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "string":
		v, ok := value.(string)
		if !ok {
			fail("%T, want a string", value)
			break
		}
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(v) {
			fail("%q does not match %s", v, p)
		}
		if n, ok := s["maxLength"].(float64); ok && float64(len([]rune(v))) > n {
			fail("%q is longer than %v", v, n)
		}
		if f, ok := s["format"].(string); ok {
			if err := checkFormat(f, v); err != nil {
				fail("%q is not a %s: %v", v, f, err)
			}
		}
	case "integer", "number":
		v, ok := value.(float64)
		if !ok || (s["type"] == "integer" && v != math.Trunc(v)) {
			fail("%v, want an %s", value, s["type"])
			break
		}
		if n, ok := s["minimum"].(float64); ok && v < n {
			fail("%v is below the minimum %v", v, n)
		}
		if n, ok := s["maximum"].(float64); ok && v > n {
			fail("%v is above the maximum %v", v, n)
		}
	case "boolean":
		if _, ok := value.(bool); !ok {
			fail("%T, want a boolean", value)
		}
	default:
		fail("schema without a known type: %v", s)
	}
	return errs
}

// schemaKeywords are the keywords flatten understands; the others that
// api/openapi.json may use only document.
var schemaKeywords = map[string]bool{
	"type": true, "properties": true, "required": true, "items": true, "enum": true, "nullable": true,
	"format": true, "pattern": true, "maxLength": true, "minimum": true, "maximum": true,
	"additionalProperties": true,
	"description":          true, "example": true, "default": true, "title": true, "deprecated": true,
}

// flatten resolves $ref and merges allOf into one schema, with required as
// []string.
func (doc openAPI) flatten(schema any) (map[string]any, error) {
	s, err := doc.deref(schema)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, fmt.Errorf("no schema")
	}
	out := map[string]any{"properties": map[string]any{}, "required": []string{}}
	parts := []map[string]any{s}
	if all, ok := s["allOf"].([]any); ok {
		for _, a := range all {
			p, err := doc.flatten(a)
			if err != nil {
				return nil, err
			}
			parts = append(parts, p)
		}
	}
	for _, p := range parts {
		for k, v := range p {
			switch {
			case k == "allOf":
			case k == "properties":
				for name, ps := range obj(v) {
					out["properties"].(map[string]any)[name] = ps
				}
			case k == "required":
				switch v := v.(type) {
				case []string: // from a flattened allOf part
					out["required"] = append(out["required"].([]string), v...)
				case []any:
					for _, r := range v {
						out["required"] = append(out["required"].([]string), r.(string))
					}
				}
			case schemaKeywords[k]:
				out[k] = v
			default:
				return nil, fmt.Errorf("schema keyword %q is not known to this test", k)
			}
		}
	}
	return out, nil
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func checkFormat(format, v string) error {
	switch format {
	case "uuid":
		if !uuidPattern.MatchString(v) {
			return fmt.Errorf("want a lower-case UUID")
		}
	case "date":
		_, err := time.Parse(time.DateOnly, v)
		return err
	case "date-time":
		_, err := time.Parse(time.RFC3339, v)
		if err == nil && !strings.HasSuffix(v, "Z") {
			return fmt.Errorf("not in UTC")
		}
		return err
	case "uri-reference":
		_, err := url.Parse(v)
		return err
	case "int32":
	default:
		return fmt.Errorf("format unknown to this test")
	}
	return nil
}

// Rather than trust the checker, show that it finds drift.
func TestSchemaCheckerFindsDrift(t *testing.T) {
	doc := loadOpenAPI(t)
	h, _ := newAPI(t)
	var body struct{ Items []map[string]any }
	json.Unmarshal(do(t, h, "GET", "/api/v1/aanpakken").body, &body)
	if len(body.Items) == 0 {
		t.Fatal("no approaches listed")
	}
	item := body.Items[0]
	if errs := doc.schemaErrors(map[string]any{"$ref": "#/components/schemas/Aanpak"}, item, "aanpak"); len(errs) != 0 {
		t.Fatalf("a real item does not fit: %v", errs)
	}
	tests := []struct {
		name   string
		change func(a map[string]any)
		want   string
	}{
		{"new property", func(a map[string]any) { a["nieuw"] = 1 }, `aanpak: property "nieuw" is not in the schema`},
		{"missing property", func(a map[string]any) { delete(a, "naam") }, `aanpak: required property "naam" is missing`},
		{"new nested property", func(a map[string]any) { obj(get(a, "_links", "self"))["title"] = "x" },
			`aanpak._links.self: property "title" is not in the schema`},
		{"unknown code", func(a map[string]any) { obj(a["fase"])["fase"] = "klaar" }, `aanpak.fase.fase: klaar is not one of`},
		{"date-time as date", func(a map[string]any) { obj(a["fase"])["startdatum"] = "2021-03-01T00:00:00Z" },
			`aanpak.fase.startdatum: "2021-03-01T00:00:00Z" is not a date`},
		{"local time", func(a map[string]any) { a["gewijzigdOp"] = "2025-01-01T10:00:00+01:00" },
			`aanpak.gewijzigdOp: "2025-01-01T10:00:00+01:00" is not a date-time`},
		{"null where not nullable", func(a map[string]any) { a["elementen"] = nil }, `aanpak.elementen: null`},
		{"wrong type in a list", func(a map[string]any) { obj(get(a, "bereik", "schooltypen").([]any)[0])["aantalScholen"] = "3" },
			`aanpak.bereik.schooltypen[0].aantalScholen: 3, want an integer`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a map[string]any
			b, _ := json.Marshal(item)
			json.Unmarshal(b, &a)
			tt.change(a)
			errs := doc.schemaErrors(map[string]any{"$ref": "#/components/schemas/Aanpak"}, a, "aanpak")
			if len(errs) != 1 || !strings.HasPrefix(errs[0], tt.want) {
				t.Errorf("errors %q, want one starting with %q", errs, tt.want)
			}
		})
	}
}

// TestResponsesFitTheDocument sends real requests and checks each answer
// against what the document says for that operation and status: the media
// type, the required headers and the body schema. Every documented response
// must be met by at least one request, so the document promises nothing the
// tests do not see.

// pathOf returns the documented path that target (a request path under
// the API prefix, with or without query) falls under, or "" for none.
func (doc openAPI) pathOf(t *testing.T, target string) string {
	t.Helper()
	path, _, _ := strings.Cut(strings.TrimPrefix(target, api.Prefix), "?")
	for p := range obj(doc["paths"]) {
		segments := strings.Split(p, "/")
		for i, s := range segments {
			if strings.HasPrefix(s, "{") {
				segments[i] = `[^/]+`
			} else {
				segments[i] = regexp.QuoteMeta(s)
			}
		}
		if regexp.MustCompile("^" + strings.Join(segments, "/") + "$").MatchString(path) {
			return p
		}
	}
	return ""
}

var uuidSegment = regexp.MustCompile(`/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
