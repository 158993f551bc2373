package crmdata

import "strings"

// stdModule is a standard module of the catalogue: its metadata, its
// standard fields, the field that names a record, and how many records
// the demo org generates.
type stdModule struct {
	meta    Module
	fields  func() []Field
	display string
	count   int
	extra   func() []Field // the demo org's custom fields
}

// Standard module api_names.
const (
	Leads      = "Leads"
	Contacts   = "Contacts"
	Accounts   = "Accounts"
	Deals      = "Deals"
	Activities = "Activities"
	Tasks      = "Tasks"
	Events     = "Events"
	Calls      = "Calls"
	Products   = "Products"
	Campaigns  = "Campaigns"
	// Subscriptions is the demo org's custom module.
	Subscriptions = "Subscriptions"
)

// catalogue lists the standard modules in Zoho's sequence order
// (reference §12.1). Activities is served up to v2.1 only (§12.7).
var catalogue = []stdModule{
	{meta: stdMeta(Leads, "Lead", "Leads", true), fields: leadFields, display: "Full_Name", count: 1000, extra: leadCustomFields},
	{meta: stdMeta(Contacts, "Contact", "Contacts", false), fields: contactFields, display: "Full_Name", count: 600, extra: contactCustomFields},
	{meta: stdMeta(Accounts, "Account", "Accounts", false), fields: accountFields, display: "Account_Name", count: 200},
	{meta: stdMeta(Deals, "Deal", "Deals", false), fields: dealFields, display: "Deal_Name", count: 300},
	{meta: until(stdMeta(Activities, "Activity", "Activities", false), "v2.1"), fields: activityFields, display: "Subject", count: 300},
	{meta: stdMeta(Tasks, "Task", "Tasks", false), fields: taskFields, display: "Subject", count: 400},
	{meta: stdMeta(Events, "Meeting", "Meetings", false), fields: eventFields, display: "Event_Title", count: 200},
	{meta: stdMeta(Calls, "Call", "Calls", false), fields: callFields, display: "Subject", count: 300},
	{meta: stdMeta(Products, "Product", "Products", false), fields: productFields, display: "Product_Name", count: 50},
	{meta: stdMeta(Campaigns, "Campaign", "Campaigns", false), fields: campaignFields, display: "Campaign_Name", count: 20},
}

func stdMeta(api, singular, plural string, convertable bool) Module {
	return Module{
		APIName: api, ModuleName: api, SingularLabel: singular, PluralLabel: plural,
		GeneratedType: "default", APISupported: true, Visibility: 1,
		Creatable: true, Editable: true, Deletable: true, Viewable: true, Convertable: convertable,
	}
}

func until(m Module, v string) Module { m.UntilVersion = v; return m }

// standard finds a catalogue module by api_name, case-insensitively.
func standard(api string) *stdModule {
	for i := range catalogue {
		if strings.EqualFold(catalogue[i].meta.APIName, api) {
			return &catalogue[i]
		}
	}
	return nil
}

// StandardModules is the demo org's module set with default counts: the
// catalogue's standard modules (3,370 generated records in all), the
// demo custom fields of Leads and Contacts, and the custom module
// Subscriptions (150 records). OrgSpec.Modules nil means this.
func StandardModules() []ModuleSpec {
	var out []ModuleSpec
	for _, m := range catalogue {
		ms := ModuleSpec{APIName: m.meta.APIName, Generate: m.count}
		if m.extra != nil {
			ms.Fields = m.extra()
		}
		out = append(out, ms)
	}
	meta := Module{
		APIName: Subscriptions, ModuleName: "CustomModule1", SingularLabel: "Subscription", PluralLabel: "Subscriptions",
		GeneratedType: "custom", APISupported: true, Visibility: 1, Creatable: true, Editable: true, Deletable: true, Viewable: true,
	}
	return append(out, ModuleSpec{APIName: Subscriptions, Module: &meta, Fields: subscriptionFields(), Generate: 150})
}

// Shared picklists.
var (
	leadSources = []string{"Advertisement", "Cold Call", "Employee Referral", "External Referral", "Online Store",
		"X (Twitter)", "Facebook", "Partner", "Public Relations", "Sales Email Alias", "Seminar Partner",
		"Internal Seminar", "Trade Show", "Web Download", "Web Research", "Chat"}
	industries = []string{"ASP (Application Service Provider)", "Data/Telecom OEM", "ERP (Enterprise Resource Planning)",
		"Government/Military", "Large Enterprise", "ManagementISV", "MSP (Management Service Provider)",
		"Network Equipment Enterprise", "Non-management ISV", "Optical Networking", "Service Provider",
		"Small/Medium Enterprise", "Storage Equipment", "Storage Service Provider", "Systems Integrator",
		"Wireless Industry"}
	salutations = []string{"Mr.", "Mrs.", "Ms.", "Dr.", "Prof."}
)

func address(prefix, zip string) []Field {
	return []Field{
		fld(prefix+"Street", strings.ReplaceAll(prefix, "_", " ")+"Street", "text", length(250)),
		fld(prefix+"City", strings.ReplaceAll(prefix, "_", " ")+"City", "text", length(100)),
		fld(prefix+"State", strings.ReplaceAll(prefix, "_", " ")+"State", "text", length(100)),
		fld(prefix+zip, strings.ReplaceAll(prefix, "_", " ")+"Zip Code", "text", length(30)),
		fld(prefix+"Country", strings.ReplaceAll(prefix, "_", " ")+"Country", "text", length(100)),
	}
}

func leadFields() []Field {
	fs := []Field{
		fld("Company", "Company", "text", length(200)),
		fld("Salutation", "Salutation", "picklist", picks(salutations...)),
		fld("First_Name", "First Name", "text", length(40)),
		fld("Last_Name", "Last Name", "text", length(80), mandatory),
		fld("Full_Name", "Lead Name", "text", length(255), readOnly),
		fld("Designation", "Title", "text", length(100)),
		fld("Email", "Email", "email"),
		fld("Secondary_Email", "Secondary Email", "email"),
		fld("Phone", "Phone", "phone"),
		fld("Mobile", "Mobile", "phone"),
		fld("Fax", "Fax", "text", length(30)),
		fld("Website", "Website", "website"),
		fld("Lead_Source", "Lead Source", "picklist", picks(leadSources...)),
		fld("Lead_Status", "Lead Status", "picklist", picks("Attempted to Contact", "Contact in Future", "Contacted",
			"Junk Lead", "Lost Lead", "Not Contacted", "Pre-Qualified", "Not Qualified")),
		fld("Industry", "Industry", "picklist", picks(industries...)),
		fld("No_of_Employees", "No. of Employees", "integer"),
		fld("Annual_Revenue", "Annual Revenue", "currency"),
		fld("Rating", "Rating", "picklist", picks("Acquired", "Active", "Market Failed", "Project Cancelled", "Shut Down")),
		fld("Email_Opt_Out", "Email Opt Out", "boolean"),
		fld("Skype_ID", "Skype ID", "text", length(50)),
		fld("Twitter", "Twitter", "text", length(50)),
	}
	fs = append(fs, address("", "Zip_Code")...)
	fs = append(fs, fld("Description", "Description", "textarea"))
	return append(fs, systemFields("Lead", true)...)
}

func leadCustomFields() []Field {
	return []Field{
		fld("Preferred_Channel", "Preferred Channel", "picklist", custom, picks("Email", "Phone", "SMS", "WhatsApp", "In person")),
		fld("Interested_Products", "Interested Products", "multiselectpicklist", custom,
			picks("CRM Plus", "Analytics", "Desk", "Campaigns", "Books", "Projects")),
		fld("Next_Follow_Up", "Next Follow Up", "date", custom),
		fld("Lead_Score", "Lead Score", "integer", custom),
	}
}

func contactFields() []Field {
	fs := []Field{
		fld("Lead_Source", "Lead Source", "picklist", picks(leadSources...)),
		fld("Salutation", "Salutation", "picklist", picks(salutations...)),
		fld("First_Name", "First Name", "text", length(40)),
		fld("Last_Name", "Last Name", "text", length(80), mandatory),
		fld("Full_Name", "Contact Name", "text", length(255), readOnly),
		fld("Account_Name", "Account Name", "lookup", to(Accounts)),
		fld("Email", "Email", "email"),
		fld("Secondary_Email", "Secondary Email", "email"),
		fld("Title", "Title", "text", length(100)),
		fld("Department", "Department", "text", length(30)),
		fld("Phone", "Phone", "phone"),
		fld("Home_Phone", "Home Phone", "phone"),
		fld("Other_Phone", "Other Phone", "phone"),
		fld("Mobile", "Mobile", "phone"),
		fld("Fax", "Fax", "text", length(30)),
		fld("Assistant", "Assistant", "text", length(30)),
		fld("Asst_Phone", "Asst Phone", "phone"),
		fld("Date_of_Birth", "Date of Birth", "date"),
		fld("Reports_To", "Reports To", "lookup", to(Contacts)),
		fld("Email_Opt_Out", "Email Opt Out", "boolean"),
		fld("Skype_ID", "Skype ID", "text", length(50)),
		fld("Twitter", "Twitter", "text", length(50)),
	}
	fs = append(fs, address("Mailing_", "Zip")...)
	fs = append(fs, fld("Description", "Description", "textarea"))
	return append(fs, systemFields("Contact", true)...)
}

func contactCustomFields() []Field {
	return []Field{
		fld("Customer_Tier", "Customer Tier", "picklist", custom, picks("Bronze", "Silver", "Gold", "Platinum")),
		fld("Loyalty_Points", "Loyalty Points", "integer", custom),
	}
}

func accountFields() []Field {
	fs := []Field{
		fld("Account_Name", "Account Name", "text", length(200), mandatory),
		fld("Account_Site", "Account Site", "text", length(30)),
		fld("Parent_Account", "Parent Account", "lookup", to(Accounts)),
		fld("Account_Number", "Account Number", "text", length(40)),
		fld("Account_Type", "Account Type", "picklist", picks("Analyst", "Competitor", "Customer", "Distributor",
			"Integrator", "Investor", "Other", "Partner", "Press", "Prospect", "Reseller", "Supplier", "Vendor")),
		fld("Industry", "Industry", "picklist", picks(industries...)),
		fld("Annual_Revenue", "Annual Revenue", "currency"),
		fld("Employees", "Employees", "integer"),
		fld("Ownership", "Ownership", "picklist", picks("Other", "Private", "Public", "Subsidiary", "Partnership",
			"Government", "Privately Held", "Public Company")),
		fld("Rating", "Rating", "picklist", picks("Acquired", "Active", "Market Failed", "Project Cancelled", "Shut Down")),
		fld("Phone", "Phone", "phone"),
		fld("Fax", "Fax", "text", length(30)),
		fld("Website", "Website", "website"),
		fld("Ticker_Symbol", "Ticker Symbol", "text", length(30)),
		fld("SIC_Code", "SIC Code", "integer"),
	}
	fs = append(fs, address("Billing_", "Code")...)
	fs = append(fs, address("Shipping_", "Code")...)
	fs = append(fs, fld("Description", "Description", "textarea"))
	return append(fs, systemFields("Account", true)...)
}

// dealStages are Zoho's default pipeline stages with their probabilities.
var dealStages = []struct {
	name        string
	probability int64
}{
	{"Qualification", 10}, {"Needs Analysis", 20}, {"Value Proposition", 40}, {"Identify Decision Makers", 60},
	{"Proposal/Price Quote", 75}, {"Negotiation/Review", 90}, {"Closed Won", 100}, {"Closed Lost", 0},
	{"Closed Lost to Competition", 0},
}

func dealFields() []Field {
	stages := make([]string, len(dealStages))
	for i, s := range dealStages {
		stages[i] = s.name
	}
	fs := []Field{
		fld("Deal_Name", "Deal Name", "text", length(120), mandatory),
		fld("Account_Name", "Account Name", "lookup", to(Accounts)),
		fld("Contact_Name", "Contact Name", "lookup", to(Contacts)),
		fld("Type", "Type", "picklist", picks("Existing Business", "New Business")),
		fld("Stage", "Stage", "picklist", mandatory, picks(stages...)),
		fld("Amount", "Amount", "currency"),
		fld("Probability", "Probability (%)", "integer", length(3)),
		fld("Expected_Revenue", "Expected Revenue", "currency", readOnly),
		fld("Closing_Date", "Closing Date", "date"),
		fld("Next_Step", "Next Step", "text", length(100)),
		fld("Lead_Source", "Lead Source", "picklist", picks(leadSources...)),
		fld("Campaign_Source", "Campaign Source", "lookup", to(Campaigns)),
		fld("Description", "Description", "textarea"),
	}
	return append(fs, systemFields("Deal", true)...)
}

func productFields() []Field {
	fs := []Field{
		fld("Product_Name", "Product Name", "text", length(120), mandatory),
		fld("Product_Code", "Product Code", "text", length(40)),
		fld("Product_Active", "Product Active", "boolean"),
		fld("Product_Category", "Product Category", "picklist", picks("Hardware", "Software", "CRM Applications")),
		fld("Manufacturer", "Manufacturer", "picklist", picks("AltvetPet Inc.", "LexPro Corp.", "MetBeat Corp.")),
		fld("Unit_Price", "Unit Price", "currency"),
		fld("Commission_Rate", "Commission Rate", "currency"),
		fld("Tax", "Tax", "multiselectpicklist", picks("Sales Tax", "Vat", "Service Tax")),
		fld("Taxable", "Taxable", "boolean"),
		fld("Usage_Unit", "Usage Unit", "picklist", picks("Box", "Carton", "Dozen", "Each", "Hours", "Impressions",
			"Lb", "M", "Pack", "Pages", "Pieces", "Quantity", "Reams", "Sheet", "Spiral Binder", "Sq Ft")),
		fld("Qty_in_Stock", "Qty in Stock", "double"),
		fld("Qty_Ordered", "Qty Ordered", "double"),
		fld("Reorder_Level", "Reorder Level", "double"),
		fld("Sales_Start_Date", "Sales Start Date", "date"),
		fld("Sales_End_Date", "Sales End Date", "date"),
		fld("Description", "Description", "textarea"),
	}
	return append(fs, systemFields("Product", false)...)
}

func campaignFields() []Field {
	fs := []Field{
		fld("Campaign_Name", "Campaign Name", "text", length(120), mandatory),
		fld("Type", "Type", "picklist", picks("Conference", "Webinar", "Trade Show", "Public Relations", "Partners",
			"Referral Program", "Advertisement", "Banner Ads", "Direct mail", "Email", "Telemarketing", "Others")),
		fld("Status", "Status", "picklist", picks("Planning", "Active", "Inactive", "Complete")),
		fld("Start_Date", "Start Date", "date"),
		fld("End_Date", "End Date", "date"),
		fld("Expected_Revenue", "Expected Revenue", "currency"),
		fld("Budgeted_Cost", "Budgeted Cost", "currency"),
		fld("Actual_Cost", "Actual Cost", "currency"),
		fld("Expected_Response", "Expected Response", "integer"),
		fld("Num_sent", "Numbers sent", "integer"),
		fld("Description", "Description", "textarea"),
	}
	return append(fs, systemFields("Campaign", false)...)
}

func subscriptionFields() []Field {
	return []Field{
		fld("Name", "Subscription Name", "text", length(120), mandatory),
		fld("Email", "Email", "email", custom),
		fld("Account", "Account", "lookup", custom, to(Accounts)),
		fld("Plan", "Plan", "picklist", custom, picks("Free", "Standard", "Professional", "Enterprise", "Ultimate")),
		fld("Seats", "Seats", "integer", custom),
		fld("Monthly_Fee", "Monthly Fee", "currency", custom),
		fld("Renewal_Date", "Renewal Date", "date", custom),
		fld("Auto_Renew", "Auto Renew", "boolean", custom),
		fld("Channels", "Channels", "multiselectpicklist", custom, picks("Web", "Email", "Phone", "Partner")),
		fld("Last_Login", "Last Login", "datetime", custom),
	}
}
