package contracts_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/openapi"
)

// The validation hot path of docs/performance.md ("Validation, journal and
// store"): one refresh exchange judged against the Zoho Accounts contract,
// request then response, as the front door judges it; and a rejected
// request, which kin-openapi judges twice (fail-fast, then in full for the
// list of violations):
//
//	go test -run '^$' -bench Check -benchmem ./contracts/

const refreshBody = "grant_type=refresh_token&client_id=1000.DEMOSELFCLIENT0000000000000000" +
	"&client_secret=0123456789abcdef0123456789abcdef0123456789" +
	"&refresh_token=1000.2deaf8d0c268e3c85daa2a013a843b10.703adef2bb337b8ca36cfc5d7b83cf24"

var refreshAnswer = []byte(`{"access_token":"1000.8a5e0f5bdc7e4b0ea3f0a5d6c1b2e3f4.9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a",` +
	`"scope":"ZohoCRM.modules.ALL ZohoCRM.settings.ALL","api_domain":"http://127.0.0.1:9595","token_type":"Bearer","expires_in":3600}`)

var refreshAnswerHeader = http.Header{"Content-Type": {"application/json;charset=UTF-8"}, "Cache-Control": {"no-store"}, "Pragma": {"no-cache"}}

func benchContract(b *testing.B) *contracts.Contract {
	b.Helper()
	c, err := contracts.Load(openapi.ZohoAccounts)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func tokenRequest(ctype, body string) *http.Request {
	r, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1:9595/oauth/v2/token", strings.NewReader(body))
	r.Header.Set("Content-Type", ctype)
	return r
}

func BenchmarkCheckRefresh(b *testing.B) {
	c := benchContract(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		x := c.CheckRequest(ctx, tokenRequest("application/x-www-form-urlencoded", refreshBody))
		if v := x.CheckResponse(ctx, http.StatusOK, refreshAnswerHeader, refreshAnswer); !v.OK() {
			b.Fatal(v.Summary())
		}
	}
}

func BenchmarkCheckRefreshParallel(b *testing.B) {
	c := benchContract(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			x := c.CheckRequest(ctx, tokenRequest("application/x-www-form-urlencoded", refreshBody))
			if v := x.CheckResponse(ctx, http.StatusOK, refreshAnswerHeader, refreshAnswer); !v.OK() {
				b.Error(v.Summary())
				return
			}
		}
	})
}

func BenchmarkCheckRejected(b *testing.B) {
	c := benchContract(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if x := c.CheckRequest(ctx, tokenRequest("text/plain", refreshBody)); x.Verdict().OK() {
			b.Fatal("a text/plain token request passed")
		}
	}
}
