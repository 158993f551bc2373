package zohosource

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

func query(objectType, object string, preview bool) flowservice.ExploreQuery {
	return flowservice.ExploreQuery{ObjectType: objectType, Object: object, Preview: preview, Raw: url.Values{}}
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func flowCode(t *testing.T, err error) *flowservice.Error {
	t.Helper()
	var fe *flowservice.Error
	require.ErrorAs(t, err, &fe)
	return fe
}

func TestExploreRoot(t *testing.T) {
	w := newWorld(t, Config{}, demo())
	v, err := w.eng.Explore(t.Context(), w.conn(t), query("root", "", false))
	require.NoError(t, err)
	assert.JSONEq(t, `[
		{"type":"table","name":"Leads","path":"Leads","canPreview":true,"canFetchSchema":true},
		{"type":"table","name":"Contacts","path":"Contacts","canPreview":true,"canFetchSchema":true}]`, marshal(t, v))

	reqs := w.zoho.Requests("/crm/")
	require.Len(t, reqs, 2, "INVALID_TOKEN, then the retry with a refreshed token")
	assert.Equal(t, "www.zohoapis.com", reqs[0].Host, "the API domain of accounts.zoho.com")
	assert.Equal(t, "/crm/v2/settings/modules", reqs[0].Path)
	assert.Equal(t, "Zoho-oauthtoken 1000.stale-access-token", reqs[0].Header.Get("Authorization"))
	assert.Equal(t, "Zoho-oauthtoken 1000.access0001", reqs[1].Header.Get("Authorization"))
	assert.Equal(t, "20.42.2.1", reqs[1].Source.String(), "VA7's egress address")
	tok := w.zoho.Requests("/oauth/v2/token")
	require.Len(t, tok, 1)
	assert.Equal(t, "accounts.zoho.com", tok[0].Host)
	assert.Equal(t, url.Values{"client_id": {"1000.CLIENT"}, "client_secret": {"s3cr3t-client-secret"},
		"grant_type": {"refresh_token"}, "refresh_token": {"1000.rt"}}, tok[0].Form)
}

func TestExploreTable(t *testing.T) {
	w := newWorld(t, Config{PreviewRows: 2}, demo())
	v, err := w.eng.Explore(t.Context(), w.conn(t), query("table", "Leads", false))
	require.NoError(t, err)
	assert.JSONEq(t, `{"format":"flat","schema":{"columns":[
		{"name":"id","type":"string","xdm":{"type":"string"}},
		{"name":"Owner","type":"string","xdm":{"type":"string"}},
		{"name":"Company","type":"string","xdm":{"type":"string"}},
		{"name":"First_Name","type":"string","xdm":{"type":"string"}},
		{"name":"Last_Name","type":"string","xdm":{"type":"string"}},
		{"name":"Email","type":"string","xdm":{"type":"string"}},
		{"name":"No_of_Employees","type":"integer","xdm":{"type":"integer"}},
		{"name":"Big","type":"long","xdm":{"type":"integer"}},
		{"name":"Annual_Revenue","type":"double","xdm":{"type":"number"}},
		{"name":"Email_Opt_Out","type":"boolean","xdm":{"type":"boolean"}},
		{"name":"Birthday","type":"string","meta:xdmType":"date","xdm":{"type":"string","format":"date"}},
		{"name":"Hobbies","type":"string","xdm":{"type":"string"}},
		{"name":"Created_Time","type":"string","meta:xdmType":"date-time","xdm":{"type":"string","format":"date-time"}},
		{"name":"Modified_Time","type":"string","meta:xdmType":"date-time","xdm":{"type":"string","format":"date-time"}}]}}`, marshal(t, v))

	v, err = w.eng.Explore(t.Context(), w.conn(t), query("table", "Leads", true))
	require.NoError(t, err)
	data := v.(map[string]any)["data"].([]map[string]any)
	require.Len(t, data, 2)
	assert.JSONEq(t, `{"id":"4918916000000000001","Owner":"4918916000000319001","Company":"Company 1","First_Name":"First1",
		"Last_Name":"Last1","Email":"lead1@zylker.test","No_of_Employees":1,"Big":9007199254740001,"Annual_Revenue":1000.5,
		"Email_Opt_Out":false,"Birthday":"1990-01-02","Hobbies":"Golf;Chess","Created_Time":"2026-02-27T09:00:00+00:00",
		"Modified_Time":"2026-02-27T10:00:00+00:00"}`, marshal(t, data[0]))
	last := w.zoho.Requests("/crm/v2/Leads")
	require.NotEmpty(t, last)
	assert.Equal(t, url.Values{"page": {"1"}, "per_page": {"2"}}, last[len(last)-1].Query, "v2 reads every field without `fields`")
	assert.Equal(t, 1, w.zoho.Minted(), "the token refreshed by the first call is reused")
}

func TestExploreErrors(t *testing.T) {
	w := newWorld(t, Config{}, demo())
	for _, tc := range []struct {
		q    flowservice.ExploreQuery
		code string
	}{
		{query("table", "Nope", false), "1330-400"},
		{query("table", "Contacts", true), "1330-400"},
		{query("file", "x", false), "1358-400"},
		{flowservice.ExploreQuery{ObjectType: "table", Object: "Leads", Preview: true, Filters: "e30="}, "1353-400"},
	} {
		_, err := w.eng.Explore(t.Context(), w.conn(t), tc.q)
		assert.Equal(t, tc.code, flowCode(t, err).Code, "%+v", tc.q)
	}

	// Zoho's refusal, quoted verbatim in 1308-400, without a secret: the
	// refresh token revoked (and with it its access tokens).
	w.zoho.Set(func(z *FakeZoho) { z.Refresh["1000.rt"], z.Access = false, map[string]bool{} })
	_, err := w.eng.Explore(t.Context(), w.conn(t), query("root", "", false))
	fe := flowCode(t, err)
	assert.Equal(t, "1308-400", fe.Code)
	assert.Equal(t, http.StatusBadRequest, fe.Status())
	assert.Contains(t, fe.Message, `The request could not be processed. Error message: ErrorCode=ZohoAuthenticationFailed`)
	assert.Contains(t, fe.Message, `Zoho answered POST https://accounts.zoho.com/oauth/v2/token with HTTP 200: {"error":"invalid_code"}`)
	for _, secret := range []string{"s3cr3t-client-secret", "1000.rt", "1000.stale-access-token"} {
		assert.NotContains(t, fe.Message, secret)
		assert.NotContains(t, w.logs.String(), secret)
	}
}

func TestExploreUnreachable(t *testing.T) {
	w := newWorld(t, Config{}, demo())
	w.zoho.Set(func(z *FakeZoho) {
		z.Fail = func(*http.Request) (int, string, error) { return 0, "", errors.New("read: connection reset by peer") }
	})
	_, err := w.eng.Explore(t.Context(), w.conn(t), query("root", "", false))
	fe := flowCode(t, err)
	assert.Equal(t, "1308-400", fe.Code)
	assert.Contains(t, fe.Message, "ErrorCode=ZohoNetworkIssue")
	assert.Contains(t, fe.Message, "GET https://www.zohoapis.com/crm/v2/settings/modules failed: read: connection reset by peer")

	// The caller's cancellation is not Zoho's failure.
	ctx, cancel := contextCanceled(t)
	defer cancel()
	_, err = w.eng.Explore(ctx, w.conn(t), query("root", "", false))
	assert.ErrorIs(t, err, ctx.Err())
}
