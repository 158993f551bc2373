package zohosource

import (
	"encoding/json"
	"strconv"
	"strings"
)

// How explore types a Zoho field (reference §4 and §12.2). A table is
// "flat": every column is a scalar, as Adobe's explore examples show.
//
//	data_type                                      type     xdm
//	text textarea email phone picklist website     string   {"type":"string"}
//	autonumber formula(string) fileupload ...
//	multiselectpicklist                            string   values joined with ";"
//	lookup ownerlookup userlookup                  string   the referenced record's id
//	integer                                        integer  {"type":"integer"}
//	bigint                                         long     {"type":"integer"}
//	double currency rollup_summary                 double   {"type":"number"}
//	boolean                                        boolean  {"type":"boolean"}
//	date                                           string   {"type":"string","format":"date"}, meta:xdmType date
//	datetime                                       string   {"type":"string","format":"date-time"}, meta:xdmType date-time
//
// A data_type not listed is typed by its json_type. subform and
// multiselectlookup fields are left out: Zoho's list reads do not return
// them. The record id is the first column, "id".

// column is one column of a table.
type column struct {
	Name   string
	Type   string // integer, long, double, boolean, string
	Format string // date, date-time
}

// zohoField is the part of Zoho's field metadata explore reads.
type zohoField struct {
	APIName  string `json:"api_name"`
	DataType string `json:"data_type"`
	JSONType string `json:"json_type"`
}

// columnsOf types a module's fields, "id" first.
func columnsOf(fields []zohoField) []column {
	out := []column{{Name: "id", Type: "string"}}
	seen := map[string]bool{"id": true}
	for _, f := range fields {
		if f.APIName == "" || seen[f.APIName] {
			continue
		}
		c, ok := columnOf(f)
		if !ok {
			continue
		}
		seen[f.APIName] = true
		out = append(out, c)
	}
	return out
}

func columnOf(f zohoField) (column, bool) {
	c := column{Name: f.APIName, Type: "string"}
	switch f.DataType {
	case "subform", "multiselectlookup":
		return c, false
	case "integer":
		c.Type = "integer"
	case "bigint":
		c.Type = "long"
	case "double", "currency", "rollup_summary":
		c.Type = "double"
	case "boolean":
		c.Type = "boolean"
	case "date":
		c.Format = "date"
	case "datetime":
		c.Format = "date-time"
	case "text", "textarea", "email", "phone", "picklist", "website", "autonumber",
		"profileimage", "fileupload", "imageupload", "multiselectpicklist",
		"lookup", "ownerlookup", "userlookup":
	default:
		switch f.JSONType {
		case "integer":
			c.Type = "long"
		case "double":
			c.Type = "double"
		case "boolean":
			c.Type = "boolean"
		}
	}
	return c, true
}

// doc is the column as explore describes it.
func (c column) doc() map[string]any {
	xdm := map[string]any{"type": c.xdmType()}
	d := map[string]any{"name": c.Name, "type": c.Type, "xdm": xdm}
	if c.Format != "" {
		xdm["format"] = c.Format
		d["meta:xdmType"] = c.Format
	}
	return d
}

func (c column) xdmType() string {
	switch c.Type {
	case "integer", "long":
		return "integer"
	case "double":
		return "number"
	}
	return c.Type
}

// value types a value of a record (decoded with json.Number) for the
// column; nil stays nil, and so does a value that does not fit the type.
func (c column) value(v any) any {
	if v == nil {
		return nil
	}
	switch c.Type {
	case "integer", "long":
		switch x := v.(type) {
		case json.Number:
			if n, err := x.Int64(); err == nil {
				return n
			}
			if f, err := x.Float64(); err == nil && f == float64(int64(f)) {
				return int64(f)
			}
		case string:
			if n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64); err == nil {
				return n
			}
		}
		return nil
	case "double":
		switch x := v.(type) {
		case json.Number:
			if f, err := x.Float64(); err == nil {
				return f
			}
		case string:
			if f, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil {
				return f
			}
		}
		return nil
	case "boolean":
		switch x := v.(type) {
		case bool:
			return x
		case string:
			if b, err := strconv.ParseBool(x); err == nil {
				return b
			}
		}
		return nil
	}
	return text(v)
}

// text is a value as a string column holds it: a lookup ({"name","id"})
// as its id, a multi-select as its values (or names) joined with ";".
func text(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case map[string]any:
		if id, ok := x["id"]; ok {
			return text(id)
		}
		b, _ := json.Marshal(x)
		return string(b)
	case []any:
		if len(x) == 0 {
			return nil
		}
		parts := make([]string, 0, len(x))
		for _, e := range x {
			if m, ok := e.(map[string]any); ok {
				if n, ok := m["name"].(string); ok {
					parts = append(parts, n)
					continue
				}
			}
			if s, ok := text(e).(string); ok {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ";")
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// row types a record for the columns: every column present, nil where
// the record has no value.
func row(cols []column, rec map[string]any) map[string]any {
	out := make(map[string]any, len(cols))
	for _, c := range cols {
		out[c.Name] = c.value(rec[c.Name])
	}
	return out
}
