package zohoaccounts

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/zohoaep/zohoaep/emulator/internal/ids"
	"github.com/zohoaep/zohoaep/emulator/internal/netpolicy"
	"github.com/zohoaep/zohoaep/internal/zohodc"
)

// Errors of the Go API, which the control API maps to its statuses.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
	ErrInvalid  = errors.New("invalid")
)

func invalid(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, a...))
}

func notFound(what, id string) error { return fmt.Errorf("%w: %s %q", ErrNotFound, what, id) }

// CreateOrg adds an org; an empty ID, DC or time zone gets a default.
func (s *Service) CreateOrg(o Org) (Org, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.putOrg(o, false)
}

// UpdateOrg replaces an existing org's name, DC, time zone and allowed IPs.
func (s *Service) UpdateOrg(o Org) (Org, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.putOrg(o, true)
}

func (s *Service) putOrg(o Org, replace bool) (Org, error) {
	if o.ID == "" && !replace {
		o.ID = numericID()
	}
	if _, exists := s.st.orgs[o.ID]; exists != replace {
		if replace {
			return Org{}, notFound("org", o.ID)
		}
		return Org{}, fmt.Errorf("%w: org %q exists", ErrConflict, o.ID)
	}
	if o.DC == "" {
		o.DC = zohodc.US
	}
	if !zohodc.Valid(o.DC) {
		return Org{}, invalid("unknown data centre %q", o.DC)
	}
	if o.TimeZone == "" {
		o.TimeZone = "America/Los_Angeles"
	}
	if _, err := time.LoadLocation(o.TimeZone); err != nil {
		return Org{}, invalid("unknown time zone %q", o.TimeZone)
	}
	allow, err := netpolicy.ParseList(o.AllowedIPs)
	if err != nil {
		return Org{}, invalid("%v", err)
	}
	if o.Name == "" {
		return Org{}, invalid("org name is required")
	}
	o.AllowedIPs = slices.Clone(o.AllowedIPs)
	s.st.orgs[o.ID] = &orgRec{Org: o, allow: allow}
	return o, nil
}

// Orgs lists the orgs.
func (s *Service) Orgs() []Org {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Org, 0, len(s.st.orgs))
	for _, o := range s.st.orgs {
		out = append(out, cloneOrg(o.Org))
	}
	slices.SortFunc(out, func(a, b Org) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// GetOrg returns one org.
func (s *Service) GetOrg(id string) (Org, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.st.orgs[id]
	if !ok {
		return Org{}, notFound("org", id)
	}
	return cloneOrg(o.Org), nil
}

// DeleteOrg removes an org with its users, clients, codes and tokens.
func (s *Service) DeleteOrg(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.st.orgs[id]; !ok {
		return notFound("org", id)
	}
	s.st.dropOrg(id)
	s.clientsChanged()
	return nil
}

// CreateUser adds a user to an existing org; an empty ZUID gets one.
func (s *Service) CreateUser(u User) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.st.orgs[u.OrgID]; !ok {
		return User{}, notFound("org", u.OrgID)
	}
	if u.ZUID == "" {
		u.ZUID = numericID()
	}
	if !isNumeric(u.ZUID) {
		return User{}, invalid("a ZUID is a number of up to 18 digits, not %q", u.ZUID)
	}
	if _, ok := s.st.users[u.ZUID]; ok {
		return User{}, fmt.Errorf("%w: user %q exists", ErrConflict, u.ZUID)
	}
	if !strings.Contains(u.Email, "@") {
		return User{}, invalid("a user needs an e-mail address")
	}
	if s.st.userByEmail(u.Email) != nil {
		return User{}, fmt.Errorf("%w: e-mail %q is taken", ErrConflict, u.Email)
	}
	if u.TimeZone != "" {
		if _, err := time.LoadLocation(u.TimeZone); err != nil {
			return User{}, invalid("unknown time zone %q", u.TimeZone)
		}
	}
	s.st.users[u.ZUID] = &u
	s.st.emails[strings.ToLower(u.Email)] = u.ZUID
	return u, nil
}

// Users lists the users of an org, or of all orgs when orgID is empty.
// Passwords are left out.
func (s *Service) Users(orgID string) []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []User
	for _, u := range s.st.users {
		if orgID == "" || u.OrgID == orgID {
			v := *u
			v.Password = ""
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b User) int { return strings.Compare(a.ZUID, b.ZUID) })
	return out
}

// DeleteUser removes a user with their codes, tokens and consents.
func (s *Service) DeleteUser(zuid string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.st.users[zuid]; !ok {
		return notFound("user", zuid)
	}
	s.st.dropUser(zuid)
	s.clientsChanged()
	return nil
}

// RegisterClient registers an app, as the API console does: an empty ID or
// secret is generated, the home DC defaults to the org's and is always
// among the enabled DCs.
func (s *Service) RegisterClient(c Client) (Client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.ID == "" {
		c.ID = ids.ZohoClientID()
	}
	if _, ok := s.st.clients[c.ID]; ok {
		return Client{}, fmt.Errorf("%w: client %q exists", ErrConflict, c.ID)
	}
	if c.Secret == "" {
		c.Secret = ids.ZohoClientSecret()
	}
	return s.putClient(c)
}

// UpdateClient replaces an existing client's settings; an empty secret
// keeps the current one.
func (s *Service) UpdateClient(c Client) (Client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.st.clients[c.ID]
	if !ok {
		return Client{}, notFound("client", c.ID)
	}
	if c.Secret == "" {
		c.Secret = old.Secret
	}
	if c.OrgID == "" {
		c.OrgID = old.OrgID
	}
	if c.Type == "" {
		c.Type = old.Type
	}
	return s.putClient(c)
}

func (s *Service) putClient(c Client) (Client, error) {
	org, ok := s.st.orgs[c.OrgID]
	if !ok {
		return Client{}, notFound("org", c.OrgID)
	}
	if c.Type == "" {
		c.Type = ServerBased
	}
	if !slices.Contains(ClientTypes, c.Type) {
		return Client{}, invalid("unknown client type %q", c.Type)
	}
	if c.Name == "" {
		c.Name = string(c.Type) + " client"
	}
	if c.HomeDC == "" {
		c.HomeDC = org.DC
	}
	c.DCs = slices.Clone(c.DCs)
	if !slices.Contains(c.DCs, c.HomeDC) {
		c.DCs = append([]string{c.HomeDC}, c.DCs...)
	}
	for _, dc := range c.DCs {
		if !zohodc.Valid(dc) {
			return Client{}, invalid("unknown data centre %q", dc)
		}
	}
	for dc := range c.DCSecrets {
		if !slices.Contains(c.DCs, dc) {
			return Client{}, invalid("secret for data centre %q, where the client is not enabled", dc)
		}
	}
	needsRedirect := c.Type == ServerBased || c.Type == JavaScript || c.Type == Mobile
	if needsRedirect && len(c.RedirectURIs) == 0 {
		return Client{}, invalid("a %s client needs a redirect URI", c.Type)
	}
	if c.Type == SelfClient && len(c.RedirectURIs) > 0 {
		return Client{}, invalid("a self client has no redirect URI")
	}
	for _, u := range c.RedirectURIs {
		if p, err := url.Parse(u); err != nil || p.Scheme == "" || p.Host == "" && c.Type != Mobile {
			return Client{}, invalid("redirect URI %q is not an absolute URL", u)
		}
	}
	if c.Type == SelfClient {
		for id, other := range s.st.clients {
			if id != c.ID && other.Type == SelfClient && other.OrgID == c.OrgID {
				return Client{}, fmt.Errorf("%w: org %q has a self client already", ErrConflict, c.OrgID)
			}
		}
	}
	if c.Consent != nil {
		if err := validConsent(s.st, *c.Consent); err != nil {
			return Client{}, err
		}
	}
	allow, err := netpolicy.ParseList(c.AllowedIPs)
	if err != nil {
		return Client{}, invalid("%v", err)
	}
	c = cloneClient(c)
	s.st.clients[c.ID] = &clientRec{Client: c, allow: allow}
	s.clientsChanged()
	return cloneClient(c), nil
}

// Clients lists the clients of an org, or all when orgID is empty.
func (s *Service) Clients(orgID string) []Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Client
	for _, c := range s.st.clients {
		if orgID == "" || c.OrgID == orgID {
			out = append(out, cloneClient(c.Client))
		}
	}
	slices.SortFunc(out, func(a, b Client) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// GetClient returns one client.
func (s *Service) GetClient(id string) (Client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.st.clients[id]
	if !ok {
		return Client{}, notFound("client", id)
	}
	return cloneClient(c.Client), nil
}

// DeleteClient removes a client; its codes and tokens die with it.
func (s *Service) DeleteClient(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.st.clients[id]; !ok {
		return notFound("client", id)
	}
	s.st.dropClient(id)
	s.clientsChanged()
	return nil
}

// SetConsent sets the global consent mode.
func (s *Service) SetConsent(c Consent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := validConsent(s.st, c); err != nil {
		return err
	}
	s.st.consent = c
	return nil
}

// Consent returns the global consent mode.
func (s *Service) Consent() Consent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.consent
}

func validConsent(st *state, c Consent) error {
	switch c.Mode {
	case ConsentInteractive, ConsentDeny:
		return nil
	case ConsentApprove:
		if st.userByEmail(c.User) == nil {
			return invalid("approve mode needs an existing user, not %q", c.User)
		}
		return nil
	}
	return invalid("unknown consent mode %q", c.Mode)
}

// numericID mints an org id or ZUID: nine digits like Zoho's
// ("808233918"), small enough for a JavaScript number.
func numericID() string {
	const digits = "0123456789"
	b := []byte(ids.Hex(4))
	for i := range b {
		b[i] = digits[int(b[i])%10]
	}
	return "8" + string(b[:8])
}

func isNumeric(s string) bool {
	if s == "" || len(s) > 18 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func cloneOrg(o Org) Org {
	o.AllowedIPs = slices.Clone(o.AllowedIPs)
	return o
}

func cloneClient(c Client) Client {
	c.DCs = slices.Clone(c.DCs)
	c.RedirectURIs = slices.Clone(c.RedirectURIs)
	c.AllowedIPs = slices.Clone(c.AllowedIPs)
	if c.DCSecrets != nil {
		m := make(map[string]string, len(c.DCSecrets))
		for k, v := range c.DCSecrets {
			m[k] = v
		}
		c.DCSecrets = m
	}
	if c.Consent != nil {
		v := *c.Consent
		c.Consent = &v
	}
	return c
}
