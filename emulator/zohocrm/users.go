package zohocrm

import (
	"time"

	"github.com/gorilla/mux"
)

// GET /crm/{v}/users lists the org's CRM users by type (reference §12.5):
// the Zoho Accounts users of the org with their CRM settings (OrgSettings.
// Users). CurrentUser is the token's user.

type userJSON struct {
	Country      string   `json:"country"`
	Language     string   `json:"language"`
	ID           string   `json:"id"`
	ZUID         string   `json:"zuid"`
	FullName     string   `json:"full_name"`
	FirstName    string   `json:"first_name"`
	LastName     string   `json:"last_name"`
	Email        string   `json:"email"`
	Status       string   `json:"status"`
	Confirm      bool     `json:"confirm"`
	Role         nameRef  `json:"role"`
	Profile      nameRef  `json:"profile"`
	TimeZone     string   `json:"time_zone"`
	Locale       string   `json:"locale"`
	DateFormat   string   `json:"date_format"`
	TimeFormat   string   `json:"time_format"`
	CreatedTime  zohoTime `json:"created_time"`
	ModifiedTime zohoTime `json:"Modified_Time"`
	Type         string   `json:"type__s"`
	IsOnline     bool     `json:"Isonline"`
	Offset       int64    `json:"offset"`
}

type usersPage struct {
	Users []userJSON `json:"users"`
	Info  *pageInfo  `json:"info,omitempty"`
}

// matches reports whether a user is of a type.
func (m member) matches(typ string) bool {
	active, deleted := m.Status == StatusActive, m.Status == StatusDeleted
	switch typ {
	case AllUsers:
		return !deleted
	case ActiveUsers:
		return active
	case DeactiveUsers:
		return m.Status == StatusDisabled
	case ConfirmedUsers:
		return !deleted && m.Confirmed
	case NotConfirmedUsers:
		return !deleted && !m.Confirmed
	case DeletedUsers:
		return deleted
	case ActiveConfirmedUsers:
		return active && m.Confirmed
	case AdminUsers:
		return !deleted && m.admin()
	case ActiveConfirmedAdmins:
		return active && m.Confirmed && m.admin()
	}
	return false
}

func (c *call) userJSON(m member) userJSON {
	tzName := m.TimeZone
	if _, ok := loadLocation(tzName); !ok {
		tzName = c.org.info.TimeZone
	}
	loc := c.org.location(m)
	_, off := c.now.In(loc).Zone()
	prefix := c.org.Prefix
	return userJSON{
		Country: c.org.CountryCode, Language: "en_US", ID: m.ID, ZUID: m.ZUID, FullName: m.name(),
		FirstName: m.FirstName, LastName: m.LastName, Email: m.Email, Status: m.Status, Confirm: m.Confirmed,
		Role: nameRef{m.Role, roleID(prefix, m.Role)}, Profile: nameRef{m.Profile, profileID(prefix, m.Profile)},
		TimeZone: tzName, Locale: "en_US", DateFormat: "MMM d, yyyy", TimeFormat: "hh:mm a",
		CreatedTime: c.time(c.org.Created), ModifiedTime: c.time(c.org.Created), Type: "Regular User",
		Offset: int64(off) * int64(time.Second/time.Millisecond),
	}
}

// Role and profile ids: Zoho's sample ids for the CEO role and the
// Administrator profile, stable ids for the others.
func roleID(prefix, name string) string {
	switch name {
	case "CEO":
		return serviceID(prefix, 26005)
	case "Manager":
		return serviceID(prefix, 26008)
	}
	return nameID(prefix, 30000, name)
}

func profileID(prefix, name string) string {
	switch name {
	case AdminProfile:
		return serviceID(prefix, 26011)
	case "Standard":
		return serviceID(prefix, 26014)
	}
	return nameID(prefix, 40000, name)
}

// listUsers is GET /crm/{v}/users.
func (s *Service) listUsers(c *call) (any, error) {
	q := c.r.URL.Query()
	typ, err := parseChoice("type", q.Get("type"), AllUsers, UserTypes)
	if err != nil {
		return nil, err
	}
	page, perPage, err := s.pageParams(q.Get("page"), q.Has("page"), q.Get("per_page"), q.Has("per_page"))
	if err != nil {
		return nil, err
	}
	ids, err := parseIDs(q.Get("ids"), s.cfg.MaxIDs)
	if err != nil {
		return nil, err
	}
	since, err := parseSince(c.r.Header.Get("If-Modified-Since"), s.cfg.BadIfModifiedSince)
	if err != nil {
		return nil, err
	}
	if !since.IsZero() && !c.org.Created.After(since) {
		return notModified, nil
	}
	var picked []member
	for _, m := range c.org.members {
		if typ == CurrentUser && m.ID != c.user.ID || typ != CurrentUser && !m.matches(typ) {
			continue
		}
		if ids != nil && !contains(ids, m.ID) {
			continue
		}
		picked = append(picked, m)
	}
	offset := (page - 1) * perPage
	if offset >= len(picked) {
		return noContent, nil
	}
	end := min(len(picked), offset+perPage)
	out := usersPage{Info: &pageInfo{PerPage: perPage, Count: end - offset, Page: page, MoreRecords: end < len(picked)}}
	for _, m := range picked[offset:end] {
		out.Users = append(out.Users, c.userJSON(m))
	}
	return out, nil
}

// getUser is GET /crm/{v}/users/{id}.
func (s *Service) getUser(c *call) (any, error) {
	id := mux.Vars(c.r)["user"]
	if len(id) > 19 || !digits(id) {
		return nil, invalidData("user_id")
	}
	since, err := parseSince(c.r.Header.Get("If-Modified-Since"), s.cfg.BadIfModifiedSince)
	if err != nil {
		return nil, err
	}
	for _, m := range c.org.members {
		if m.ID != id {
			continue
		}
		if !since.IsZero() && !c.org.Created.After(since) {
			return notModified, nil
		}
		return usersPage{Users: []userJSON{c.userJSON(m)}}, nil
	}
	return noContent, nil
}
