package zohocrm

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"time"
)

// state is the service's own state: org settings, credits spent and page
// tokens. The records are crmdata's; tokens, orgs and users Zoho
// Accounts'.
type state struct {
	orgs    map[string]OrgSettings
	credits map[string][]Spend
	tokens  map[string]*PageToken
	keys    map[tokenKey]string
	order   []string // tokens in the order they were minted
	seq     uint64
}

func newState() *state {
	return &state{orgs: map[string]OrgSettings{}, credits: map[string][]Spend{},
		tokens: map[string]*PageToken{}, keys: map[tokenKey]string{}}
}

// State is the service's state as a document (JSON-serialisable): the
// org settings are a seed; the credits and page tokens make an exported
// world resume exactly.
type State struct {
	Orgs       []OrgSettings `json:"orgs,omitempty"`
	Credits    []Spend       `json:"credits,omitempty"`
	PageTokens []PageToken   `json:"page_tokens,omitempty"`
	TokenSeq   uint64        `json:"token_seq,omitempty"`
}

// Export returns the whole state.
func (s *Service) Export() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.export()
}

func (st *state) export() State {
	var out State
	for _, id := range slices.Sorted(maps.Keys(st.orgs)) {
		out.Orgs = append(out.Orgs, st.orgs[id].clone())
	}
	for _, id := range slices.Sorted(maps.Keys(st.credits)) {
		out.Credits = append(out.Credits, st.credits[id]...)
	}
	for _, tok := range st.order {
		if t := st.tokens[tok]; t != nil {
			out.PageTokens = append(out.PageTokens, *t)
		}
	}
	out.TokenSeq = st.seq
	return out
}

// build makes a state from a document, or says what is wrong with it.
func build(doc State) (*state, error) {
	st := newState()
	for _, o := range doc.Orgs {
		if err := o.validate(); err != nil {
			return nil, err
		}
		if _, dup := st.orgs[o.OrgID]; dup {
			return nil, fmt.Errorf("zohocrm: org %s twice", o.OrgID)
		}
		st.orgs[o.OrgID] = o.clone()
	}
	spends := slices.Clone(doc.Credits)
	slices.SortStableFunc(spends, func(a, b Spend) int {
		return cmp.Or(cmp.Compare(a.OrgID, b.OrgID), a.Minute.Compare(b.Minute))
	})
	for _, sp := range spends {
		if sp.OrgID == "" || sp.Credits < 0 {
			return nil, fmt.Errorf("zohocrm: credits without an org or below zero")
		}
		log := st.credits[sp.OrgID]
		minute := sp.Minute.Truncate(time.Minute)
		if n := len(log); n > 0 && log[n-1].Minute.Equal(minute) {
			log[n-1].Credits += sp.Credits
		} else {
			log = append(log, Spend{OrgID: sp.OrgID, Minute: minute, Credits: sp.Credits})
		}
		st.credits[sp.OrgID] = log
	}
	for _, t := range doc.PageTokens {
		if t.Token == "" || len(t.Token) > maxTokenLen || t.OrgID == "" || t.Offset < 0 {
			return nil, fmt.Errorf("zohocrm: page token %q is incomplete", t.Token)
		}
		if _, dup := st.tokens[t.Token]; dup {
			return nil, fmt.Errorf("zohocrm: page token %q twice", t.Token)
		}
		st.add(&t)
	}
	st.seq = doc.TokenSeq
	return st, nil
}

// Import replaces the whole state with doc, or changes nothing if doc is
// invalid.
func (s *Service) Import(doc State) error {
	st, err := build(doc)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = st
	return nil
}

// Seed replaces the state with doc and makes it what Reset returns to, or
// changes nothing if doc is invalid.
func (s *Service) Seed(doc State) error {
	st, err := build(doc)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st, s.seed = st, st.export()
	return nil
}

// Reset returns the state to the last Seed (empty if none): all of it, or
// only what belongs to the org tenant (its settings, credits and tokens).
// The records are crmdata's to reset.
func (s *Service) Reset(tenant string) error {
	seed, err := build(s.seedDoc())
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if tenant == "" {
		s.st = seed
		return nil
	}
	st := s.st
	delete(st.orgs, tenant)
	if o, ok := seed.orgs[tenant]; ok {
		st.orgs[tenant] = o
	}
	delete(st.credits, tenant)
	if log, ok := seed.credits[tenant]; ok {
		st.credits[tenant] = log
	}
	kept := st.order[:0:0]
	for _, tok := range st.order {
		t := st.tokens[tok]
		if t == nil {
			continue
		}
		if t.OrgID == tenant {
			delete(st.tokens, tok)
			delete(st.keys, t.key())
			continue
		}
		kept = append(kept, tok)
	}
	st.order = kept
	for _, tok := range seed.order {
		if t := seed.tokens[tok]; t != nil && t.OrgID == tenant {
			st.add(t)
		}
	}
	return nil
}

func (s *Service) seedDoc() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seed
}
