package crmdata

import (
	"errors"
	"fmt"
)

// Errors the store returns; the service maps them to Zoho's codes.
var (
	// ErrNoOrg: the org has no CRM data (PutOrg was never called for it).
	// It wraps ErrNoModule, so a caller that only knows modules still
	// answers INVALID_MODULE.
	ErrNoOrg = fmt.Errorf("crmdata: no such org: %w", ErrNoModule)
	// ErrNoModule: the org has no module with that api_name (INVALID_MODULE).
	ErrNoModule = errors.New("crmdata: no such module")
	// ErrNoRecord: no record with that id in the module, or it was deleted
	// (Zoho answers 204 for a GET, INVALID_DATA for a write).
	ErrNoRecord = errors.New("crmdata: no such record")
)

// Reasons an InvalidValueError gives. The service maps ReasonMandatory to
// MANDATORY_NOT_FOUND and the others to INVALID_DATA.
const (
	ReasonInvalid   = "invalid data"             // wrong type, bad format, unknown lookup target
	ReasonTooLong   = "maximum length exceeded"  // longer than the field's length
	ReasonMandatory = "required field not found" // a system-mandatory field missing or emptied
	ReasonReadOnly  = "read only field"          // a system-maintained field (Policy.IgnoreReadOnly)
	ReasonUnknown   = "unknown field"            // no such field (only with Policy.RejectUnknown)
	ReasonQuery     = "invalid query"            // a Query parameter out of range (Field names it)
)

// InvalidValueError says why a value, a record or a query was refused.
// Match it with errors.As. Field is the api_name (or the query parameter:
// "sort_by", "converted", "page", "per_page", "ids"); Expected the type
// Zoho names in details.expected_data_type (the field's json_type, or
// "date"/"datetime"); MaxLength the field's length for ReasonTooLong.
type InvalidValueError struct {
	Field     string
	Reason    string
	Expected  string
	MaxLength int
}

func (e *InvalidValueError) Error() string {
	msg := "crmdata: " + e.Field + ": " + e.Reason
	if e.Expected != "" {
		msg += " (expected " + e.Expected + ")"
	}
	if e.MaxLength > 0 {
		msg += fmt.Sprintf(" (maximum length %d)", e.MaxLength)
	}
	return msg
}

func invalidValue(f *Field, reason string) *InvalidValueError {
	e := &InvalidValueError{Field: f.APIName, Reason: reason}
	switch reason {
	case ReasonInvalid:
		e.Expected = expectedType(f)
	case ReasonTooLong:
		e.MaxLength = f.Length
	}
	return e
}

func badQuery(param string) *InvalidValueError {
	return &InvalidValueError{Field: param, Reason: ReasonQuery}
}

// expectedType is what Zoho names in details.expected_data_type.
func expectedType(f *Field) string {
	switch f.DataType {
	case "date", "datetime":
		return f.DataType
	}
	return f.JSONType
}
