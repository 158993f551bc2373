package crmdata

import (
	"encoding/json"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// decoder turns input values (JSON-decoded: string, float64, bool, nil,
// []any, map[string]any, json.Number; or this package's own types) into
// stored values for a field's data_type:
//
//	text, textarea, email, phone, website, picklist  string
//	multiselectpicklist                              []string
//	integer, bigint                                  int64
//	double, currency                                 float64
//	boolean                                          bool
//	date                                             Date ("2006-01-02")
//	datetime                                         time.Time (UTC, whole seconds)
//	lookup, ownerlookup, userlookup                  Ref ({"id"} in, name and email filled in)
//	Tag                                              []Ref
//
// A seed or an import is trusted: system fields may be set and lookups
// keep the names they carry. An API write is not: lookups must name an
// existing record or user.
type decoder struct {
	o      *org
	by     *User
	trust  bool
	policy Policy
	id     string // the record an update is for
}

// skip is returned for a value that is accepted and changes nothing.
type skip struct{}

func (d *decoder) value(f *Field, v any) (any, *InvalidValueError) {
	if n, ok := v.(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			v = i
		} else if x, err := n.Float64(); err == nil {
			v = x
		} else {
			return nil, invalidValue(f, ReasonInvalid)
		}
	}
	if v == nil {
		return nil, nil
	}
	if f.APIName == tagField {
		return d.tags(f, v)
	}
	switch f.DataType {
	case "text", "textarea", "email", "phone", "website", "picklist", "autonumber", "profileimage", "fileupload", "imageupload", "formula":
		s, ok := v.(string)
		if !ok {
			return nil, invalidValue(f, ReasonInvalid)
		}
		if f.Length > 0 && utf8.RuneCountInString(s) > f.Length {
			return nil, invalidValue(f, ReasonTooLong)
		}
		if s == "" || s == noneValue && f.DataType == "picklist" {
			return nil, nil // Zoho reads an emptied field back as null
		}
		if f.DataType == "email" && !validEmail(s) {
			return nil, invalidValue(f, ReasonInvalid)
		}
		return s, nil
	case "multiselectpicklist":
		return stringList(f, v)
	case "integer", "bigint":
		i, ok := integer(v)
		if !ok || f.DataType == "integer" && (i > math.MaxInt32 || i < math.MinInt32) {
			return nil, invalidValue(f, ReasonInvalid)
		}
		return i, nil
	case "double", "currency":
		x, ok := double(v)
		if !ok {
			return nil, invalidValue(f, ReasonInvalid)
		}
		return x, nil
	case "boolean":
		b, ok := v.(bool)
		if !ok {
			return nil, invalidValue(f, ReasonInvalid)
		}
		return b, nil
	case "date":
		s, ok := v.(string)
		if dd, isDate := v.(Date); isDate {
			s, ok = string(dd), true
		}
		if !ok {
			return nil, invalidValue(f, ReasonInvalid)
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return nil, invalidValue(f, ReasonInvalid)
		}
		return dateOf(t), nil
	case "datetime":
		return datetime(f, v)
	case "lookup", "ownerlookup", "userlookup":
		return d.ref(f, v)
	}
	return nil, invalidValue(f, ReasonInvalid)
}

func validEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at == strings.LastIndexByte(s, '@') && strings.Contains(s[at+1:], ".") &&
		!strings.ContainsAny(s, " \t\r\n,;<>") && !strings.HasSuffix(s, ".")
}

func integer(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int:
		return int64(x), true
	case int32:
		return int64(x), true
	case float64:
		if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			return 0, false
		}
		return int64(x), true
	}
	return 0, false
}

func double(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	}
	return 0, false
}

func datetime(f *Field, v any) (any, *InvalidValueError) {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Truncate(time.Second), nil
	case string:
		t, err := time.Parse(time.RFC3339, x)
		if err != nil {
			return nil, invalidValue(f, ReasonInvalid)
		}
		return t.UTC().Truncate(time.Second), nil
	}
	return nil, invalidValue(f, ReasonInvalid)
}

func stringList(f *Field, v any) (any, *InvalidValueError) {
	switch x := v.(type) {
	case []string:
		return append([]string{}, x...), nil
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, invalidValue(f, ReasonInvalid)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, invalidValue(f, ReasonInvalid)
}

// refOf reads a lookup value: {"id": ...} (with "name", "email" kept when
// trusted), a Ref, or a bare id string.
func refOf(v any) (Ref, bool) {
	switch x := v.(type) {
	case Ref:
		return x, x.ID != ""
	case *Ref:
		if x == nil {
			return Ref{}, false
		}
		return *x, x.ID != ""
	case string:
		return Ref{ID: x}, x != ""
	case map[string]any:
		id, ok := x["id"].(string)
		if !ok || id == "" {
			return Ref{}, false
		}
		r := Ref{ID: id}
		r.Name, _ = x["name"].(string)
		r.Email, _ = x["email"].(string)
		return r, true
	}
	return Ref{}, false
}

func (d *decoder) ref(f *Field, v any) (any, *InvalidValueError) {
	r, ok := refOf(v)
	if !ok {
		return nil, invalidValue(f, ReasonInvalid)
	}
	if f.DataType != "lookup" {
		if u, ok := d.o.user(r.ID); ok {
			return userRef(u), nil
		}
		if d.by != nil && d.by.ID == r.ID {
			return userRef(*d.by), nil
		}
		if d.trust && r.Name != "" {
			return r, nil
		}
		return nil, invalidValue(f, ReasonInvalid)
	}
	t := d.o.byName[strings.ToLower(f.Lookup.Module)]
	if rec := d.o.get(t, r.ID); rec != nil {
		return Ref{Name: nameOf(t, rec), ID: r.ID}, nil
	}
	if d.trust {
		return Ref{Name: r.Name, ID: r.ID}, nil
	}
	return nil, invalidValue(f, ReasonInvalid)
}

func (d *decoder) tags(f *Field, v any) (any, *InvalidValueError) {
	var in []any
	switch x := v.(type) {
	case []Ref:
		return append([]Ref{}, x...), nil
	case []any:
		in = x
	default:
		return nil, invalidValue(f, ReasonInvalid)
	}
	if !d.trust {
		// Tags change through actions/add_tags; a record write that
		// carries tags fails with INVALID_DATA, one that carries [] is a
		// no-op (clients echo what they read).
		if len(in) == 0 {
			return skip{}, nil
		}
		return nil, invalidValue(f, ReasonInvalid)
	}
	out := make([]Ref, 0, len(in))
	for _, e := range in {
		r, ok := refOf(e)
		if !ok {
			return nil, invalidValue(f, ReasonInvalid)
		}
		out = append(out, r)
	}
	return out, nil
}
