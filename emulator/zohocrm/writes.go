package zohocrm

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"

	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
)

// Writes (POST, PUT, DELETE on records) answer one entry per record in
// request order (Zoho's v8 OpenAPI examples): every record done is 201
// (create) or 200, some done 207, none done 400 with the failed entries.
// A request refused as a whole (bad JSON, no data, too many records, bad
// ids) is a flat 400 and changes nothing. Every write sets Modified_Time to
// the virtual clock (crmdata). A write costs one credit per ten records.

const (
	msgAdded   = "record added"
	msgUpdated = "record updated"
	msgDeleted = "record deleted"
)

// decodeData reads a write body {"data":[{...},...], ...}: the records as
// JSON objects (numbers as json.Number), nil where an element is not one.
func (s *Service) decodeData(r *http.Request) ([]map[string]any, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		return nil, newError(400, CodeInvalidData, "invalid data", nil)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc map[string]json.RawMessage
	if err := dec.Decode(&doc); err != nil || dec.More() {
		return nil, newError(400, CodeInvalidData, "invalid data", map[string]any{"expected_data_type": "jsonobject"})
	}
	raw, ok := doc["data"]
	if !ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, requiredWriteParam("data")
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, newError(400, CodeInvalidData, "invalid data",
			map[string]any{"expected_data_type": "jsonarray", "param_name": "data"})
	}
	if len(items) == 0 {
		return nil, requiredWriteParam("data")
	}
	if len(items) > s.cfg.MaxWriteRecords {
		return nil, limitExceeded("data", s.cfg.MaxWriteRecords)
	}
	out := make([]map[string]any, len(items))
	for i, item := range items {
		d := json.NewDecoder(bytes.NewReader(item))
		d.UseNumber()
		var rec map[string]any
		if err := d.Decode(&rec); err == nil && rec != nil {
			out[i] = rec
		}
	}
	return out, nil
}

func writeCost(n int) int { return max(1, (n+9)/10) }

// by is the call's user as crmdata records authors.
func (c *call) by() crmdata.User {
	return crmdata.User{ID: c.user.ID, ZUID: c.user.ZUID, Name: c.user.name(), Email: c.user.Email}
}

// writeDetails is what a created or updated record reports.
type writeDetails struct {
	ModifiedTime  zohoTime `json:"Modified_Time"`
	ModifiedBy    nameRef  `json:"Modified_By"`
	CreatedTime   zohoTime `json:"Created_Time"`
	ID            string   `json:"id"`
	CreatedBy     nameRef  `json:"Created_By"`
	ApprovalState string   `json:"$approval_state,omitempty"`
}

type nameRef struct {
	Name string `json:"name"`
	ID   string `json:"id"`
}

func (c *call) details(r crmdata.Record) writeDetails {
	ref := func(key string) nameRef {
		if x, ok := r.Values[key].(crmdata.Ref); ok && x.ID != "" {
			return nameRef{x.Name, x.ID}
		}
		return nameRef{c.user.name(), c.user.ID}
	}
	d := writeDetails{ModifiedTime: c.time(r.Modified), ModifiedBy: ref("Modified_By"), CreatedTime: c.time(r.Created),
		ID: r.ID, CreatedBy: ref("Created_By")}
	if c.v >= V3 {
		d.ApprovalState = "approved"
	}
	return d
}

// valueError is a record's refusal: MANDATORY_NOT_FOUND or INVALID_DATA
// naming the field and its JSON path.
func valueError(i int, err error) entry {
	var iv *crmdata.InvalidValueError
	if !errors.As(err, &iv) {
		return errorEntry(errInternal)
	}
	details := map[string]any{"api_name": iv.Field, "json_path": "$.data[" + itoa(i) + "]." + iv.Field}
	if iv.Reason == crmdata.ReasonMandatory {
		return entry{Code: CodeMandatoryNotFound, Details: details, Message: "required field not found", Status: statusError}
	}
	if iv.Expected != "" {
		details["expected_data_type"] = iv.Expected
	}
	if iv.MaxLength > 0 {
		details["maximum_length"] = iv.MaxLength
	}
	return entry{Code: CodeInvalidData, Details: details, Message: "invalid data", Status: statusError}
}

func notObject(i int) entry {
	return entry{Code: CodeInvalidData, Details: map[string]any{"expected_data_type": "jsonobject",
		"json_path": "$.data[" + itoa(i) + "]"}, Message: "invalid data", Status: statusError}
}

// outcome answers a write from its entries: all done, some, none.
func outcome(done int, es []entry, allStatus int) (any, error) {
	switch {
	case done == len(es):
		return respondWith(allStatus, entries{Data: es}), nil
	case done == 0:
		return nil, &entriesError{status: http.StatusBadRequest, entries: es}
	}
	return respondWith(http.StatusMultiStatus, entries{Data: es}), nil
}

// createRecords is POST /crm/{v}/{module}.
func (s *Service) createRecords(c *call) (any, error) {
	return s.writeEach(c, http.StatusCreated, func(m crmdata.Module, i int, in map[string]any) entry {
		delete(in, "id")
		r, err := s.data.Create(c.org.OrgID, m.APIName, in, c.by(), c.now)
		if err != nil {
			return valueError(i, err)
		}
		return entry{Code: CodeSuccess, Details: c.details(r), Message: msgAdded, Status: statusSuccess}
	})
}

// updateRecords is PUT /crm/{v}/{module}: each record names its id.
func (s *Service) updateRecords(c *call) (any, error) {
	return s.writeEach(c, http.StatusOK, func(m crmdata.Module, i int, in map[string]any) entry {
		id := idOf(in["id"])
		if id == "" {
			return entry{Code: CodeMandatoryNotFound, Details: map[string]any{"api_name": "id",
				"json_path": "$.data[" + itoa(i) + "].id"}, Message: "required field not found", Status: statusError}
		}
		delete(in, "id")
		r, err := s.update(c, m, id, in)
		switch {
		case errors.Is(err, crmdata.ErrNoRecord):
			return unknownID(id)
		case err != nil:
			return valueError(i, err)
		}
		return entry{Code: CodeSuccess, Details: c.details(r), Message: msgUpdated, Status: statusSuccess}
	})
}

// writeEach is a bulk write: the module, the body's data records (each
// costing its share of credits), one answer entry per record, and the
// status of the whole (ok when all succeed, 207 when mixed, 400 when none).
func (s *Service) writeEach(c *call, ok int, one func(m crmdata.Module, i int, in map[string]any) entry) (any, error) {
	m, err := s.module(c)
	if err != nil {
		return nil, err
	}
	recs, err := s.decodeData(c.r)
	if err != nil {
		return nil, err
	}
	c.cost = writeCost(len(recs))
	es := make([]entry, len(recs))
	done := 0
	for i, in := range recs {
		if in == nil {
			es[i] = notObject(i)
			continue
		}
		if es[i] = one(m, i, in); es[i].Status == statusSuccess {
			done++
		}
	}
	return outcome(done, es, ok)
}

func (s *Service) update(c *call, m crmdata.Module, id string, in map[string]any) (crmdata.Record, error) {
	if len(id) > 19 || !digits(id) {
		return crmdata.Record{}, crmdata.ErrNoRecord
	}
	return s.data.Update(c.org.OrgID, m.APIName, id, in, c.by(), c.now)
}

func unknownID(id string) entry {
	return entry{Code: CodeInvalidData, Details: map[string]any{"id": id}, Message: "the id given seems to be invalid", Status: statusError}
}

// updateRecord is PUT /crm/{v}/{module}/{id}, one record.
func (s *Service) updateRecord(c *call) (any, error) {
	m, err := s.module(c)
	if err != nil {
		return nil, err
	}
	id := mux.Vars(c.r)["record"]
	if len(id) > 19 || !digits(id) {
		return nil, invalidRecordID()
	}
	recs, err := s.decodeData(c.r)
	if err != nil {
		return nil, err
	}
	if len(recs) > 1 {
		return nil, limitExceeded("data", 1)
	}
	if recs[0] == nil {
		return nil, &entriesError{status: http.StatusBadRequest, entries: []entry{notObject(0)}}
	}
	in := recs[0]
	delete(in, "id")
	r, err := s.update(c, m, id, in)
	if errors.Is(err, crmdata.ErrNoRecord) {
		return nil, invalidRecordID()
	}
	if err != nil {
		return nil, &entriesError{status: http.StatusBadRequest, entries: []entry{valueError(0, err)}}
	}
	return entries{Data: []entry{{Code: CodeSuccess, Details: c.details(r), Message: msgUpdated, Status: statusSuccess}}}, nil
}

// deleteRecords is DELETE /crm/{v}/{module}?ids=...
func (s *Service) deleteRecords(c *call) (any, error) {
	m, err := s.module(c)
	if err != nil {
		return nil, err
	}
	raw := c.r.URL.Query().Get("ids")
	ids, err := parseIDs(raw, s.cfg.MaxWriteRecords)
	if err != nil {
		return nil, err
	}
	if ids == nil {
		return nil, requiredWriteParam("ids")
	}
	c.cost = writeCost(len(ids))
	es := make([]entry, len(ids))
	done := 0
	for i, id := range ids {
		if err := s.data.Delete(c.org.OrgID, m.APIName, id, c.by(), c.now); err != nil {
			es[i] = entry{Code: CodeInvalidData, Details: map[string]any{"id": id}, Message: "record not deleted", Status: statusError}
			continue
		}
		es[i] = deletedEntry(id)
		done++
	}
	return outcome(done, es, http.StatusOK)
}

func deletedEntry(id string) entry {
	return entry{Code: CodeSuccess, Details: map[string]any{"id": id}, Message: msgDeleted, Status: statusSuccess}
}

// deleteRecord is DELETE /crm/{v}/{module}/{id}.
func (s *Service) deleteRecord(c *call) (any, error) {
	m, err := s.module(c)
	if err != nil {
		return nil, err
	}
	id := mux.Vars(c.r)["record"]
	if len(id) > 19 || !digits(id) {
		return nil, invalidRecordID()
	}
	if err := s.data.Delete(c.org.OrgID, m.APIName, id, c.by(), c.now); err != nil {
		if errors.Is(err, crmdata.ErrNoRecord) {
			return nil, invalidRecordID()
		}
		return nil, storeError(err)
	}
	return entries{Data: []entry{deletedEntry(id)}}, nil
}

func respondWith(status int, body any) httpx.Response {
	return httpx.Response{Status: status, Body: body}
}

// idOf reads a record id written as a string or, leniently, a number.
func idOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	}
	return ""
}
