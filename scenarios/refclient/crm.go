package refclient

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/zohoaep/zohoaep/scenarios"
)

// crmPage is a records page.
type crmPage struct {
	Data []struct {
		ID string `json:"id"`
	} `json:"data"`
	Info struct {
		More          bool   `json:"more_records"`
		NextPageToken string `json:"next_page_token"`
	} `json:"info"`
	Code string `json:"code"`
}

// Read implements scenarios.CRMReader: every record of the module, 200 a
// page, on page tokens; an expired page token restarts the read once.
func (s *session) Read(ctx context.Context, env scenarios.Env) scenarios.Outcome {
	seen := map[string]bool{}
	restarts := 0
	pageToken, page := "", 1
	for {
		q := url.Values{"fields": {"Last_Name,Email,Modified_Time"}, "per_page": {"200"}}
		switch {
		case s.has(PageOnly):
			q.Set("page", strconv.Itoa(page))
		case pageToken != "":
			q.Set("page_token", pageToken)
		}
		a, out := s.crmGet(ctx, env, "/crm/"+env.CRMVersion+"/"+url.PathEscape(env.Module)+"?"+q.Encode())
		if !out.OK {
			if strings.Contains(string(a.body), "EXPIRED_VALUE") && restarts == 0 && !s.has(NoRetry) {
				restarts++ // the page token lived its 24 hours: read again from the start
				pageToken, page = "", 1
				continue
			}
			out.Records = len(seen)
			return out
		}
		if a.status == http.StatusNoContent {
			break
		}
		var p crmPage
		if err := a.json(&p); err != nil {
			return scenarios.Failure(scenarios.KindOther, "a records page does not decode: "+err.Error())
		}
		for _, r := range p.Data {
			seen[r.ID] = true
		}
		if !p.Info.More {
			break
		}
		if !s.has(PageOnly) && p.Info.NextPageToken == "" {
			return scenarios.Failure(scenarios.KindOther, "more records but no next_page_token")
		}
		pageToken, page = p.Info.NextPageToken, page+1
	}
	out := scenarios.Success()
	out.Records = len(seen)
	return out
}

// crmGet sends one CRM GET with a fresh token, retrying transient
// failures and refreshing once on INVALID_TOKEN.
func (s *session) crmGet(ctx context.Context, env scenarios.Env, path string) (answer, scenarios.Outcome) {
	refreshes := 1
	switch {
	case s.has(NeverRefreshes):
		refreshes = 0
	case s.has(RefreshOnAny401):
		refreshes = 5
	}
	for {
		tok, out := s.fresh(ctx, env)
		if !out.OK {
			return answer{}, out
		}
		domain := s.apiDomain
		if domain == "" {
			domain = env.AccountsURL
		}
		a := s.retrying(ctx, func() answer {
			return s.do(ctx, env, http.MethodGet, domain+path, nil, http.Header{"Authorization": {"Zoho-oauthtoken " + tok}}, prodAPI)
		})
		for i := 0; a.status == http.StatusTooManyRequests && s.has(IgnoresThrottle) && i < 20; i++ {
			a = s.do(ctx, env, http.MethodGet, domain+path, nil, http.Header{"Authorization": {"Zoho-oauthtoken " + tok}}, prodAPI)
		}
		if a.err == nil && a.status < 300 {
			return a, scenarios.Success()
		}
		if a.status == http.StatusUnauthorized && refreshes > 0 &&
			(s.has(RefreshOnAny401) || strings.Contains(string(a.body), "INVALID_TOKEN")) {
			refreshes--
			if out := s.refreshNow(ctx, env); !out.OK {
				return a, out
			}
			continue
		}
		out = zohoFailure(a)
		if a.status == http.StatusBadRequest && !strings.Contains(string(a.body), "EXPIRED_VALUE") {
			out.Detail = fmt.Sprintf("GET %s: %s", path, out.Detail)
		}
		return a, out
	}
}
