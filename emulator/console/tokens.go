package console

import (
	"cmp"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// throttleWindow is Zoho Accounts' rolling window of every mint limit
// (zohoaccounts' tokenWindow, reference §8).
const throttleWindow = 10 * time.Minute

// tokensData is every live grant, by client and user.
type tokensData struct {
	Now    time.Time
	Limits zohoaccounts.Config
	Window time.Duration
	Grants []grantGroup
}

// grantGroup is what one user granted one client.
type grantGroup struct {
	ClientID, ClientName string
	ZUID, User           string // empty for client-credentials tokens
	Codes                []codeRow
	Refresh              []refreshRow
	Access               []zohoaccounts.TokenInfo // those without a refresh token
	CodeMints            int                      // the client's codes in the window
}

type codeRow struct {
	ID      string // a fingerprint, as the journal shows the code
	Scopes  []string
	Offline bool
	Expires time.Time
	DC      string
}

type refreshRow struct {
	zohoaccounts.TokenInfo
	Mints  int // access tokens minted in the window (the throttle)
	Access []zohoaccounts.TokenInfo
}

func (c *Console) tokens(*http.Request) (*view, error) {
	return &view{Page: "tokens", Title: "Tokens", Data: c.tokensData()}, nil
}

func (c *Console) tokensData() tokensData {
	acc := c.deps.Accounts
	now := c.now()
	d := tokensData{Now: now, Limits: acc.Config(), Window: throttleWindow}
	st := acc.Export() // codes and counters; its secrets never leave this function
	names, users := map[string]string{}, map[string]string{}
	for _, o := range st.Orgs {
		for _, cl := range o.Clients {
			names[cl.ID] = cl.Name
		}
		for _, u := range o.Users {
			users[u.ZUID] = u.Email
		}
	}
	groups := map[[2]string]*grantGroup{}
	group := func(client, zuid string) *grantGroup {
		k := [2]string{client, zuid}
		if g, ok := groups[k]; ok {
			return g
		}
		g := &grantGroup{ClientID: client, ClientName: names[client], ZUID: zuid, User: users[zuid]}
		g.CodeMints = st.CodeMintsInWindow(client, now)
		groups[k] = g
		return g
	}
	for _, code := range st.Codes {
		if now.Before(code.Expires) {
			g := group(code.ClientID, code.ZUID)
			g.Codes = append(g.Codes, codeRow{ID: zohoaccounts.Fingerprint(code.Code), Scopes: code.Scopes,
				Offline: code.Offline, Expires: code.Expires, DC: code.DC})
		}
	}
	mints := map[string]int{}
	for _, rt := range st.RefreshTokens {
		mints[zohoaccounts.Fingerprint(rt.Token)] = rt.MintsInWindow(now)
	}
	live := acc.Tokens(zohoaccounts.TokenFilter{})
	refresh := map[string]*refreshRow{}
	for _, t := range live { // refresh tokens come first
		g := group(t.ClientID, t.ZUID)
		switch {
		case t.Kind == "refresh":
			g.Refresh = append(g.Refresh, refreshRow{TokenInfo: t, Mints: mints[t.ID]})
		case t.Refresh != "" && refresh[t.Refresh] != nil:
			rr := refresh[t.Refresh]
			rr.Access = append(rr.Access, t)
		default:
			g.Access = append(g.Access, t)
		}
		if t.Kind == "refresh" { // index after the append: the slice may move
			for i := range g.Refresh {
				refresh[g.Refresh[i].ID] = &g.Refresh[i]
			}
		}
	}
	for _, g := range groups {
		d.Grants = append(d.Grants, *g)
	}
	slices.SortFunc(d.Grants, func(a, b grantGroup) int {
		return cmp.Or(cmp.Compare(a.ClientID, b.ClientID), cmp.Compare(a.ZUID, b.ZUID))
	})
	return d
}

// revoke serves the revoke buttons: a token by its fingerprint, as a user
// does in Connected Apps (a refresh token takes its access tokens along).
func (c *Console) revoke(r *http.Request) (string, error) {
	id := r.PostForm.Get("id")
	if id == "" {
		return "", badRequest("which token? the form named none")
	}
	if err := c.deps.Accounts.RevokeToken(id); err != nil {
		if errors.Is(err, zohoaccounts.ErrNotFound) {
			return "", notFound("no live token %s", id)
		}
		return "", err
	}
	return withFlash(backTo(r, "tokens"), "Revoked "+id), nil
}
