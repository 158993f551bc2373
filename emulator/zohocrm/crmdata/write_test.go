package crmdata

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsonValues decodes a body as the service would hand it over.
func jsonValues(t *testing.T, body string) map[string]any {
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &v))
	return v
}

func TestCreate(t *testing.T) {
	s := newStore(t)
	by := User{ID: "5725767000000999001", Name: "API User", Email: "api@zylker.test"}
	spec, _ := s.Spec(testOrg)
	acct, _ := s.List(testOrg, Accounts, Query{Limit: 1})
	body := `{"Last_Name":"Doe","First_Name":"Jane","Salutation":"Dr.","Email":"jane@doe.example",
		"No_of_Employees":40,"Annual_Revenue":1250.5,"Email_Opt_Out":true,"Interested_Products":["Desk","Books"],
		"Next_Follow_Up":"2025-07-01","Owner":{"id":"` + spec.Users[1].ID + `"},"$approved":false,"Unknown_Field":1,"Tag":[]}`
	r, err := s.Create(testOrg, Leads, jsonValues(t, body), by, testNow.Add(500*time.Millisecond))
	require.NoError(t, err)
	assert.Regexp(t, idShape, r.ID)
	assert.Equal(t, testNow, r.Created, "whole seconds")
	assert.Equal(t, testNow, r.Modified)
	v := r.Values
	assert.Equal(t, "Dr. Jane Doe", v["Full_Name"])
	assert.Equal(t, int64(40), v["No_of_Employees"])
	assert.Equal(t, 1250.5, v["Annual_Revenue"])
	assert.Equal(t, true, v["Email_Opt_Out"])
	assert.Equal(t, []string{"Desk", "Books"}, v["Interested_Products"])
	assert.Equal(t, Date("2025-07-01"), v["Next_Follow_Up"])
	assert.Equal(t, userRef(spec.Users[1]), v["Owner"], "owner resolved to a user with email")
	assert.Equal(t, userRef(by), v["Created_By"])
	assert.Equal(t, userRef(by), v["Modified_By"])
	assert.Equal(t, testNow, v["Created_Time"])
	assert.Equal(t, testNow, v["Last_Activity_Time"])
	assert.Equal(t, false, v["$converted"])
	assert.Equal(t, true, v["$approved"], "$ keys are the system's")
	assert.Equal(t, []Ref{}, v["Tag"])
	assert.NotContains(t, v, "Unknown_Field")
	assert.Nil(t, v["Company"], "every field is present")
	r3, err := s.Create(testOrg, Leads, map[string]any{"Last_Name": "X", "Salutation": "-None-", "Company": ""}, by, testNow)
	require.NoError(t, err)
	assert.Nil(t, r3.Values["Salutation"], "-None- is no value")
	assert.Nil(t, r3.Values["Company"], "an empty string reads back as null")
	assert.Equal(t, "X", r3.Values["Full_Name"])
	assert.Contains(t, v, "Company")

	got, err := s.Get(testOrg, "leads", r.ID)
	require.NoError(t, err)
	assert.Equal(t, r, got)

	// ids grow with creation
	r2, err := s.Create(testOrg, Leads, map[string]any{"Last_Name": "Next"}, by, testNow)
	require.NoError(t, err)
	assert.Greater(t, r2.ID, r.ID)
	assert.Equal(t, userRef(by), r2.Values["Owner"], "the creator owns by default")

	// lookups take {"id"}, a Ref or a bare id, and are named
	c, err := s.Create(testOrg, Contacts, map[string]any{"Last_Name": "Roe", "Account_Name": map[string]any{"id": acct.Records[0].ID}}, by, testNow)
	require.NoError(t, err)
	assert.Equal(t, Ref{Name: acct.Records[0].Values["Account_Name"].(string), ID: acct.Records[0].ID}, c.Values["Account_Name"])
	c, err = s.Create(testOrg, Contacts, map[string]any{"Last_Name": "Roe", "Reports_To": c.ID}, by, testNow)
	require.NoError(t, err)
	assert.Equal(t, "Roe", c.Values["Reports_To"].(Ref).Name)
}

func TestUpdate(t *testing.T) {
	s := newStore(t)
	by := writer(t, s)
	p, _ := s.List(testOrg, Deals, Query{Offset: 10, Limit: 1})
	old := p.Records[0]
	later := testNow.Add(time.Hour)
	r, err := s.Update(testOrg, Deals, old.ID, map[string]any{"id": old.ID, "Amount": 1000.0, "Stage": "Closed Won", "Probability": 100}, by, later)
	require.NoError(t, err)
	assert.Equal(t, old.ID, r.ID)
	assert.Equal(t, old.Created, r.Created)
	assert.Equal(t, later, r.Modified)
	assert.Equal(t, later, r.Values["Modified_Time"])
	assert.Equal(t, later, r.Values["Last_Activity_Time"])
	assert.Equal(t, userRef(by), r.Values["Modified_By"])
	assert.Equal(t, old.Values["Created_By"], r.Values["Created_By"])
	assert.Equal(t, old.Values["Deal_Name"], r.Values["Deal_Name"], "untouched fields stay")
	assert.Equal(t, 1000.0, r.Values["Expected_Revenue"], "derived from Amount and Probability")

	// a renamed target shows its new name in the lookups pointing at it
	ref, ok := p.Records[0].Values["Account_Name"].(Ref)
	require.True(t, ok)
	{
		_, err := s.Update(testOrg, Accounts, ref.ID, map[string]any{"Account_Name": "Renamed Ltd"}, by, later)
		require.NoError(t, err)
		got, _ := s.Get(testOrg, Deals, old.ID)
		assert.Equal(t, "Renamed Ltd", got.Values["Account_Name"].(Ref).Name)
		require.NoError(t, s.Delete(testOrg, Accounts, ref.ID, by, later))
		got, _ = s.Get(testOrg, Deals, old.ID)
		assert.Nil(t, got.Values["Account_Name"], "a deleted target empties the lookup")
	}

	// a completed task gets its Closed_Time
	tp, _ := s.List(testOrg, Tasks, Query{Limit: 1})
	task, err := s.Update(testOrg, Tasks, tp.Records[0].ID, map[string]any{"Status": "In Progress"}, by, later)
	require.NoError(t, err)
	assert.Nil(t, task.Values["Closed_Time"])
	task, err = s.Update(testOrg, Tasks, task.ID, map[string]any{"Status": "Completed"}, by, later.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, later.Add(time.Minute), task.Values["Closed_Time"])

	_, err = s.Update(testOrg, Deals, recordID("5725767", 4, 99999), map[string]any{}, by, later)
	assert.ErrorIs(t, err, ErrNoRecord)
}

func TestDelete(t *testing.T) {
	s := newStore(t)
	by := writer(t, s)
	p, _ := s.List(testOrg, Accounts, Query{Limit: 2})
	gen := p.Records[0]
	made, err := s.Create(testOrg, Accounts, map[string]any{"Account_Name": "Short Lived"}, by, testNow)
	require.NoError(t, err)
	before, _ := s.Count(testOrg, Accounts, Query{})

	require.NoError(t, s.Delete(testOrg, Accounts, gen.ID, by, testNow.Add(time.Minute)))
	require.NoError(t, s.Delete(testOrg, Accounts, made.ID, by, testNow.Add(2*time.Minute)))
	assert.ErrorIs(t, s.Delete(testOrg, Accounts, made.ID, by, testNow), ErrNoRecord, "twice")
	_, err = s.Get(testOrg, Accounts, gen.ID)
	assert.ErrorIs(t, err, ErrNoRecord)
	_, err = s.Update(testOrg, Accounts, gen.ID, map[string]any{"Phone": "1"}, by, testNow)
	assert.ErrorIs(t, err, ErrNoRecord)
	n, _ := s.Count(testOrg, Accounts, Query{})
	assert.Equal(t, before-2, n)

	del, more, err := s.Deleted(testOrg, Accounts, time.Time{}, 0, 0)
	require.NoError(t, err)
	assert.False(t, more)
	require.Len(t, del, 2)
	assert.Equal(t, DeletedRecord{ID: made.ID, DisplayName: "Short Lived", Type: "recycle",
		DeletedBy: Ref{Name: by.Name, ID: by.ID}, CreatedBy: Ref{Name: by.Name, ID: by.ID}, DeletedTime: testNow.Add(2 * time.Minute)}, del[0], "newest first")
	assert.Equal(t, gen.ID, del[1].ID)
	assert.Equal(t, gen.Values["Account_Name"], del[1].DisplayName)
	creator := gen.Values["Created_By"].(Ref)
	assert.Equal(t, Ref{Name: creator.Name, ID: creator.ID}, del[1].CreatedBy)

	del, more, _ = s.Deleted(testOrg, Accounts, testNow.Add(time.Minute), 0, 0)
	assert.Equal(t, []string{made.ID}, []string{del[0].ID}, "since is exclusive")
	assert.False(t, more)
	del, more, _ = s.Deleted(testOrg, Accounts, time.Time{}, 0, 1)
	assert.Len(t, del, 1)
	assert.True(t, more)
	del, more, _ = s.Deleted(testOrg, Accounts, time.Time{}, 1, 1)
	assert.Equal(t, gen.ID, del[0].ID)
	assert.False(t, more)
	_, _, err = s.Deleted(testOrg, "Nope", time.Time{}, 0, 0)
	assert.ErrorIs(t, err, ErrNoModule)

	lm, _ := s.LastModified(testOrg, Accounts)
	assert.Equal(t, testNow.Add(2*time.Minute), lm, "a deletion is a change")
}

// TestBadInput: every refused write leaves the store exactly as it was.
func TestBadInput(t *testing.T) {
	s := newStore(t)
	by := writer(t, s)
	p, _ := s.List(testOrg, Leads, Query{Limit: 1})
	id := p.Records[0].ID
	long := strings.Repeat("x", 81)
	tests := []struct {
		name   string
		module string
		update bool
		values string
		field  string
		reason string
	}{
		{"missing mandatory", Leads, false, `{"First_Name":"A"}`, "Last_Name", ReasonMandatory},
		{"empty mandatory", Leads, false, `{"Last_Name":""}`, "Last_Name", ReasonMandatory},
		{"mandatory emptied", Leads, true, `{"Last_Name":null}`, "Last_Name", ReasonMandatory},
		{"number for text", Leads, false, `{"Last_Name":12}`, "Last_Name", ReasonInvalid},
		{"too long", Leads, false, `{"Last_Name":"` + long + `"}`, "Last_Name", ReasonTooLong},
		{"bad email", Leads, false, `{"Last_Name":"A","Email":"not-an-email"}`, "Email", ReasonInvalid},
		{"text for integer", Leads, true, `{"No_of_Employees":"40"}`, "No_of_Employees", ReasonInvalid},
		{"fraction for integer", Leads, true, `{"No_of_Employees":4.5}`, "No_of_Employees", ReasonInvalid},
		{"integer out of range", Leads, true, `{"No_of_Employees":1e12}`, "No_of_Employees", ReasonInvalid},
		{"text for currency", Leads, true, `{"Annual_Revenue":"lots"}`, "Annual_Revenue", ReasonInvalid},
		{"text for boolean", Leads, true, `{"Email_Opt_Out":"true"}`, "Email_Opt_Out", ReasonInvalid},
		{"bad date", Leads, true, `{"Next_Follow_Up":"07/01/2025"}`, "Next_Follow_Up", ReasonInvalid},
		{"read-only datetime", Tasks, false, `{"Subject":"S","Closed_Time":"x"}`, "Closed_Time", ReasonReadOnly},
		{"bad datetime", Calls, false, `{"Subject":"S","Call_Type":"Inbound","Call_Start_Time":"yesterday"}`, "Call_Start_Time", ReasonInvalid},
		{"datetime without zone", Events, false, `{"Event_Title":"E","Start_DateTime":"2025-01-01T10:00:00","End_DateTime":"2025-01-01T11:00:00+00:00"}`, "Start_DateTime", ReasonInvalid},
		{"string for multiselect", Leads, true, `{"Interested_Products":"Desk"}`, "Interested_Products", ReasonInvalid},
		{"number in multiselect", Leads, true, `{"Interested_Products":["Desk",3]}`, "Interested_Products", ReasonInvalid},
		{"unknown owner", Leads, true, `{"Owner":{"id":"5725767000000000001"}}`, "Owner", ReasonInvalid},
		{"owner without id", Leads, true, `{"Owner":{"name":"Patricia Boyle"}}`, "Owner", ReasonInvalid},
		{"lookup to nothing", Contacts, false, `{"Last_Name":"A","Account_Name":{"id":"5725767030009999001"}}`, "Account_Name", ReasonInvalid},
		{"lookup to another module's record", Contacts, false, `{"Last_Name":"A","Account_Name":{"id":"` + id + `"}}`, "Account_Name", ReasonInvalid},
		{"lookup as number", Contacts, false, `{"Last_Name":"A","Account_Name":5}`, "Account_Name", ReasonInvalid},
		{"read-only field", Leads, true, `{"Created_Time":"2025-01-01T00:00:00Z"}`, "Created_Time", ReasonReadOnly},
		{"read-only Full_Name", Leads, true, `{"Full_Name":"X"}`, "Full_Name", ReasonReadOnly},
		{"id on create", Leads, false, `{"id":"1","Last_Name":"A"}`, "id", ReasonReadOnly},
		{"another id on update", Leads, true, `{"id":"1"}`, "id", ReasonInvalid},
		{"tags", Leads, true, `{"Tag":[{"name":"VIP"}]}`, "Tag", ReasonInvalid},
		{"first bad field in field order", Leads, false, `{"Zip_Code":1,"Last_Name":2}`, "Last_Name", ReasonInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := s.Export()
			var err error
			if tt.update {
				_, err = s.Update(testOrg, tt.module, id, jsonValues(t, tt.values), by, testNow)
			} else {
				_, err = s.Create(testOrg, tt.module, jsonValues(t, tt.values), by, testNow)
			}
			var iv *InvalidValueError
			require.ErrorAs(t, err, &iv)
			assert.Equal(t, tt.field, iv.Field)
			assert.Equal(t, tt.reason, iv.Reason)
			assert.Equal(t, before, s.Export(), "unchanged")
		})
	}
	var iv *InvalidValueError
	_, err := s.Update(testOrg, Leads, id, jsonValues(t, `{"No_of_Employees":"x"}`), by, testNow)
	require.ErrorAs(t, err, &iv)
	assert.Equal(t, "integer", iv.Expected)
	_, err = s.Update(testOrg, Leads, id, jsonValues(t, `{"Next_Follow_Up":5}`), by, testNow)
	require.ErrorAs(t, err, &iv)
	assert.Equal(t, "date", iv.Expected)
	_, err = s.Update(testOrg, Leads, id, jsonValues(t, `{"Last_Name":"`+long+`"}`), by, testNow)
	require.ErrorAs(t, err, &iv)
	assert.Equal(t, 80, iv.MaxLength)
}

func TestPolicy(t *testing.T) {
	s := newStore(t)
	by := writer(t, s)
	body := map[string]any{"Last_Name": "A", "Created_Time": "2020-01-01T00:00:00Z", "Colour": "red"}
	_, err := s.Create(testOrg, Leads, body, by, testNow)
	var iv *InvalidValueError
	require.ErrorAs(t, err, &iv)
	assert.Equal(t, ReasonReadOnly, iv.Reason)

	s.SetPolicy(Policy{IgnoreReadOnly: true})
	r, err := s.Create(testOrg, Leads, body, by, testNow)
	require.NoError(t, err)
	assert.Equal(t, testNow, r.Created, "read-only field dropped")

	s.SetPolicy(Policy{IgnoreReadOnly: true, RejectUnknown: true})
	_, err = s.Create(testOrg, Leads, body, by, testNow)
	require.ErrorAs(t, err, &iv)
	assert.Equal(t, "Colour", iv.Field)
	assert.Equal(t, ReasonUnknown, iv.Reason)
}

func TestCopiesInAndOut(t *testing.T) {
	s := newStore(t)
	by := writer(t, s)
	in := map[string]any{"Last_Name": "Copy", "Interested_Products": []any{"Desk"}}
	r, err := s.Create(testOrg, Leads, in, by, testNow)
	require.NoError(t, err)
	in["Last_Name"] = "Changed"
	in["Interested_Products"].([]any)[0] = "Changed"
	r.Values["Last_Name"] = "Changed"
	r.Values["Interested_Products"].([]string)[0] = "Changed"
	r.Values["Tag"] = append(r.Values["Tag"].([]Ref), Ref{Name: "x"})
	got, _ := s.Get(testOrg, Leads, r.ID)
	assert.Equal(t, "Copy", got.Values["Last_Name"])
	assert.Equal(t, []string{"Desk"}, got.Values["Interested_Products"])
	assert.Equal(t, []Ref{}, got.Values["Tag"])
	p, _ := s.List(testOrg, Leads, Query{IDs: []string{r.ID}})
	p.Records[0].Values["Interested_Products"].([]string)[0] = "Changed"
	got, _ = s.Get(testOrg, Leads, r.ID)
	assert.Equal(t, []string{"Desk"}, got.Values["Interested_Products"])
}

func TestGetErrors(t *testing.T) {
	s := newStore(t)
	for _, id := range []string{"", "x", "5725767010000000000", "5725767010000001001x", "1234567010000000001", "5725767990000000001", "5725767020000000001", "5725767010000999001" + "0"} {
		_, err := s.Get(testOrg, Leads, id)
		assert.ErrorIs(t, err, ErrNoRecord, id)
	}
	_, err := s.Get(testOrg, Leads, "5725767010000999001")
	assert.NoError(t, err, "the last generated lead")
	_, err = s.Get(testOrg, Leads, "5725767010001000001")
	assert.ErrorIs(t, err, ErrNoRecord, "one past it")
	_, err = s.Get(testOrg, "Nope", "5725767010000000001")
	assert.ErrorIs(t, err, ErrNoModule)
}
