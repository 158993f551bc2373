package zohosource

import (
	"encoding/json"
	"errors"
	"math"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

func TestRegions(t *testing.T) {
	for _, tc := range []struct{ region, egress string }{
		{RegionVA7, "20.42.2.1"}, {RegionNLD2, "13.69.67.193"}, {RegionAUS5, "13.70.74.145"},
		{RegionCAN2, "13.71.175.81"}, {RegionIND2, "20.43.121.49"},
	} {
		r, ok := LookupRegion(tc.region)
		require.True(t, ok, tc.region)
		assert.Equal(t, tc.egress, r.EgressIP().String(), tc.region)
		assert.True(t, r.Contains(r.EgressIP()), tc.region)
		assert.Equal(t, len(r.Ranges), len(r.AllowList()))
	}
	va7, _ := LookupRegion(RegionVA7)
	assert.Len(t, va7.Ranges, 22)
	assert.False(t, va7.Contains(netip.MustParseAddr("13.69.67.193")))
	assert.Equal(t, "20.119.28.57", Region{Ranges: []netip.Prefix{netip.MustParsePrefix("20.119.28.57/32")}}.EgressIP().String())
	_, ok := LookupRegion("GBR9")
	assert.False(t, ok, "no batch allow list is documented for GBR9")
}

func TestNewChecksConfig(t *testing.T) {
	fs := flowservice.New(flowservice.Config{}, nil, nil)
	z := NewFakeZoho()
	for name, cfg := range map[string]Config{
		"region": {Region: "GBR9"}, "version": {APIVersion: "v9"}, "lifecycle": {Lifecycle: "eventually"},
	} {
		_, err := New(fs, z.Client, cfg, nil)
		assert.Error(t, err, name)
	}
	_, err := New(nil, z.Client, Config{}, nil)
	assert.Error(t, err)
	e, err := New(fs, z.Client, Config{Region: RegionNLD2}, nil)
	require.NoError(t, err)
	assert.Equal(t, "13.69.67.193", e.EgressIP().String())
	e, err = New(fs, z.Client, Config{EgressIP: netip.MustParseAddr("203.0.113.9")}, nil)
	require.NoError(t, err)
	assert.Equal(t, "203.0.113.9", e.EgressIP().String())
	assert.Equal(t, "v2", e.Config().APIVersion)
	assert.Equal(t, LifecycleImmediate, e.Config().Lifecycle)
	assert.Equal(t, 30*time.Second, e.Config().RunDuration)
}

func TestAPIBase(t *testing.T) {
	for _, tc := range []struct{ accounts, endpoint, api string }{
		{"https://accounts.zoho.com", "crm.zoho.com/crm/private", "https://www.zohoapis.com"},
		{"https://accounts.zoho.eu/", "", "https://www.zohoapis.eu"},
		{"https://accounts.zohocloud.ca", "", "https://www.zohoapis.ca"},
		{"https://ACCOUNTS.ZOHO.COM.AU", "", "https://www.zohoapis.com.au"},
		{"http://127.0.0.1:9595/dc/eu", "", "http://127.0.0.1:9595/dc/eu"},
		{"http://127.0.0.1:9595", "www.zohoapis.com", "http://127.0.0.1:9595"},
		{"https://accounts.zoho.com", "https://www.zohoapis.in/crm/v2", "https://www.zohoapis.in"},
		{"https://accounts.zoho.com", "http://127.0.0.1:9595/dc/jp/crm/private", "http://127.0.0.1:9595/dc/jp"},
		{"https://accounts.zoho.com", "http://127.0.0.1:9595/dc/xx/crm", "http://127.0.0.1:9595"},
	} {
		acc, ok := accountsBase(tc.accounts)
		require.True(t, ok, tc.accounts)
		api := derivedAPIBase(acc)
		if ep := endpointBase(tc.endpoint); ep != "" {
			api = ep
		}
		assert.Equal(t, tc.api, api, "%s + %s", tc.accounts, tc.endpoint)
	}
	for _, bad := range []string{"", "accounts.zoho.com", "ftp://accounts.zoho.com", "https://user:pw@accounts.zoho.com", "https://"} {
		_, ok := accountsBase(bad)
		assert.False(t, ok, bad)
	}
}

func sched(start time.Time, freq string, interval int, backfill bool) flowservice.Schedule {
	return flowservice.Schedule{StartTime: start, Frequency: freq, Interval: interval, Backfill: backfill}
}

func TestNextDue(t *testing.T) {
	h := time.Hour
	for _, tc := range []struct {
		name    string
		s       flowservice.Schedule
		last    time.Time
		hasLast bool
		want    time.Time
		ok      bool
	}{
		{"once first", sched(t0, "once", 0, false), time.Time{}, false, t0, true},
		{"once done", sched(t0, "once", 0, false), t0, true, time.Time{}, false},
		{"backfill first at start", sched(t0, "hour", 1, true), time.Time{}, false, t0, true},
		{"no backfill first after a period", sched(t0, "hour", 1, false), time.Time{}, false, t0.Add(h), true},
		{"next on the grid", sched(t0, "hour", 2, true), t0, true, t0.Add(2 * h), true},
		{"off-grid last snaps forward", sched(t0, "hour", 2, true), t0.Add(3 * h), true, t0.Add(4 * h), true},
		{"last before start", sched(t0, "day", 1, true), t0.Add(-48 * h), true, t0, true},
		{"minutes", sched(t0, "minute", 15, true), t0.Add(15 * time.Minute), true, t0.Add(30 * time.Minute), true},
		{"week", sched(t0, "week", 1, false), t0.Add(7 * 24 * h), true, t0.Add(14 * 24 * h), true},
		{"no interval", sched(t0, "hour", 0, true), time.Time{}, false, time.Time{}, false},
	} {
		got, ok := nextDue(tc.s, tc.last, tc.hasLast)
		assert.Equal(t, tc.ok, ok, tc.name)
		if tc.ok {
			assert.True(t, tc.want.Equal(got), "%s: got %v want %v", tc.name, got, tc.want)
		}
	}
	_, ok := addMul(math.MaxInt64-10, 1, 11)
	assert.False(t, ok, "overflow")
	_, ok = addMul(0, math.MaxInt64/2+1, 2)
	assert.False(t, ok, "overflow")
	n, ok := addMul(5, 3, 7)
	assert.True(t, ok)
	assert.Equal(t, int64(26), n)
	assert.Equal(t, time.Time{}, firstFrom(sched(t0, "hour", 1, true)))
	assert.Equal(t, t0, firstFrom(sched(t0, "hour", 1, false)))
	assert.Equal(t, span{}, window{Due: t0, Once: true}.span("Modified_Time"))
}

// FuzzNextDue: the next due time is on the grid, after the last, and the
// first such; it never panics.
func FuzzNextDue(f *testing.F) {
	f.Add(int64(1772445600), "hour", 1, true, int64(0), false)
	f.Add(int64(1772445600), "minute", 15, false, int64(1772449200), true)
	f.Add(int64(0), "week", 1<<31-1, true, int64(1<<40), true)
	f.Fuzz(func(t *testing.T, start int64, freq string, interval int, backfill bool, last int64, hasLast bool) {
		if start < 0 || start > 1<<40 || last < -1<<40 || last > 1<<40 {
			return
		}
		s := sched(time.Unix(start, 0), freq, interval, backfill)
		got, ok := nextDue(s, time.Unix(last, 0), hasLast)
		if !ok {
			return
		}
		g := got.Unix()
		if hasLast && g <= last {
			t.Fatalf("due %d not after last %d", g, last)
		}
		p := periodSeconds(s)
		if p == 0 {
			if g != start {
				t.Fatalf("once due %d, start %d", g, start)
			}
			return
		}
		if (g-start)%p != 0 || g < start || !backfill && g == start {
			t.Fatalf("due %d off the grid (start %d, period %d, backfill %v)", g, start, p, backfill)
		}
		if prev := g - p; prev >= start && (backfill || prev > start) && (!hasLast || prev > last) {
			t.Fatalf("due %d skips %d", g, prev)
		}
	})
}

func TestApplyMappings(t *testing.T) {
	doc := map[string]any{"mappings": []any{
		map[string]any{"sourceAttribute": "Email", "destinationXdmPath": "personalEmail.address"},
		map[string]any{"sourceAttribute": "first_name", "destinationXdmPath": "person.name.firstName"},
		map[string]any{"sourceAttribute": "Last_Name", "destinationXdmPath": "person.name.lastName"},
		map[string]any{"sourceType": "CONSTANT", "sourceAttribute": "zoho", "destinationXdmPath": "_zohoaep.origin"},
		map[string]any{"sourceAttribute": "Missing", "destinationXdmPath": "_zohoaep.missing"},
	}}
	ms, err := compileMappings(doc)
	require.NoError(t, err)
	out, err := apply(ms, map[string]any{"Email": "a@b.test", "First_Name": "Ada", "Last_Name": "Lovelace"})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"personalEmail": map[string]any{"address": "a@b.test"},
		"person":        map[string]any{"name": map[string]any{"firstName": "Ada", "lastName": "Lovelace"}},
		"_zohoaep":      map[string]any{"origin": "zoho"},
	}, out)

	_, err = compileMappings(map[string]any{"mappings": []any{map[string]any{"sourceAttribute": "a", "destinationXdmPath": "x..y"}}})
	assert.ErrorIs(t, err, errPath)
	ms, _ = compileMappings(map[string]any{"mappings": []any{
		map[string]any{"sourceAttribute": "a", "destinationXdmPath": "x"},
		map[string]any{"sourceAttribute": "b", "destinationXdmPath": "x.y"},
	}})
	_, err = apply(ms, map[string]any{"a": "1", "b": "2"})
	assert.ErrorIs(t, err, errConflict)
	ms, _ = compileMappings(map[string]any{"mappings": []any{
		map[string]any{"sourceType": "EXPRESSION", "sourceAttribute": "concat(a, b)", "destinationXdmPath": "x"}}})
	_, err = apply(ms, map[string]any{"a": "1"})
	assert.ErrorIs(t, err, errExpression)
}

// FuzzSetPath: setting a path never panics; after success the value is
// found at the path, and a failure leaves no partial value at it.
func FuzzSetPath(f *testing.F) {
	f.Add("a.b.c", "a.b")
	f.Add("person.name", "person.name.first")
	f.Add("", ".")
	f.Fuzz(func(t *testing.T, p1, p2 string) {
		dst := map[string]any{}
		for i, p := range []string{p1, p2} {
			path, err := splitPath(p)
			if err != nil {
				continue
			}
			if err := setPath(dst, path, i); err != nil {
				if !errors.Is(err, errConflict) {
					t.Fatalf("setPath(%q): %v", p, err)
				}
				continue
			}
			var cur any = dst
			for _, seg := range path {
				m, ok := cur.(map[string]any)
				if !ok {
					t.Fatalf("%q: %v is not an object", p, cur)
				}
				cur = m[seg]
			}
			if cur != i {
				t.Fatalf("%q holds %v, want %d", p, cur, i)
			}
		}
	})
}

func TestColumnTyping(t *testing.T) {
	var fields []zohoField
	require.NoError(t, json.Unmarshal([]byte(`[
		{"api_name":"Owner","data_type":"ownerlookup","json_type":"jsonobject"},
		{"api_name":"Count","data_type":"integer","json_type":"integer"},
		{"api_name":"Big","data_type":"bigint","json_type":"integer"},
		{"api_name":"Revenue","data_type":"currency","json_type":"double"},
		{"api_name":"Opt_Out","data_type":"boolean","json_type":"boolean"},
		{"api_name":"Birthday","data_type":"date","json_type":"string"},
		{"api_name":"Modified_Time","data_type":"datetime","json_type":"string"},
		{"api_name":"Hobbies","data_type":"multiselectpicklist","json_type":"jsonarray"},
		{"api_name":"Tag","data_type":"text","json_type":"jsonarray"},
		{"api_name":"Score","data_type":"formula","json_type":"double"},
		{"api_name":"Lines","data_type":"subform","json_type":"jsonarray"},
		{"api_name":"Owner","data_type":"text","json_type":"string"}]`), &fields))
	cols := columnsOf(fields)
	var docs []map[string]any
	for _, c := range cols {
		docs = append(docs, c.doc())
	}
	got, _ := json.Marshal(docs)
	assert.JSONEq(t, `[
		{"name":"id","type":"string","xdm":{"type":"string"}},
		{"name":"Owner","type":"string","xdm":{"type":"string"}},
		{"name":"Count","type":"integer","xdm":{"type":"integer"}},
		{"name":"Big","type":"long","xdm":{"type":"integer"}},
		{"name":"Revenue","type":"double","xdm":{"type":"number"}},
		{"name":"Opt_Out","type":"boolean","xdm":{"type":"boolean"}},
		{"name":"Birthday","type":"string","meta:xdmType":"date","xdm":{"type":"string","format":"date"}},
		{"name":"Modified_Time","type":"string","meta:xdmType":"date-time","xdm":{"type":"string","format":"date-time"}},
		{"name":"Hobbies","type":"string","xdm":{"type":"string"}},
		{"name":"Tag","type":"string","xdm":{"type":"string"}},
		{"name":"Score","type":"double","xdm":{"type":"number"}}]`, string(got))

	var rec map[string]any
	require.NoError(t, jsonUnmarshal([]byte(`{"id":"4918916000000329425","Owner":{"name":"P B","id":"4918916000000319001","email":"p@z.test"},
		"Count":"12","Big":9007199254740993,"Revenue":850000,"Opt_Out":false,"Birthday":"1990-01-02",
		"Modified_Time":"2021-06-27T20:29:12-07:00","Hobbies":["Golf","Chess"],"Tag":[{"name":"vip","id":"1"}],"Score":null}`), &rec))
	assert.Equal(t, map[string]any{"id": "4918916000000329425", "Owner": "4918916000000319001", "Count": int64(12),
		"Big": int64(9007199254740993), "Revenue": 850000.0, "Opt_Out": false, "Birthday": "1990-01-02",
		"Modified_Time": "2021-06-27T20:29:12-07:00", "Hobbies": "Golf;Chess", "Tag": "vip", "Score": nil}, row(cols, rec))
	assert.Nil(t, column{Type: "integer"}.value(json.Number("1.5")))
	assert.Nil(t, column{Type: "string"}.value([]any{}), "an empty multi-select is no value")
	assert.Nil(t, column{Type: "boolean"}.value("maybe"))
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		token  bool
		status int
		body   string
		kind   Kind
		code   string
	}{
		{true, 200, `{"error":"invalid_code"}`, KindAuth, "invalid_code"},
		{true, 200, `{"error":"invalid_client"}`, KindAuth, "invalid_client"},
		{true, 200, `{"error":"invalid_client_secret"}`, KindAuth, "invalid_client_secret"},
		{true, 400, `{"error_description":"You have made too many requests continuously. Please try again after some time.","error":"Access Denied","status":"failure"}`, KindThrottled, "Access Denied"},
		{true, 200, `{"error_description":"您已连续提出过多请求，请稍后再试。","error":"Access Denied","status":"failure"}`, KindThrottled, "Access Denied"},
		{true, 400, `{"error_description":"Access denied from this IP address.","error":"Access Denied","status":"failure"}`, KindDenied, "Access Denied"},
		{true, 503, `<html>busy</html>`, KindServer, ""},
		{true, 200, `{"error":"unsupported_grant_type"}`, KindRequest, "unsupported_grant_type"},
		{false, 401, `{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}`, KindAuth, "INVALID_TOKEN"},
		{false, 401, `{"code":"OAUTH_SCOPE_MISMATCH","details":{},"message":"invalid oauth scope to access this URL","status":"error"}`, KindAuth, "OAUTH_SCOPE_MISMATCH"},
		{false, 403, `{"code":"NO_PERMISSION","details":{},"message":"Access denied from this IP address","status":"error"}`, KindDenied, "NO_PERMISSION"},
		{false, 429, `{"code":"TOO_MANY_REQUESTS","details":{},"message":"too many requests","status":"error"}`, KindThrottled, "TOO_MANY_REQUESTS"},
		{false, 500, `{"code":"INTERNAL_ERROR","details":{},"message":"Internal Server Error","status":"error"}`, KindServer, "INTERNAL_ERROR"},
		{false, 400, `{"code":"INVALID_MODULE","details":{},"message":"the module name given seems to be invalid","status":"error"}`, KindRequest, "INVALID_MODULE"},
	} {
		var f *Failure
		if tc.token {
			f = classifyToken("POST https://accounts.zoho.com/oauth/v2/token", tc.status, tc.body)
		} else {
			f = classifyAPI("GET https://www.zohoapis.com/crm/v2/Leads", tc.status, tc.body)
		}
		assert.Equal(t, tc.kind, f.Kind, tc.body)
		assert.Equal(t, tc.code, f.Code, tc.body)
		assert.Contains(t, f.Detail(), tc.body, "the body is quoted verbatim")
		assert.ErrorIs(t, f, &Failure{Kind: tc.kind})
	}
	f := &Failure{Kind: KindTransport, Op: "GET https://www.zohoapis.com/crm/v2/Leads", Cause: "read: connection reset by peer"}
	assert.Equal(t, "GET https://www.zohoapis.com/crm/v2/Leads failed: read: connection reset by peer", f.Error())
	assert.Equal(t, "ErrorCode=ZohoNetworkIssue,'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,"+
		"Message=GET https://www.zohoapis.com/crm/v2/Leads failed: read: connection reset by peer,Source=Microsoft.DataTransfer.Common,'", f.Detail())
}

func TestIDs(t *testing.T) {
	id := uuidOf("run", "x")
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, id)
	assert.Equal(t, id, uuidOf("run", "x"))
	assert.NotEqual(t, id, uuidOf("run", "y"))
	b := batchID(time.UnixMilli(1596656113306), "r")
	assert.Regexp(t, `^[0-9A-HJKMNP-TV-Z]{26}$`, b)
	assert.Equal(t, "01EF01", b[:6], "the time part leads, as in Adobe's sample 01EF01X41KJD82Y9ZX6ET54PCZ")
}
