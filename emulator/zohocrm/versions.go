package zohocrm

import (
	"strconv"
	"strings"

	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
)

// What the versions change in modules and records (reference §12.7):
// Activities is gone from v3 (INVALID_MODULE; the module's UntilVersion);
// Leads gain Converted__s and Converted_Date_Time in v3 (CRM-cl); every
// module gains Record_Status__s ("Available") in v6 (v6 change log). The
// fields exist in the metadata of the versions that have them, and their
// values are derived when the stored record lacks them.

const (
	fieldConverted     = "Converted__s"
	fieldConvertedTime = "Converted_Date_Time"
	fieldRecordStatus  = "Record_Status__s"
)

// sinceVersion is the first version that has a field, for the fields
// that arrived late; other fields are in every version.
var sinceVersion = map[string]Version{
	fieldConverted:      V3,
	fieldConvertedTime:  V3,
	"Converted_Account": V3,
	"Converted_Contact": V3,
	"Converted_Deal":    V3,
	fieldRecordStatus:   V6,
}

// served reports whether version v serves module m.
func served(v Version, m crmdata.Module) bool {
	if !m.APISupported {
		return false
	}
	if m.UntilVersion == "" {
		return true
	}
	until, ok := ParseVersion(m.UntilVersion)
	return !ok || v <= until
}

// versionFields are m's fields as version v shows them.
func versionFields(v Version, m crmdata.Module) []crmdata.Field {
	out := make([]crmdata.Field, 0, len(m.Fields)+3)
	has := map[string]bool{}
	for _, f := range m.Fields {
		if since, late := sinceVersion[f.APIName]; late && v < since {
			continue
		}
		out = append(out, f)
		has[f.APIName] = true
	}
	add := func(f crmdata.Field) {
		if !has[f.APIName] {
			out = append(out, f)
		}
	}
	if v >= V3 && strings.EqualFold(m.APIName, crmdata.Leads) {
		add(syntheticField(m, 1, fieldConverted, "Converted", "boolean", "boolean", 5))
		add(syntheticField(m, 2, fieldConvertedTime, "Converted Date Time", "datetime", "string", 120))
	}
	if v >= V6 {
		f := syntheticField(m, 3, fieldRecordStatus, "Record Status", "picklist", "string", 120)
		f.PickListValues = []crmdata.PickListValue{{DisplayValue: "Available", ActualValue: "Available"},
			{DisplayValue: "Draft", ActualValue: "Draft"}, {DisplayValue: "Trash", ActualValue: "Trash"}}
		add(f)
	}
	return out
}

// syntheticField is the metadata of a field the service derives. Its id
// is in the module's id space, clear of crmdata's ranges.
func syntheticField(m crmdata.Module, k int, api, label, dataType, jsonType string, length int) crmdata.Field {
	id := m.ID
	if len(id) == 19 {
		suffix, _ := strconv.ParseInt(id[7:], 10, 64)
		id = serviceID(id[:7], 5_000_000+suffix*10+int64(k))
	}
	return crmdata.Field{APIName: api, FieldLabel: label, DisplayLabel: label, DataType: dataType, JSONType: jsonType,
		Length: length, ID: id, ReadOnly: true, FieldReadOnly: true, Visible: true,
		PickListValues: []crmdata.PickListValue{}, UIType: 1}
}

// synthesized derives the values of the late fields from a record.
type synthesized struct{}

func (synthesized) value(api string, r crmdata.Record) any {
	switch api {
	case fieldConverted:
		c, _ := r.Values["$converted"].(bool)
		return c
	case fieldConvertedTime:
		if c, _ := r.Values["$converted"].(bool); c {
			return r.Modified
		}
	case fieldRecordStatus:
		return "Available"
	}
	return nil
}
