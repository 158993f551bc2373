package scenarios

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func entries(t *testing.T, doc string) []entry {
	t.Helper()
	var es []entry
	require.NoError(t, json.Unmarshal([]byte(doc), &es))
	return es
}

const sample = `[
 {"seq":3,"service":"zoho-accounts","operation":"token","method":"POST","path":"/oauth/v2/token","status":200,
  "request_headers":{"Content-Type":"application/x-www-form-urlencoded"},"request_body":"grant_type=refresh_token&client_secret=%5BREDACTED%5D"},
 {"seq":5,"service":"zoho-accounts","operation":"token","dc":"eu","method":"POST","path":"/dc/eu/oauth/v2/token","status":200,
  "query":"grant_type=refresh_token&client_secret=%5BREDACTED%5D"},
 {"seq":8,"service":"flow-service","operation":"listConnections","method":"GET","path":"/data/foundation/flowservice/connections","status":200,
  "request_headers":{"X-Sandbox-Name":"dev","X-Api-Key":"k"}},
 {"seq":9,"service":"flow-service","operation":"createConnection","method":"POST","path":"/data/foundation/flowservice/connections","status":400,
  "fault":"fault-1","request_headers":{"X-Api-Key":"k"},
  "verdict":{"contract":"flow-service","violations":[{"side":"request","rule":"body","where":"/name","message":"missing"}]}}
]`

func TestMatch(t *testing.T) {
	es := entries(t, sample)
	stepSeq := []int64{0, 4, 7, 9}
	for _, tc := range []struct {
		name  string
		match Match
		want  []int64
	}{
		{"everything", Match{}, []int64{3, 5, 8, 9}},
		{"service and operation", Match{Service: "zoho-accounts", Operation: "token"}, []int64{3, 5}},
		{"form or query parameter", Match{Params: map[string]string{"grant_type": "refresh_token"}}, []int64{3, 5}},
		{"present", Match{Params: map[string]string{"client_secret": "*"}}, []int64{3, 5}},
		{"us is the root", Match{DC: "us", Service: "zoho-accounts"}, []int64{3}},
		{"status", Match{Status: 400}, []int64{9}},
		{"any fault", Match{Fault: "*"}, []int64{9}},
		{"after step 2", Match{AfterStep: 2}, []int64{8, 9}},
		{"after the last step", Match{AfterStep: 3}, nil},
		{"method", Match{Method: "get"}, []int64{8}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []int64
			for _, e := range es {
				if tc.match.matches(e, stepSeq) {
					got = append(got, e.Seq)
				}
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestChecks(t *testing.T) {
	es := entries(t, sample)
	one, zero := 1, 0
	env := Env{Sandbox: "dev"}
	sc := Scenario{Journal: []Check{
		{Name: "at most one refresh", Match: Match{Params: map[string]string{"grant_type": "refresh_token"}}, Max: &one, Says: "refreshed twice"},
		{Name: "no secret in a query", Match: Match{Service: "zoho-accounts"}, Each: &Each{QueryAbsent: []string{"client_secret"}}, Says: "secret in query"},
		{Name: "sandbox", Match: Match{Service: "flow-service"}, Each: &Each{HeaderValues: map[string]string{"x-sandbox-name": "${sandbox}"}}, Says: "no sandbox"},
		{Name: "eu only", Match: Match{Service: "zoho-accounts"}, Each: &Each{DC: "eu"}, Says: "wrong dc"},
		{Name: "none revoked", Match: Match{Operation: "revokeToken"}, Min: &zero, Max: &zero, Says: "never"},
		{Name: "a test", Match: Match{Operation: "testConnection"}, Min: &one, Says: "never tested"},
	}}
	got := map[string]string{}
	for _, f := range checkJournal(sc, es, nil, env) {
		got[f.Check] = f.Got
		assert.NotEmpty(t, f.Evidence, f.Check)
	}
	assert.Equal(t, map[string]string{
		"requests keep to the contract": "1 requests break it; the first: body /name: missing",
		"at most one refresh":           "2 matching calls, at most 1 allowed",
		"no secret in a query":          "1 of 2 calls: client_secret in the query string",
		"sandbox":                       "1 of 2 calls: no x-sandbox-name header",
		"eu only":                       "1 of 2 calls: addressed the us data centre, not eu",
		"a test":                        "0 matching calls, at least 1 wanted",
	}, got)
}

func TestExpectation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		expect *Expect
		out    Outcome
		ok     bool
		says   string
	}{
		{"no expectation", nil, Failure(KindOther, "x"), true, ""},
		{"success wanted", &Expect{OK: true}, Success(), true, ""},
		{"success wanted, failure got", &Expect{OK: true, Says: "it failed"}, Failure(KindThrottled, ""), false, "it failed"},
		{"failure wanted, success got", &Expect{Fail: KindInvalidCode}, Success(), false, "reported success"},
		{"another kind", &Expect{Fail: KindInvalidCode}, Failure(KindThrottled, ""), false, "should have reported invalid_code"},
		{"any kind", &Expect{Fail: "any"}, Failure(KindThrottled, ""), true, ""},
		{"records", &Expect{OK: true, Records: 600}, Outcome{OK: true, Records: 400}, false, "read 400 records where there are 600"},
		{"records right", &Expect{OK: true, Records: 600}, Outcome{OK: true, Records: 600}, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, ok := expectation(3, Step{Client: IntentCall, Expect: tc.expect}, tc.out)
			assert.Equal(t, tc.ok, ok)
			assert.Contains(t, f.Says, tc.says)
			if !ok {
				assert.Equal(t, "step 3: call", f.Check)
			}
		})
	}
}
