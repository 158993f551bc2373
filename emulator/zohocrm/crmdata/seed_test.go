package crmdata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// TestSeedYAML loads the seed example of docs/zoho-crm-data.md as the
// emulator loads seeds: YAML to JSON, unknown fields refused.
func TestSeedYAML(t *testing.T) {
	data, err := os.ReadFile("testdata/seed.yaml")
	require.NoError(t, err)
	var doc any
	require.NoError(t, yaml.Unmarshal(data, &doc))
	j, err := json.Marshal(doc)
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.DisallowUnknownFields()
	var spec OrgSpec
	require.NoError(t, dec.Decode(&spec))

	s := New()
	require.NoError(t, s.PutOrg(spec))
	n, err := s.Count("810000001", Leads, Query{Converted: "both"})
	require.NoError(t, err)
	assert.Equal(t, 1_000_001, n)
	r, err := s.Get("810000001", Leads, "5725767010000000001")
	require.NoError(t, err)
	assert.Equal(t, "Contacted", r.Values["Lead_Status"])
	p, err := s.List("810000001", Leads, Query{Converted: "true", SortBy: "Created_Time", Desc: true, Limit: 1})
	require.NoError(t, err)
	assert.Equal(t, "EMEA", p.Records[0].Values["Region"])
	assert.Equal(t, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), p.Records[0].Created)
	calls, _ := s.Count("810000001", Calls, Query{})
	assert.Zero(t, calls)
	proj, ok := s.Module("810000001", "Projects")
	require.True(t, ok)
	assert.Equal(t, "custom", proj.GeneratedType)
	pp, err := s.List("810000001", "Projects", Query{Limit: 1})
	require.NoError(t, err)
	assert.IsType(t, Ref{}, pp.Records[0].Values["Client"])
	assert.Contains(t, []string{UserID("5725767", 0), UserID("5725767", 1)}, pp.Records[0].Values["Owner"].(Ref).ID)
}

func ExampleStore() {
	s := New()
	err := s.PutOrg(OrgSpec{
		OrgID: "810000001", Prefix: "5725767", Seed: 1,
		Users:   []User{{Name: "Patricia Boyle", Email: "admin@zylker.test"}},
		Modules: []ModuleSpec{{APIName: Accounts, Generate: 1_000_000}},
	})
	if err != nil {
		panic(err)
	}
	page, _ := s.List("810000001", Accounts, Query{SortBy: "Modified_Time", Desc: true, Offset: 500_000, Limit: 2})
	for _, r := range page.Records {
		fmt.Println(r.ID, r.Values["Owner"].(Ref).Name)
	}
	acct := page.Records[0]
	by := User{ID: UserID("5725767", 0), Name: "Patricia Boyle", Email: "admin@zylker.test"}
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	if _, err := s.Update("810000001", Accounts, acct.ID, map[string]any{"Phone": "555-010-0000"}, by, now); err != nil {
		panic(err)
	}
	changed, _ := s.List("810000001", Accounts, Query{ModifiedSince: now.Add(-time.Second)})
	fmt.Println(len(changed.Records), changed.Records[0].ID == acct.ID, changed.Records[0].Modified.Format(time.RFC3339))
	// Output:
	// 5725767010499999001 Patricia Boyle
	// 5725767010499998001 Patricia Boyle
	// 1 true 2026-03-01T09:00:00Z
}
