package zohocrm

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// Page tokens (v4+, reference §12.3): opaque hex strings minted with every
// page that has more records after it. A token is the user's own, bound to
// the module and every parameter of the read that minted it (fields,
// sort, converted, per_page, ids, If-Modified-Since), points at the next
// record, and expires after Config.PageTokenLifetime on the virtual clock.
// Tokens reach at most Config.PageTokenLimit records.

// PageToken is one minted page token.
type PageToken struct {
	Token   string    `json:"token"`
	OrgID   string    `json:"org_id"`
	UserID  string    `json:"user_id"` // CRM user id
	Binding string    `json:"binding"` // the read's canonical parameters
	Offset  int       `json:"offset"`  // the first record it reads
	Expires time.Time `json:"expires"`
}

type tokenKey struct {
	org, user, binding string
	offset             int
}

func (t *PageToken) key() tokenKey { return tokenKey{t.OrgID, t.UserID, t.Binding, t.Offset} }

// maxTokenLen bounds what is looked up at all (Zoho's OpenAPI: 96).
const maxTokenLen = 96

// pageToken returns a live token for (user, binding, offset), minting one
// unless a live one exists.
func (s *Service) pageToken(orgID, userID, binding string, offset int, now time.Time) PageToken {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	k := tokenKey{orgID, userID, binding, offset}
	if tok, ok := st.keys[k]; ok {
		if t := st.tokens[tok]; t != nil && now.Before(t.Expires) {
			return *t
		}
	}
	st.prune(now, s.cfg.PageTokenLifetime, s.cfg.MaxPageTokens-1)
	st.seq++
	sum := sha256.Sum256([]byte(strconv.FormatUint(st.seq, 10) + "|" + orgID + "|" + userID + "|" +
		strconv.Itoa(offset) + "|" + binding))
	t := &PageToken{Token: hex.EncodeToString(sum[:16]), OrgID: orgID, UserID: userID, Binding: binding,
		Offset: offset, Expires: now.Add(s.cfg.PageTokenLifetime)}
	st.add(t)
	return *t
}

// redeem checks a token sent with a read and returns the offset it
// points at.
func (s *Service) redeem(token, orgID, userID, binding string, now time.Time) (int, error) {
	if token == "" || len(token) > maxTokenLen {
		return 0, invalidData("page_token")
	}
	s.mu.Lock()
	t := s.st.tokens[token]
	var tok PageToken
	if t != nil {
		tok = *t
	}
	s.mu.Unlock()
	switch {
	case t == nil || tok.OrgID != orgID || tok.UserID != userID:
		return 0, invalidData("page_token")
	case !now.Before(tok.Expires):
		return 0, errTokenExpired
	case tok.Binding != binding:
		return 0, errTokenBound
	case s.cfg.PageTokenLimit >= 0 && tok.Offset >= s.cfg.PageTokenLimit:
		return 0, paginationError(s.cfg.PageTokenLimit)
	}
	return tok.Offset, nil
}

func (st *state) add(t *PageToken) {
	st.tokens[t.Token] = t
	st.keys[t.key()] = t.Token
	st.order = append(st.order, t.Token)
}

// prune forgets tokens expired for a whole lifetime (they answered
// EXPIRED_VALUE until then, INVALID_DATA after), and the oldest beyond keep.
func (st *state) prune(now time.Time, lifetime time.Duration, keep int) {
	drop := 0
	for _, tok := range st.order {
		t := st.tokens[tok]
		if t != nil && len(st.order)-drop <= keep && now.Before(t.Expires.Add(lifetime)) {
			break
		}
		drop++
		if t != nil {
			delete(st.tokens, tok)
			if st.keys[t.key()] == tok {
				delete(st.keys, t.key())
			}
		}
	}
	if drop > 0 {
		st.order = st.order[drop:]
	}
}
