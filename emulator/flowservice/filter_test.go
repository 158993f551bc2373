package flowservice_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// TestParseFilter: the documented syntax parses; each malformed filter is
// refused with its code from Adobe's catalogue.
func TestParseFilter(t *testing.T) {
	fields := map[string]bool{"id": true, "name": true, "state": true, "flowId": true, "lastRunDetails": true,
		"sourceConnectionIds": true, "transformations": true, "createdAt": true, "params": true, "inheritedAttributes": true,
		"metrics": true, "attributes": true}
	tests := []struct {
		params []string
		want   []string // the clauses, rendered back
		code   string
	}{
		{params: []string{`name=="CRMToAEP"`}, want: []string{`name=="CRMToAEP"`}},
		{params: []string{`state==enabled`}, want: []string{`state==enabled`}},
		{params: []string{`flowId==8256cfb4-17e6-432c-a469-6aedafb16cd5`}, want: []string{`flowId==8256cfb4-17e6-432c-a469-6aedafb16cd5`}},
		{params: []string{`lastRunDetails.startedAtUTC>=1670880253121`}, want: []string{`lastRunDetails.startedAtUTC>=1670880253121`}},
		{params: []string{`id==736873,9485095`}, want: []string{`id==736873,9485095`}},
		{params: []string{`sourceConnectionIds[]==9874984,6980696`}, want: []string{`sourceConnectionIds[]==9874984,6980696`}},
		{params: []string{`transformations[].params.segmentSelectors.selectors[].value.id==5722a16f`}, want: []string{`transformations[].params.segmentSelectors.selectors[].value.id==5722a16f`}},
		{params: []string{`state==enabled,name!=x`}, want: []string{`state==enabled`, `name!=x`}},
		{params: []string{`state==enabled`, `name<m`}, want: []string{`state==enabled`, `name<m`}},
		{params: []string{`attributes.sampleAttribute="abc"`}, want: []string{`attributes.sampleAttribute=="abc"`}},
		{params: []string{`name=="a,b"`}, want: []string{`name=="a,b"`}},
		{params: []string{`metrics.recordSummary.targetSummaries[].entitySummaries[].id==segment:068d6e2c`}, want: []string{`metrics.recordSummary.targetSummaries[].entitySummaries[].id==segment:068d6e2c`}},
		{params: []string{`params.tableName==a=b`}, want: []string{`params.tableName==a=b`}},
		{params: []string{`createdAt>1,createdAt<9`}, want: []string{`createdAt>1`, `createdAt<9`}},
		{params: nil, want: nil},

		{params: []string{`name~CRM`}, code: "1440-400"},
		{params: []string{`name!>x`}, code: "1450-400"},
		{params: []string{`name=!x`}, code: "1450-400"},
		{params: []string{`name===x`}, code: "1450-400"},
		{params: []string{`connections==x`}, code: "1449-400"},
		{params: []string{`id>=5`}, code: "1448-400"},
		{params: []string{`createdAt==1676643256,1676643210x`}, code: "1452-400"},
		{params: []string{`createdAt>yesterday`}, code: "1452-400"},
		{params: []string{`createdAt==`}, code: "1453-400"},
		{params: []string{`name`}, code: "1453-400"},
		{params: []string{``}, code: "1453-400"},
		{params: []string{`==x`}, code: "1453-400"},
		{params: []string{`name=="open`}, code: "1453-400"},
		{params: []string{`name==a"b`}, code: "1453-400"},
		{params: []string{`a..b==x`}, code: "1453-400"},
		{params: []string{`na me==x`}, code: "1453-400"},
		{params: []string{`name==x,`}, code: "1453-400"},
		{params: []string{`createdAt<=5,6`}, code: "1443-400"},
		{params: []string{`name=={"a":1}`}, code: "1454-400"},
		{params: []string{`name==[1]`}, code: "1454-400"},
	}
	for _, tt := range tests {
		f, err := flowservice.ParseFilter(tt.params, fields)
		if tt.code != "" {
			var fe *flowservice.Error
			require.ErrorAs(t, err, &fe, "%q", tt.params)
			assert.Equal(t, tt.code, fe.Code, "%q: %v", tt.params, err)
			continue
		}
		require.NoError(t, err, "%q", tt.params)
		var got []string
		for _, c := range f {
			got = append(got, c.String())
		}
		assert.Equal(t, tt.want, got, "%q", tt.params)
	}
}

func doc(t testing.TB, s string) map[string]any {
	t.Helper()
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader([]byte(s)))
	d.UseNumber()
	require.NoError(t, d.Decode(&m))
	return m
}

// TestFilterMatch: numbers compare as numbers, quoted values as strings,
// arrays element by element, missing fields as unequal.
func TestFilterMatch(t *testing.T) {
	flow := doc(t, `{"id":"a7e88a01","name":"CRMToAEP flow","state":"enabled","sourceConnectionIds":["s1","s2"],
	 "lastRunDetails":{"startedAtUTC":1728594713537,"state":"success"},"count":10,"enabled":true,"nothing":null,
	 "inheritedAttributes":{"properties":{"isSourceFlow":true},"targetConnections":[{"connectionSpec":{"id":"c604"}},{"connectionSpec":{"id":"x"}}]},
	 "transformations":[{"name":"Copy","params":{"deltaColumn":{"name":"Modified_Time"}}},{"name":"Mapping","params":{"mappingVersion":0}}],
	 "metrics":{"statusSummary":{"status":"failed"}}}`)
	tests := []struct {
		filter string
		want   bool
	}{
		{`state==enabled`, true},
		{`state==disabled`, false},
		{`state!=disabled`, true},
		{`state!=enabled,disabled`, false},
		{`state==disabled,enabled`, true},
		{`name=="CRMToAEP flow"`, true},
		{`name=="crmtoaep FLOW"`, true},
		{`lastRunDetails.startedAtUTC>=1670880253121`, true},
		{`lastRunDetails.startedAtUTC<1670880253121`, false},
		{`lastRunDetails.startedAtUTC==1728594713537`, true},
		{`lastRunDetails.startedAtUTC=="1728594713537"`, true},
		{`count>9`, true},
		{`count>9.5`, true},
		{`count<=9`, false},
		{`count=="10"`, true},
		{`count>"9"`, false},
		{`enabled==true`, true},
		{`enabled=="true"`, true},
		{`enabled==false`, false},
		{`nothing==null`, true},
		{`nothing!=null`, false},
		{`missing==x`, false},
		{`missing!=x`, true},
		{`missing>1`, false},
		{`sourceConnectionIds[]==s2`, true},
		{`sourceConnectionIds==s2`, true},
		{`sourceConnectionIds[]==s3,s1`, true},
		{`sourceConnectionIds[]!=s1`, false},
		{`inheritedAttributes.properties.isSourceFlow==true`, true},
		{`inheritedAttributes.targetConnections[].connectionSpec.id==c604`, true},
		{`inheritedAttributes.targetConnections[].connectionSpec.id==nope`, false},
		{`transformations[].params.deltaColumn.name==Modified_Time`, true},
		{`transformations[].params.mappingVersion==0`, true},
		{`metrics.statusSummary.status==Failed`, true},
		{`name>CRM`, true},
		{`name<CRM`, false},
		{`state==enabled,name=="CRMToAEP flow"`, true},
		{`state==enabled,name==other`, false},
		{`state.deeper==x`, false},
	}
	for _, tt := range tests {
		f, err := flowservice.ParseFilter([]string{tt.filter}, nil)
		require.NoError(t, err, tt.filter)
		assert.Equal(t, tt.want, f.Match(flow, false), tt.filter)
	}
	f, err := flowservice.ParseFilter([]string{`metrics.statusSummary.status==Failed`}, nil)
	require.NoError(t, err)
	assert.False(t, f.Match(flow, true), "case-sensitive strings")
}

// FuzzParseFilter: the parser never panics; what it accepts renders back
// to a filter that parses to the same clauses and matches the same
// documents.
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{
		`name=="CRMToAEP"`, `state==enabled`, `lastRunDetails.startedAtUTC>=1670880253121`, `id==1,2,3`,
		`sourceConnectionIds[]==x`, `a.b[].c<="z"`, `name~x`, `name!>x`, `createdAt==x`, `"`, `,,,`, `a==b,c<d,e`,
		`x=="a,b",y==c`, `a==[1]`, `a=={`, `a==null`, `a!=true`,
	} {
		f.Add(s)
	}
	sample := doc(f, `{"name":"CRMToAEP","state":"enabled","a":{"b":[{"c":"z"},{"c":1}]},"x":"a,b","id":"2","createdAt":5,"y":true,"nothing":null}`)
	f.Fuzz(func(t *testing.T, p string) {
		filter, err := flowservice.ParseFilter([]string{p}, nil)
		if err != nil {
			var fe *flowservice.Error
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, 400, fe.Status())
			return
		}
		var rendered []string
		for _, c := range filter {
			require.NotEmpty(t, c.Path)
			require.NotEmpty(t, c.Values)
			rendered = append(rendered, c.String())
		}
		again, err := flowservice.ParseFilter(rendered, nil)
		require.NoError(t, err, "%q renders as %q", p, rendered)
		assert.Equal(t, filter, again, "%q", p)
		assert.Equal(t, filter.Match(sample, false), again.Match(sample, false))
	})
}
