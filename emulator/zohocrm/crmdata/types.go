package crmdata

import "time"

// Module is a CRM module's metadata, as GET settings/modules shows it
// (reference §12.1). Fields is its field metadata (settings/fields).
type Module struct {
	APIName        string    `json:"api_name"`
	ModuleName     string    `json:"module_name"`
	SingularLabel  string    `json:"singular_label"`
	PluralLabel    string    `json:"plural_label"`
	ID             string    `json:"id"`
	GeneratedType  string    `json:"generated_type"` // default | custom | linking | subform | web
	APISupported   bool      `json:"api_supported"`
	Visibility     int       `json:"visibility"` // 1 visible, 0 hidden, 2 API only, -1 downgraded
	Creatable      bool      `json:"creatable"`
	Editable       bool      `json:"editable"`
	Deletable      bool      `json:"deletable"`
	Viewable       bool      `json:"viewable"`
	Convertable    bool      `json:"convertable"`
	SequenceNumber int       `json:"sequence_number"`
	ModifiedTime   time.Time `json:"modified_time"`
	// UntilVersion is the last API version that serves the module, "" for
	// all: Activities is removed from v3 on (reference §12.7).
	UntilVersion string  `json:"until_version,omitempty"`
	Fields       []Field `json:"fields,omitempty"`
}

// Field is one field's metadata (reference §12.2).
type Field struct {
	APIName         string          `json:"api_name"`
	FieldLabel      string          `json:"field_label"`
	DisplayLabel    string          `json:"display_label"`
	DataType        string          `json:"data_type"` // text, email, picklist, lookup, ownerlookup, datetime, ...
	JSONType        string          `json:"json_type"` // string, jsonobject, jsonarray, integer, double, boolean
	Length          int             `json:"length"`
	ID              string          `json:"id"`
	CustomField     bool            `json:"custom_field"`
	ReadOnly        bool            `json:"read_only"`
	FieldReadOnly   bool            `json:"field_read_only"`
	Visible         bool            `json:"visible"`
	SystemMandatory bool            `json:"system_mandatory"`
	Sortable        bool            `json:"sortable"`
	Filterable      bool            `json:"filterable"`
	PickListValues  []PickListValue `json:"pick_list_values"`
	Lookup          *Lookup         `json:"lookup,omitempty"` // for lookup fields: the module it points at
	DecimalPlace    *int            `json:"decimal_place"`
	UIType          int             `json:"ui_type"`
}

// PickListValue is one value of a picklist.
type PickListValue struct {
	DisplayValue string `json:"display_value"`
	ActualValue  string `json:"actual_value"`
}

// Lookup names the module a lookup field points at.
type Lookup struct {
	Module string `json:"module"` // api_name
}

// Ref is a lookup value: {"name","id"}, with "email" for users.
type Ref struct {
	Name  string `json:"name"`
	ID    string `json:"id"`
	Email string `json:"email,omitempty"`
}

// Record is one record: its id, times and field values by api_name.
// Values hold string, float64, int64, bool, nil, []string (multi-select),
// Ref (lookups, owners), time.Time (datetime) and Date (date).
type Record struct {
	ID       string
	Created  time.Time
	Modified time.Time
	Values   map[string]any
}

// Date is a calendar date ("2006-01-02"), as Zoho's date fields hold.
type Date string

// User is a CRM user of an org, as the generator assigns owners.
type User struct {
	ID    string `json:"id,omitempty"` // the CRM user id (19 digits, org prefix)
	ZUID  string `json:"zuid,omitempty"`
	Name  string `json:"name"`
	Email string `json:"email"`
}
