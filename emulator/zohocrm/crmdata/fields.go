package crmdata

import "strings"

// JSONTypeOf is the json_type Zoho gives a field of data_type dt
// (reference §12.2), "" for a data_type this package does not know.
// Tag is the one field that differs: data_type text, json_type jsonarray.
func JSONTypeOf(dt string) string {
	switch dt {
	case "text", "textarea", "email", "phone", "website", "picklist", "autonumber",
		"profileimage", "fileupload", "imageupload", "date", "datetime", "formula":
		return "string"
	case "multiselectpicklist", "multiselectlookup", "subform":
		return "jsonarray"
	case "lookup", "ownerlookup", "userlookup":
		return "jsonobject"
	case "integer", "bigint":
		return "integer"
	case "double", "currency", "rollup_summary":
		return "double"
	case "boolean":
		return "boolean"
	}
	return ""
}

// uiTypes are the ui_type values Zoho shows for each data_type.
var uiTypes = map[string]int{
	"text": 1, "picklist": 2, "textarea": 3, "ownerlookup": 8, "autonumber": 12, "website": 21,
	"date": 24, "email": 25, "integer": 32, "bigint": 32, "phone": 33, "currency": 36, "double": 38,
	"profileimage": 66, "multiselectpicklist": 100, "lookup": 133, "userlookup": 221,
	"boolean": 301, "datetime": 333,
}

// defaultLengths are the lengths Zoho gives fields that don't set one.
var defaultLengths = map[string]int{
	"text": 255, "textarea": 32000, "email": 100, "phone": 30, "website": 255, "picklist": 120,
	"multiselectpicklist": 2000, "integer": 9, "bigint": 18, "double": 16, "currency": 16,
	"boolean": 5, "date": 20, "datetime": 120, "lookup": 120, "ownerlookup": 120, "userlookup": 120,
	"autonumber": 255,
}

const noneValue = "-None-" // the empty choice of an optional picklist

// fieldOpt adjusts a catalogue field.
type fieldOpt func(*Field)

// fld is a catalogue field with Zoho's defaults for its data_type.
func fld(api, label, dt string, opts ...fieldOpt) Field {
	f := Field{APIName: api, FieldLabel: label, DisplayLabel: label, DataType: dt}
	for _, o := range opts {
		o(&f)
	}
	return f
}

func length(n int) fieldOpt     { return func(f *Field) { f.Length = n } }
func to(module string) fieldOpt { return func(f *Field) { f.Lookup = &Lookup{Module: module} } }

// mandatory marks a field Zoho requires on create (MANDATORY_NOT_FOUND).
func mandatory(f *Field) { f.SystemMandatory = true }

// readOnly marks a field the system maintains: not writable through the API.
func readOnly(f *Field) { f.ReadOnly, f.FieldReadOnly = true, true }

// custom marks a field the org added.
func custom(f *Field) { f.CustomField = true }

// picks sets a picklist's values; optional picklists start with -None-.
func picks(values ...string) fieldOpt {
	return func(f *Field) {
		f.PickListValues = nil
		if !f.SystemMandatory && f.DataType == "picklist" {
			f.PickListValues = append(f.PickListValues, PickListValue{noneValue, noneValue})
		}
		for _, v := range values {
			f.PickListValues = append(f.PickListValues, PickListValue{v, v})
		}
	}
}

// completeField fills what a catalogue or seed field leaves out, and
// reports a field this package cannot serve.
func completeField(f *Field) error {
	if f.APIName == "" || strings.ContainsAny(f.APIName, " ,.$") {
		return &InvalidValueError{Field: f.APIName, Reason: "bad api_name"}
	}
	if f.DataType == "" {
		f.DataType = "text"
	}
	jt := JSONTypeOf(f.DataType)
	if jt == "" {
		return &InvalidValueError{Field: f.APIName, Reason: "unsupported data_type " + f.DataType}
	}
	if f.APIName == tagField {
		jt = "jsonarray"
	}
	if f.JSONType == "" {
		f.JSONType = jt
	} else if f.JSONType != jt {
		return &InvalidValueError{Field: f.APIName, Reason: "json_type " + f.JSONType + " does not fit data_type " + f.DataType}
	}
	if f.FieldLabel == "" {
		f.FieldLabel = strings.ReplaceAll(f.APIName, "_", " ")
	}
	if f.DisplayLabel == "" {
		f.DisplayLabel = f.FieldLabel
	}
	if f.Length == 0 {
		f.Length = defaultLengths[f.DataType]
	}
	if f.UIType == 0 {
		f.UIType = uiTypes[f.DataType]
		if f.APIName == tagField {
			f.UIType = 209
		}
	}
	switch f.DataType {
	case "currency", "double":
		if f.DecimalPlace == nil {
			two := 2
			f.DecimalPlace = &two
		}
	case "lookup":
		if f.Lookup == nil || f.Lookup.Module == "" {
			return &InvalidValueError{Field: f.APIName, Reason: "lookup without lookup.module"}
		}
	case "picklist", "multiselectpicklist":
		if len(choices(f)) == 0 {
			return &InvalidValueError{Field: f.APIName, Reason: "picklist without pick_list_values"}
		}
	}
	if f.PickListValues == nil {
		f.PickListValues = []PickListValue{}
	}
	f.Visible = true
	f.Filterable = true
	f.Sortable = f.DataType != "textarea" && f.JSONType != "jsonarray"
	return nil
}

// choices are a picklist's values without -None-.
func choices(f *Field) []PickListValue {
	out := make([]PickListValue, 0, len(f.PickListValues))
	for _, v := range f.PickListValues {
		if v.ActualValue != noneValue && v.ActualValue != "" {
			out = append(out, v)
		}
	}
	return out
}

// System fields every module has.
const (
	ownerField      = "Owner"
	createdByField  = "Created_By"
	modifiedByField = "Modified_By"
	createdField    = "Created_Time"
	modifiedField   = "Modified_Time"
	activityField   = "Last_Activity_Time"
	tagField        = "Tag"
)

// systemFields are the fields Zoho maintains on every record: ownership,
// audit times and tags; withActivity adds Last_Activity_Time.
func systemFields(singular string, withActivity bool) []Field {
	fs := []Field{
		fld(ownerField, singular+" Owner", "ownerlookup", length(120)),
		fld(createdByField, "Created By", "ownerlookup", readOnly),
		fld(modifiedByField, "Modified By", "ownerlookup", readOnly),
		fld(createdField, "Created Time", "datetime", readOnly),
		fld(modifiedField, "Modified Time", "datetime", readOnly),
	}
	if withActivity {
		fs = append(fs, fld(activityField, "Last Activity Time", "datetime", readOnly))
	}
	return append(fs, fld(tagField, "Tag", "text", length(2000), func(f *Field) { f.JSONType = "jsonarray" }))
}
