package control

import (
	"net/http"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

type tokenList struct {
	Tokens []zohoaccounts.TokenInfo `json:"tokens"`
}

// listTokens serves GET /_emulator/zoho/tokens?client_id=&zuid=&kind=.
func (a *API) listTokens(r *http.Request) (any, error) {
	q := r.URL.Query()
	f := zohoaccounts.TokenFilter{ClientID: q.Get("client_id"), ZUID: q.Get("zuid"), Kind: q.Get("kind")}
	switch f.Kind {
	case "", "access", "refresh":
	default:
		return nil, invalid("kind is access or refresh, not %q", f.Kind)
	}
	tokens := nonNil(a.deps.Accounts.Tokens(f))
	for i := range tokens {
		tokens[i].Scopes = nonNil(tokens[i].Scopes)
	}
	return tokenList{Tokens: tokens}, nil
}

type revokeRequest struct {
	Token string `json:"token"` // the token or its fingerprint
}

// revokeToken serves POST /_emulator/zoho/tokens/revoke. The token travels
// in the body, never in a URL.
func (a *API) revokeToken(r *http.Request) (any, error) {
	var in revokeRequest
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	if in.Token == "" {
		return nil, invalid("token is required")
	}
	if err := a.deps.Accounts.RevokeToken(in.Token); err != nil {
		return nil, err
	}
	return status{Status: "revoked"}, nil
}
