package flowservice

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// decodeJSON reads a whole request body as one JSON value (numbers as
// json.Number): an empty body is 1405-400, malformed JSON or trailing
// data 1000-400.
func decodeJSON(body []byte) (any, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, errEmptyBody()
	}
	if !utf8.Valid(body) {
		return nil, errBadRequest() // Go would read it, Adobe's JSON parsers would not
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, errBadRequest()
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errBadRequest()
	}
	return v, nil
}

// decodeObject reads a body that must be a JSON object; null is empty.
func decodeObject(body []byte) (obj, error) {
	v, err := decodeJSON(body)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, errEmptyBody()
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errIllegalArgument("The request body must be a JSON object.")
	}
	return obj(m), nil
}

// obj is a decoded JSON object with typed getters: a field of the wrong
// type is 1014-400 naming it; null reads as absent.
type obj map[string]any

func wrongType(field, want string) error {
	return errIllegalArgument("Invalid value for field '" + field + "': expected " + want + ".")
}

func (o obj) has(key string) bool { return o[key] != nil }

func (o obj) str(key string) (string, error) {
	v, ok := o[key]
	if !ok || v == nil {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", wrongType(key, "a string")
	}
	return s, nil
}

func (o obj) object(key string) (obj, error) {
	v, ok := o[key]
	if !ok || v == nil {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, wrongType(key, "an object")
	}
	return obj(m), nil
}

func (o obj) array(key string) ([]any, error) {
	v, ok := o[key]
	if !ok || v == nil {
		return nil, nil
	}
	a, ok := v.([]any)
	if !ok {
		return nil, wrongType(key, "an array")
	}
	return a, nil
}

// strings reads an array of strings.
func (o obj) strings(key string) ([]string, error) {
	a, err := o.array(key)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(a))
	for _, v := range a {
		s, ok := v.(string)
		if !ok {
			return nil, wrongType(key, "an array of strings")
		}
		out = append(out, s)
	}
	return out, nil
}

// specRef reads {"id","version"}: a missing id is 1304 on "<key>.id", a
// version other than SpecVersion is an unknown spec (1413).
func (o obj) specRef(key string) (SpecRef, error) {
	m, err := o.object(key)
	if err != nil {
		return SpecRef{}, err
	}
	if m == nil {
		return SpecRef{}, errMandatory(key)
	}
	id, err := m.str("id")
	if err != nil {
		return SpecRef{}, wrongType(key+".id", "a string")
	}
	if id == "" {
		return SpecRef{}, errMandatory(key + ".id")
	}
	version, err := m.str("version")
	if err != nil {
		return SpecRef{}, wrongType(key+".version", "a string")
	}
	switch version {
	case "":
		version = SpecVersion // "Omitting this value will default to the most recent version"
	case SpecVersion:
	default:
		return SpecRef{}, errSpecID()
	}
	return SpecRef{ID: id, Version: version}, nil
}

// intOf reads an integer given as a JSON number or a string of digits
// (Adobe's tutorials send strings, its OpenAPI integers).
func intOf(v any) (int64, bool) {
	switch x := v.(type) {
	case json.Number:
		n, err := strconv.ParseInt(x.String(), 10, 64)
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		return n, err == nil
	case float64:
		n := int64(x)
		return n, float64(n) == x
	case int64:
		return x, true
	case int:
		return int64(x), true
	}
	return 0, false
}

// boolOf reads a boolean given as true/false or "true"/"false".
func boolOf(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		b, err := strconv.ParseBool(x)
		return b, err == nil
	}
	return false, false
}

// normalize turns a Go value into its JSON form (maps, slices, strings,
// json.Number, bools, nil), so what the Go API stores exports and copies
// like what a request stored.
func normalize(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	return out, nil
}

func normalizeMap(m map[string]any) (map[string]any, error) {
	if m == nil {
		return nil, nil
	}
	v, err := normalize(m)
	if err != nil {
		return nil, err
	}
	out, _ := v.(map[string]any)
	return out, nil
}
