package zohoaccounts

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/zohoaep/zohoaep/emulator/internal/ids"
)

// state is everything Zoho Accounts knows, guarded by Service.mu.
type state struct {
	orgs      map[string]*orgRec
	users     map[string]*User  // by ZUID
	emails    map[string]string // lower-case e-mail -> ZUID
	clients   map[string]*clientRec
	codes     map[string]*grantCode
	refresh   map[string]*refreshToken
	access    map[string]*accessToken
	consented map[pair]bool      // a user consented to a client once
	refreshOf map[pair][]string  // refresh tokens of a user and client, oldest first
	codeMints map[string]mintLog // grant codes issued to a client
	consent   Consent
	mints     int // access tokens minted since the last sweep
}

type orgRec struct {
	Org
	allow allowList
}

type clientRec struct {
	Client
	allow allowList
}

// pair keys what Zoho counts per user and client.
type pair struct {
	ZUID     string `json:"zuid"`
	ClientID string `json:"client_id"`
}

func newState(consent Consent) *state {
	return &state{
		orgs:      map[string]*orgRec{},
		users:     map[string]*User{},
		emails:    map[string]string{},
		clients:   map[string]*clientRec{},
		codes:     map[string]*grantCode{},
		refresh:   map[string]*refreshToken{},
		access:    map[string]*accessToken{},
		consented: map[pair]bool{},
		refreshOf: map[pair][]string{},
		codeMints: map[string]mintLog{},
		consent:   consent,
	}
}

// clone returns a deep copy of the state.
func (st *state) clone() *state {
	c := newState(st.consent)
	for k, o := range st.orgs {
		v := *o
		v.Org, v.allow = cloneOrg(o.Org), slices.Clone(o.allow)
		c.orgs[k] = &v
	}
	for k, u := range st.users {
		v := *u
		c.users[k] = &v
	}
	maps.Copy(c.emails, st.emails)
	for k, cl := range st.clients {
		v := *cl
		v.Client, v.allow = cloneClient(cl.Client), slices.Clone(cl.allow)
		c.clients[k] = &v
	}
	for k, g := range st.codes {
		v := *g
		v.Scopes = slices.Clone(g.Scopes)
		c.codes[k] = &v
	}
	for k, rt := range st.refresh {
		v := *rt
		v.Scopes, v.mints, v.Access = slices.Clone(rt.Scopes), rt.mints.clone(), slices.Clone(rt.Access)
		c.refresh[k] = &v
	}
	for k, at := range st.access {
		v := *at
		v.Scopes = slices.Clone(at.Scopes)
		c.access[k] = &v
	}
	maps.Copy(c.consented, st.consented)
	for k, l := range st.refreshOf {
		c.refreshOf[k] = slices.Clone(l)
	}
	for k, l := range st.codeMints {
		c.codeMints[k] = l.clone()
	}
	c.mints = st.mints
	return c
}

func (st *state) userByEmail(email string) *User {
	return st.users[st.emails[strings.ToLower(email)]]
}

// mintAccess issues an access token; rt is nil for tokens without a
// refresh token (online access, client credentials).
func (st *state) mintAccess(cfg Config, at accessToken, rt *refreshToken, now time.Time) *accessToken {
	at.Token = ids.ZohoToken()
	at.Issued, at.Expires = now, now.Add(AccessTokenLifetime)
	st.access[at.Token] = &at
	if rt != nil {
		at.Refresh = rt.Token
		rt.mints.add(now, cfg.AccessTokenMints)
		rt.Access = append(rt.Access, at.Token)
		// Past the cap the oldest live token dies (reference §8).
		for len(rt.Access) > cfg.AccessTokensPerRefreshToken {
			delete(st.access, rt.Access[0])
			rt.Access = rt.Access[1:]
		}
	}
	if st.mints++; st.mints >= 1024 {
		st.sweep(now)
	}
	return &at
}

// mintRefresh issues a refresh token; past the per-user-and-client cap the
// oldest dies with its access tokens (reference §8).
func (st *state) mintRefresh(cfg Config, rt refreshToken, now time.Time) *refreshToken {
	rt.Token, rt.Issued = ids.ZohoToken(), now
	st.refresh[rt.Token] = &rt
	k := pair{rt.ZUID, rt.ClientID}
	st.refreshOf[k] = append(st.refreshOf[k], rt.Token)
	// dropRefresh edits st.refreshOf[k] in place: read it afresh each time.
	for len(st.refreshOf[k]) > cfg.RefreshTokensPerUserClient {
		st.dropRefresh(st.refreshOf[k][0])
	}
	return &rt
}

// dropRefresh deletes a refresh token and every access token minted from it.
func (st *state) dropRefresh(token string) {
	rt, ok := st.refresh[token]
	if !ok {
		return
	}
	for _, a := range rt.Access {
		delete(st.access, a)
	}
	delete(st.refresh, token)
	k := pair{rt.ZUID, rt.ClientID}
	st.refreshOf[k] = slices.DeleteFunc(st.refreshOf[k], func(t string) bool { return t == token })
	if len(st.refreshOf[k]) == 0 {
		delete(st.refreshOf, k)
	}
}

// dropAccess deletes one access token.
func (st *state) dropAccess(token string) {
	at, ok := st.access[token]
	if !ok {
		return
	}
	delete(st.access, token)
	if rt := st.refresh[at.Refresh]; rt != nil {
		rt.Access = slices.DeleteFunc(rt.Access, func(t string) bool { return t == token })
	}
}

// sweep forgets expired codes and access tokens, so memory stays bounded.
func (st *state) sweep(now time.Time) {
	st.mints = 0
	for k, c := range st.codes {
		if !now.Before(c.Expires) {
			delete(st.codes, k)
		}
	}
	for k, a := range st.access {
		if !now.Before(a.Expires) {
			st.dropAccess(k)
		}
	}
	for k, l := range st.codeMints {
		if l.empty(now) {
			delete(st.codeMints, k)
		}
	}
}

// dropClient forgets a client with its codes and tokens.
func (st *state) dropClient(id string) {
	for k, c := range st.codes {
		if c.ClientID == id {
			delete(st.codes, k)
		}
	}
	for k, rt := range st.refresh {
		if rt.ClientID == id {
			st.dropRefresh(k)
		}
	}
	for k, at := range st.access {
		if at.ClientID == id {
			delete(st.access, k)
		}
	}
	for k := range st.consented {
		if k.ClientID == id {
			delete(st.consented, k)
		}
	}
	delete(st.codeMints, id)
	delete(st.clients, id)
}

// dropUser forgets a user with the codes, tokens and consents they gave.
func (st *state) dropUser(zuid string) {
	u, ok := st.users[zuid]
	if !ok {
		return
	}
	for k, c := range st.codes {
		if c.ZUID == zuid {
			delete(st.codes, k)
		}
	}
	for k, rt := range st.refresh {
		if rt.ZUID == zuid {
			st.dropRefresh(k)
		}
	}
	for k, at := range st.access {
		if at.ZUID == zuid {
			delete(st.access, k)
		}
	}
	for k := range st.consented {
		if k.ZUID == zuid {
			delete(st.consented, k)
		}
	}
	delete(st.emails, strings.ToLower(u.Email))
	delete(st.users, zuid)
}

// dropOrg forgets an org: its users, its clients and everything they hold.
func (st *state) dropOrg(id string) {
	for zuid, u := range st.users {
		if u.OrgID == id {
			st.dropUser(zuid)
		}
	}
	for cid, c := range st.clients {
		if c.OrgID == id {
			st.dropClient(cid)
		}
	}
	for k, at := range st.access {
		if at.OrgID == id {
			delete(st.access, k)
		}
	}
	delete(st.orgs, id)
}
