package api_test

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/vios-platform/vios/api"
	"github.com/vios-platform/vios/httpx"
)

// The seeds of FuzzAPI come from the OpenAPI document: for each write a
// body with every field of its request schema, for each list a query with
// every parameter, so the fuzzer starts from requests the API understands
// and mutates from there.

var fuzzDoc = func() map[string]any {
	var doc map[string]any
	if err := json.Unmarshal(api.OpenAPIDocument(), &doc); err != nil {
		panic(err)
	}
	return doc
}()

// fuzzOperation returns the operation of route in the document, or nil.
func fuzzOperation(r httpx.Route) map[string]any {
	paths, _ := fuzzDoc["paths"].(map[string]any)
	item, _ := paths[strings.TrimPrefix(r.Pattern, api.Prefix)].(map[string]any)
	op, _ := item[strings.ToLower(r.Method)].(map[string]any)
	return op
}

func fuzzSeedBody(r httpx.Route) []byte {
	content, _ := dig(fuzzOperation(r), "requestBody", "content").(map[string]any)
	for _, c := range content {
		if schema, ok := dig(c, "schema").(map[string]any); ok {
			b, _ := json.Marshal(example(schema, 0))
			return b
		}
	}
	return []byte("{}")
}

func fuzzSeedQuery(r httpx.Route) string {
	params, _ := fuzzOperation(r)["parameters"].([]any)
	q := url.Values{}
	for _, p := range params {
		p := resolve(p.(map[string]any))
		if p["in"] == "query" {
			schema, _ := p["schema"].(map[string]any)
			v, _ := json.Marshal(example(schema, 0))
			q.Set(p["name"].(string), strings.Trim(string(v), `"`))
		}
	}
	return q.Encode()
}

// example returns a value that fits schema: a first enum value, a date for
// a date, every property of an object.
func example(schema map[string]any, depth int) any {
	schema = resolve(schema)
	if depth > 6 {
		return nil
	}
	if enum, ok := schema["enum"].([]any); ok && len(enum) > 0 {
		return enum[0]
	}
	for _, key := range []string{"allOf", "oneOf", "anyOf"} {
		if list, ok := schema[key].([]any); ok && len(list) > 0 {
			return example(list[0].(map[string]any), depth+1)
		}
	}
	switch typ, _ := schema["type"].(string); typ {
	case "object":
		out := map[string]any{}
		props, _ := schema["properties"].(map[string]any)
		for name, p := range props {
			out[name] = example(p.(map[string]any), depth+1)
		}
		return out
	case "array":
		item, _ := schema["items"].(map[string]any)
		return []any{example(item, depth+1)}
	case "integer", "number":
		return 1
	case "boolean":
		return true
	}
	switch schema["format"] {
	case "date-time":
		return "2026-03-03T13:00:00Z"
	case "date":
		return "2026-03-03"
	case "uuid":
		return "00000000-0000-4000-8000-000000000000"
	}
	return "tekst"
}

// resolve follows a $ref into the document's components.
func resolve(m map[string]any) map[string]any {
	for i := 0; i < 10; i++ {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		var next any = fuzzDoc
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			next = dig(next, part)
		}
		m, _ = next.(map[string]any)
	}
	return m
}

func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}
