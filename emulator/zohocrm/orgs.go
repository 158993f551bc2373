package zohocrm

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // users' time zones must resolve on hosts without a zoneinfo database

	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
)

// OrgSettings are an org's CRM settings: what Zoho Accounts does not know.
// Every field but OrgID has a default.
type OrgSettings struct {
	OrgID string `json:"org_id"`
	// Edition sets the API credits and concurrency (Config.DefaultEdition).
	Edition     Edition `json:"edition,omitempty"`
	CompanyName string  `json:"company_name,omitempty"` // default: the org's name
	Currency    string  `json:"currency,omitempty"`     // ISO 4217 code (USD)
	CountryCode string  `json:"country_code,omitempty"` // ISO 3166 (US)
	Phone       string  `json:"phone,omitempty"`
	// Prefix is the 7-digit prefix of the org's CRM ids
	// (crmdata.PrefixOf(OrgID)); it must be the crmdata org's.
	Prefix string `json:"prefix,omitempty"`
	// UserLicenses purchased (default: the org's user count, at least 1);
	// credits grow with them.
	UserLicenses int       `json:"user_licenses,omitempty"`
	Created      time.Time `json:"created,omitzero"` // default 2023-04-12T09:08:05Z
	// Users holds CRM settings of the org's users, by ZUID; users not
	// listed get the defaults (the first user is the CEO and an
	// Administrator, the others Managers with the Standard profile).
	Users []UserSettings `json:"users,omitempty"`
}

// UserSettings are a user's CRM settings.
type UserSettings struct {
	ZUID    string `json:"zuid"`
	ID      string `json:"id,omitempty"`      // CRM user id (crmdata.UserID(prefix, i) for the i-th user)
	Role    string `json:"role,omitempty"`    // e.g. "CEO", "Manager"
	Profile string `json:"profile,omitempty"` // e.g. "Administrator", "Standard"
	Status  string `json:"status,omitempty"`  // active (default), disabled, deleted
	// Confirmed is whether the user accepted the invitation (default true).
	Confirmed *bool `json:"confirmed,omitempty"`
}

var defaultCreated = time.Date(2023, 4, 12, 9, 8, 5, 0, time.UTC)

func (o OrgSettings) validate() error {
	if o.OrgID == "" {
		return fmt.Errorf("zohocrm: org settings without org_id")
	}
	if o.Edition != "" && !slices.Contains(Editions, o.Edition) {
		return fmt.Errorf("zohocrm: org %s: unknown edition %q", o.OrgID, o.Edition)
	}
	if o.Currency != "" {
		if _, ok := currencies[strings.ToUpper(o.Currency)]; !ok {
			return fmt.Errorf("zohocrm: org %s: unknown currency %q", o.OrgID, o.Currency)
		}
	}
	if o.Prefix != "" && (len(o.Prefix) != 7 || !digits(o.Prefix) || o.Prefix[0] == '0') {
		return fmt.Errorf("zohocrm: org %s: prefix %q is not 7 digits", o.OrgID, o.Prefix)
	}
	if o.UserLicenses < 0 {
		return fmt.Errorf("zohocrm: org %s: negative user_licenses", o.OrgID)
	}
	seen := map[string]bool{}
	for _, u := range o.Users {
		if u.ZUID == "" || seen[u.ZUID] {
			return fmt.Errorf("zohocrm: org %s: user settings without a unique zuid", o.OrgID)
		}
		seen[u.ZUID] = true
		switch u.Status {
		case "", StatusActive, StatusDisabled, StatusDeleted:
		default:
			return fmt.Errorf("zohocrm: org %s: user %s: unknown status %q", o.OrgID, u.ZUID, u.Status)
		}
		if u.ID != "" && (len(u.ID) != 19 || !digits(u.ID)) {
			return fmt.Errorf("zohocrm: org %s: user %s: id %q is not 19 digits", o.OrgID, u.ZUID, u.ID)
		}
	}
	return nil
}

func (o OrgSettings) clone() OrgSettings {
	o.Users = slices.Clone(o.Users)
	for i, u := range o.Users {
		if u.Confirmed != nil {
			c := *u.Confirmed
			o.Users[i].Confirmed = &c
		}
	}
	return o
}

// org is an org as one request sees it: Zoho Accounts' facts, the CRM
// settings with defaults filled in, and its CRM users.
type org struct {
	OrgSettings
	info    OrgInfo
	members []member
}

// member is a CRM user.
type member struct {
	ID, ZUID, Email, FirstName, LastName, TimeZone string
	Role, Profile                                  string
	Status                                         string
	Confirmed                                      bool
}

func (m member) name() string { return strings.TrimSpace(m.FirstName + " " + m.LastName) }
func (m member) admin() bool  { return m.Profile == AdminProfile }

// settings returns an org's settings with every default filled in.
func (s *Service) settings(orgID string) OrgSettings {
	s.mu.Lock()
	o, ok := s.st.orgs[orgID]
	s.mu.Unlock()
	if !ok {
		o = OrgSettings{OrgID: orgID}
	}
	o = o.clone()
	if o.Edition == "" {
		o.Edition = s.cfg.DefaultEdition
	}
	if o.Currency == "" {
		o.Currency = "USD"
	}
	o.Currency = strings.ToUpper(o.Currency)
	if o.CountryCode == "" {
		o.CountryCode = "US"
	}
	if o.Prefix == "" {
		o.Prefix = crmdata.PrefixOf(orgID)
	}
	if o.Created.IsZero() {
		o.Created = defaultCreated
	}
	return o
}

// loadOrg gathers what a request needs of an org.
func (s *Service) loadOrg(orgID string) (*org, bool) {
	info, ok := s.dir.Org(orgID)
	if !ok {
		return nil, false
	}
	o := &org{OrgSettings: s.settings(orgID), info: info}
	if o.CompanyName == "" {
		o.CompanyName = info.Name
	}
	o.members = s.members(o.OrgSettings, s.dir.Users(orgID))
	if o.UserLicenses == 0 {
		o.UserLicenses = max(1, len(o.members))
	}
	return o, true
}

// members maps an org's Zoho users to CRM users.
func (s *Service) members(o OrgSettings, users []UserInfo) []member {
	out := make([]member, 0, len(users))
	for i, u := range users {
		m := member{ID: crmdata.UserID(o.Prefix, i), ZUID: u.ZUID, Email: u.Email, FirstName: u.FirstName,
			LastName: u.LastName, TimeZone: u.TimeZone, Role: "Manager", Profile: "Standard",
			Status: StatusActive, Confirmed: true}
		if i == 0 {
			m.Role, m.Profile = "CEO", AdminProfile
		}
		for _, us := range o.Users {
			if us.ZUID != u.ZUID {
				continue
			}
			if us.ID != "" {
				m.ID = us.ID
			}
			if us.Role != "" {
				m.Role = us.Role
			}
			if us.Profile != "" {
				m.Profile = us.Profile
			}
			if us.Status != "" {
				m.Status = us.Status
			}
			if us.Confirmed != nil {
				m.Confirmed = *us.Confirmed
			}
		}
		out = append(out, m)
	}
	return out
}

// member returns the CRM user with a ZUID.
func (o *org) member(zuid string) (member, bool) {
	for _, m := range o.members {
		if m.ZUID == zuid {
			return m, true
		}
	}
	return member{}, false
}

// primary is the org's first active admin: the user of client_credentials
// tokens and the author of metadata.
func (o *org) primary() (member, bool) {
	for _, m := range o.members {
		if m.admin() && m.Status == StatusActive {
			return m, true
		}
	}
	for _, m := range o.members {
		if m.Status == StatusActive {
			return m, true
		}
	}
	return member{}, false
}

// SetOrg sets an org's CRM settings (in the live state; Seed sets what
// Reset returns to).
func (s *Service) SetOrg(o OrgSettings) error {
	if err := o.validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.orgs[o.OrgID] = o.clone()
	return nil
}

// Org returns an org's CRM settings with the defaults filled in.
func (s *Service) Org(orgID string) OrgSettings { return s.settings(orgID) }

// Users returns an org's CRM users as crmdata users (CRM id, ZUID, name,
// e-mail), for crmdata.OrgSpec.Users, so that generated owners are the
// users the users API lists.
func (s *Service) Users(orgID string) []crmdata.User {
	ms := s.members(s.settings(orgID), s.dir.Users(orgID))
	out := make([]crmdata.User, len(ms))
	for i, m := range ms {
		out[i] = crmdata.User{ID: m.ID, ZUID: m.ZUID, Name: m.name(), Email: m.Email}
	}
	return out
}

// location returns the time zone a user reads times in: the user's own,
// else the org's, else UTC.
func (o *org) location(m member) *time.Location {
	if m.TimeZone != "" {
		if loc, ok := loadLocation(m.TimeZone); ok {
			return loc
		}
	}
	if loc, ok := loadLocation(o.info.TimeZone); ok {
		return loc
	}
	return time.UTC
}

var locations sync.Map // name → *time.Location

func loadLocation(name string) (*time.Location, bool) {
	if name == "" {
		return nil, false
	}
	if l, ok := locations.Load(name); ok {
		return l.(*time.Location), true
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, false
	}
	locations.Store(name, l)
	return l, true
}

// serviceID mints an id of the org's CRM id space for things the service
// owns (the org record, roles, profiles, layouts): below 10^10 and clear
// of crmdata's ranges.
func serviceID(prefix string, suffix int64) string {
	return prefix + fmt.Sprintf("%012d", suffix)
}

// nameID mints a stable id for a named thing (a role, a profile) in the
// range base..base+999.
func nameID(prefix string, base int64, name string) string {
	h := fnv.New32a()
	h.Write([]byte(strings.ToLower(name)))
	return serviceID(prefix, base+int64(h.Sum32()%1000)*3)
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
