package zohocrm

import "time"

// GET /crm/{v}/org (reference §12.6): Zoho Accounts' org (name, time
// zone) with its CRM settings (edition, currency).

// currencies are the home currencies an org may have: ISO code to the
// name Zoho shows ("US Dollar - USD") and the symbol.
var currencies = map[string]struct{ name, symbol string }{
	"USD": {"US Dollar", "$"}, "EUR": {"Euro", "€"}, "GBP": {"Pound Sterling", "£"},
	"INR": {"Indian Rupee", "₹"}, "JPY": {"Japanese Yen", "¥"}, "AUD": {"Australian Dollar", "A$"},
	"CAD": {"Canadian Dollar", "C$"}, "CNY": {"Yuan Renminbi", "¥"}, "SAR": {"Saudi Riyal", "SAR"},
	"AED": {"UAE Dirham", "AED"}, "CHF": {"Swiss Franc", "CHF"}, "SGD": {"Singapore Dollar", "S$"},
}

type orgJSON struct {
	Country               *string        `json:"country"`
	HierarchyPreferences  map[string]any `json:"hierarchy_preferences"`
	PhotoID               *string        `json:"photo_id"`
	City                  *string        `json:"city"`
	Description           *string        `json:"description"`
	Type                  string         `json:"type"`
	MCStatus              bool           `json:"mc_status"`
	GappsEnabled          bool           `json:"gapps_enabled"`
	LiteUsersEnabled      bool           `json:"lite_users_enabled"`
	DomainName            string         `json:"domain_name"`
	TranslationEnabled    bool           `json:"translation_enabled"`
	Street                *string        `json:"street"`
	Alias                 *string        `json:"alias"`
	Currency              string         `json:"currency"`
	DeletableOrgAccount   bool           `json:"deletable_org_account"`
	ID                    string         `json:"id"`
	State                 *string        `json:"state"`
	Fax                   *string        `json:"fax"`
	EmployeeCount         string         `json:"employee_count"`
	Zip                   *string        `json:"zip"`
	CreatedTime           zohoTime       `json:"created_time"`
	Website               *string        `json:"website"`
	CurrencySymbol        string         `json:"currency_symbol"`
	Mobile                *string        `json:"mobile"`
	CurrencyLocale        string         `json:"currency_locale"`
	PrimaryZUID           *string        `json:"primary_zuid"`
	ZiaPortalID           *string        `json:"zia_portal_id"`
	TimeZone              string         `json:"time_zone"`
	ZGID                  string         `json:"zgid"`
	CountryCode           string         `json:"country_code"`
	LicenseDetails        licenseJSON    `json:"license_details"`
	Phone                 *string        `json:"phone"`
	CompanyName           string         `json:"company_name"`
	PrivacySettings       bool           `json:"privacy_settings"`
	PrimaryEmail          *string        `json:"primary_email"`
	HIPAAComplianceEnable bool           `json:"hipaa_compliance_enabled"`
	ISOCode               string         `json:"iso_code"`
}

type licenseJSON struct {
	PaidExpiry                  *zohoTime `json:"paid_expiry"`
	UsersLicensePurchased       int       `json:"users_license_purchased"`
	TrialType                   *string   `json:"trial_type"`
	TrialExpiry                 *string   `json:"trial_expiry"`
	Paid                        bool      `json:"paid"`
	PaidType                    string    `json:"paid_type"`
	PortalUsersLicensePurchased int       `json:"portal_users_license_purchased"`
}

type orgResponse struct {
	Org []orgJSON `json:"org"`
}

// getOrg is GET /crm/{v}/org.
func (s *Service) getOrg(c *call) (any, error) {
	o := c.org
	cur := currencies[o.Currency]
	lic := licenseJSON{UsersLicensePurchased: o.UserLicenses, Paid: o.Edition != Free, PaidType: string(o.Edition)}
	if lic.Paid {
		exp := c.time(o.Created.AddDate(10, 0, 0).Truncate(24 * time.Hour))
		lic.PaidExpiry = &exp
	}
	out := orgJSON{
		HierarchyPreferences: map[string]any{"type": "Role_Hierarchy"}, Type: "production",
		DomainName: "org" + o.OrgID, Currency: cur.name + " - " + o.Currency, ID: serviceID(o.Prefix, 20005),
		EmployeeCount: itoa(len(o.members)), CreatedTime: c.time(o.Created), CurrencySymbol: cur.symbol,
		CurrencyLocale: o.Currency, TimeZone: o.info.TimeZone, ZGID: o.OrgID, CountryCode: o.CountryCode,
		LicenseDetails: lic, CompanyName: o.CompanyName, ISOCode: o.Currency,
	}
	if out.TimeZone == "" {
		out.TimeZone = "UTC"
	}
	if o.Phone != "" {
		out.Phone = &o.Phone
	}
	if p, ok := o.primary(); ok {
		out.PrimaryZUID, out.PrimaryEmail = &p.ZUID, &p.Email
	}
	return orgResponse{Org: []orgJSON{out}}, nil
}
