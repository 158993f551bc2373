package crmdata

import (
	"strconv"
	"strings"
)

// ident is who or what record n is about: drawn from its own stream so
// another record's lookup can name it without generating it whole.
type ident struct {
	first, last, salutation string
	fi, li, pi              int // indexes into firstNames, lastNames, places
	company                 string
	place                   *place
	streetNo                int
	street                  string
	pick                    uint64 // spare randomness for display names
}

func (m *module) ident(n int) ident {
	r := newRNG(m.hash^saltName, uint64(n))
	id := ident{fi: r.intn(len(firstNames)), li: r.intn(len(lastNames))}
	id.first, id.last = firstNames[id.fi], lastNames[id.li]
	id.company = companyName(&r)
	id.pi = r.intn(len(places))
	id.place = &places[id.pi]
	id.streetNo, id.street = r.between(1, 9999), pick(&r, streetNames)+" "+pick(&r, streetTypes)
	id.pick = r.u64()
	if len(m.salutations) > 0 && r.chance(70) {
		id.salutation = pick(&r, m.salutations)
	}
	return id
}

func companyName(r *rng) string {
	switch r.intn(4) {
	case 0:
		return pick(r, lastNames) + " " + pick(r, companySuffixes)
	case 1:
		return pick(r, companyWords) + " " + pick(r, companySuffixes)
	case 2:
		a, b := pick(r, companyWords), pick(r, companyWords)
		if a == b {
			return a + " " + pick(r, companySuffixes)
		}
		return a + " " + b + " " + pick(r, companySuffixes)
	default:
		return pick(r, lastNames) + " & " + pick(r, lastNames)
	}
}

func (id ident) person() string {
	name := id.first + " " + id.last
	if id.salutation != "" {
		return id.salutation + " " + name
	}
	return name
}

// slug is a company's domain label: its words but the last, lower-case
// letters and digits only.
func slug(company string) string {
	end := len(company)
	if i := strings.LastIndexByte(company, ' '); i > 0 {
		end = i // drop the last word (Inc, Labs, ...)
	}
	b := make([]byte, 0, end)
	for i := 0; i < end; i++ {
		switch c := company[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b = append(b, c)
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		}
	}
	if len(b) == 0 {
		return "company"
	}
	return string(b)
}

// link is the generated record of the lookup's target that record n of m
// points at through field fi, or ok false for an empty lookup.
func (o *org) link(m *module, fi int, n int) (t *module, j int, ok bool) {
	f := &m.meta.Fields[fi]
	if f.Lookup == nil {
		return nil, 0, false
	}
	t = o.byName[strings.ToLower(f.Lookup.Module)]
	if t == nil || t.gen == 0 {
		return nil, 0, false
	}
	h := m.h(saltLink^uint64(fi+1)<<32, n)
	if int(h%100) < emptyLinkPct(f) && !f.SystemMandatory {
		return nil, 0, false
	}
	j = int((h >> 8) % uint64(t.gen))
	if t == m && j == n {
		j = (j + 1) % t.gen
		if j == n {
			return nil, 0, false
		}
	}
	return t, j, true
}

// emptyLinkPct is how often a lookup is empty, in percent.
func emptyLinkPct(f *Field) int {
	switch f.APIName {
	case "Parent_Account":
		return 80
	case "Reports_To":
		return 70
	case "Campaign_Source":
		return 60
	case "Who_Id":
		return 30
	case "Contact_Name", "What_Id":
		return 20
	case "Account_Name", "Account":
		return 5
	}
	return 15
}

// accountOf is the field of m that links a record to its account, -1 if
// none: the company a contact, deal or activity is about.
func (o *org) accountOf(m *module) int {
	for _, api := range []string{"Account_Name", "Account", "What_Id"} {
		if i, ok := m.fieldAt[api]; ok {
			if f := m.meta.Fields[i]; f.DataType == "lookup" && strings.EqualFold(f.Lookup.Module, Accounts) {
				return i
			}
		}
	}
	return -1
}

// companyFor is the company record n of m is about.
func (o *org) companyFor(m *module, n int, id *ident) string {
	if fi := o.accountOf(m); fi >= 0 {
		if t, j, ok := o.link(m, fi, n); ok {
			return o.displayName(t, j)
		}
	}
	return id.company
}

// displayName is generated record n's name, as lookups and the deleted
// list show it (its display field's value).
func (o *org) displayName(m *module, n int) string {
	id := m.ident(n)
	return o.displayOf(m, n, &id)
}

func (o *org) displayOf(m *module, n int, id *ident) string {
	switch m.display {
	case "Full_Name":
		return id.person()
	case "Account_Name":
		return id.company
	case "Deal_Name":
		return o.companyFor(m, n, id) + " - " + dealKinds[id.pick%uint64(len(dealKinds))]
	case "Subject":
		list := taskSubjects
		if strings.EqualFold(m.meta.APIName, Calls) {
			list = callSubjects
		}
		return strings.Replace(list[id.pick%uint64(len(list))], "%s", o.companyFor(m, n, id), 1)
	case "Event_Title":
		return strings.Replace(eventTitles[id.pick%uint64(len(eventTitles))], "%s", o.companyFor(m, n, id), 1)
	case "Product_Name":
		return productAdj[id.pick%uint64(len(productAdj))] + " " + productNouns[(id.pick>>8)%uint64(len(productNouns))] +
			" " + string(rune('A'+(id.pick>>16)%26)) + strconv.Itoa(int(100+(id.pick>>24)%900))
	case "Campaign_Name":
		year := unix(m.createdSec(n)).Year()
		return seasons[id.pick%4] + " " + strconv.Itoa(year) + " " + campaignKinds[(id.pick>>8)%uint64(len(campaignKinds))]
	}
	return o.companyFor(m, n, id) + " " + m.meta.SingularLabel
}
