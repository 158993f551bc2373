package crmdata

import "strings"

// Small embedded word lists the generator draws from. Every name is
// fictional; domains use the reserved .example top-level domain.
var (
	firstNames = []string{"Christopher", "Patricia", "Kris", "Carissa", "Leota", "Sage", "Simona", "Mitsue",
		"Donette", "James", "Josephine", "Art", "Lenna", "Capla", "Graciela", "Minna", "Ammie", "Abel", "Kiley",
		"Fletcher", "Bette", "Veronika", "Willard", "Maryann", "Alisha", "Allene", "Chanel", "Ezekiel", "Willow",
		"Bernardo", "Ernie", "Aja", "Kallie", "Johnetta", "Bobbye", "Micaela", "Tamar", "Moon", "Laurel", "Delmy",
		"Viva", "Elza", "Devorah", "Timothy", "Arlette", "Dominque", "Lettie", "Myra", "Stephaine", "Lai", "Stephen",
		"Tyra", "Tawna", "Mona", "Cecily", "Carmelina", "Maurine", "Marjory", "Youlanda", "Ana", "Priya", "Arjun",
		"Mei", "Hiroshi", "Amara", "Lucas", "Sofia", "Mateo", "Ingrid", "Omar", "Fatima", "Noah", "Elena", "Raj"}
	lastNames = []string{"Maclead", "Boyle", "Marrier", "Foller", "Venere", "Paprocki", "Gladwell", "Tollner",
		"Dilliard", "Wieser", "Rim", "Morasca", "Tollefson", "Darakjy", "Chui", "Kitzman", "Butt", "Kolmetz",
		"Caldarera", "Ruta", "Albares", "Poquette", "Garufi", "Rhym", "Flosi", "Nicka", "Inouye", "Stenseth",
		"Royster", "Slusarski", "Iturbide", "Caudy", "Chauvin", "Rochin", "Andrade", "Hollack", "Lawrie", "Figeroa",
		"Corrio", "Cho", "Diaz", "Eschberger", "Moline", "Sergi", "Amigon", "Saylors", "Shinko", "Gonzalez", "Tinnes",
		"Vocelka", "Maisto", "Deleo", "Dinh", "Walthall", "Tegarden", "Malet", "Curtin", "Haroldson", "Hamilton",
		"Ng", "Sharma", "Tanaka", "Okafor", "Novak", "Rossi", "Larsen", "Haddad", "Silva", "Kowalski", "Patel"}
	companyWords = []string{"Zylker", "Rangoni", "Chemel", "Feltz", "Printing", "Chapman", "Morlong", "Commercial",
		"Truhlar", "Chanay", "Benton", "Printcraft", "Sebring", "Ravaux", "Bolton", "Hanover", "Northwind",
		"Bluefin", "Cedar", "Granite", "Harbor", "Ironwood", "Juniper", "Keystone", "Lakeside", "Meridian",
		"Nimbus", "Orchard", "Pinnacle", "Quarry", "Redwood", "Summit", "Tidewater", "Upland", "Vantage",
		"Willow", "Yellowstone", "Alder", "Beacon", "Copper"}
	companySuffixes = []string{"Inc", "LLC", "Ltd", "Corp", "Group", "Partners", "Holdings", "Systems",
		"Technologies", "Logistics", "Labs", "Industries", "Consulting", "Manufacturing", "Foods", "Media"}
	titles = []string{"CEO", "CTO", "CFO", "VP Sales", "VP Accounting", "VP Marketing", "Sales Manager",
		"Marketing Manager", "Purchasing Manager", "IT Director", "Operations Manager", "Account Executive",
		"Business Analyst", "Procurement Lead", "Office Manager", "Product Manager", "Director of Finance"}
	departments = []string{"Sales", "Marketing", "Finance", "IT", "Operations", "Procurement", "Support", "HR"}
	streetNames = []string{"Main", "Oak", "Pine", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill",
		"Park", "Sunset", "Ridge", "Highland", "Church", "Mill", "River", "Spring", "Market", "Broad", "Center"}
	streetTypes = []string{"St", "Ave", "Blvd", "Rd", "Dr", "Ln", "Way", "Ct", "Pl", "Pkwy"}
	dealKinds   = []string{"New Business", "Renewal", "Upgrade", "Expansion", "Pilot", "Services", "Annual Licence",
		"Support Contract", "Migration", "Add-on Seats"}
	taskSubjects = []string{"Follow up with %s", "Send proposal to %s", "Prepare quote for %s", "Register %s for webinar",
		"Send contract to %s", "Schedule demo with %s", "Update billing details of %s", "Review requirements of %s"}
	callSubjects  = []string{"Call with %s", "Introductory call: %s", "Follow-up call: %s", "Pricing discussion with %s", "Support call: %s"}
	eventTitles   = []string{"Meeting with %s", "Product demo for %s", "Quarterly review: %s", "Onsite visit at %s", "Kick-off with %s"}
	productAdj    = []string{"Zylker", "Nimbus", "Summit", "Vantage", "Beacon", "Granite", "Harbor", "Juniper"}
	productNouns  = []string{"Router", "Switch", "Sensor", "Gateway", "Console", "Suite", "Analytics", "Desk", "Tracker", "Scanner"}
	seasons       = []string{"Spring", "Summer", "Autumn", "Winter"}
	campaignKinds = []string{"Webinar Series", "Product Launch", "Trade Show", "Newsletter", "Partner Drive", "Customer Summit"}
	tagNames      = []string{"VIP", "Hot", "Follow-up", "Partner", "Trade Show", "Renewal Due"}
	sentences     = []string{
		"Interested in a demo next quarter.", "Asked for pricing on the enterprise plan.",
		"Met at the regional trade show.", "Budget approved, waiting for legal review.",
		"Prefers email over phone calls.", "Evaluating two other vendors.",
		"Requested a callback after the holidays.", "Existing customer of our support plan.",
		"Needs integration with their ERP.", "Decision expected by the end of the month."}
)

// place is a city with its state or region, country and postal code
// pattern ('#' a digit, '@' a capital letter).
type place struct{ city, state, country, zip string }

var places = []place{
	{"Middle Island", "NY", "United States", "119##"}, {"New York", "NY", "United States", "100##"},
	{"San Francisco", "CA", "United States", "941##"}, {"Los Angeles", "CA", "United States", "900##"},
	{"San Jose", "CA", "United States", "951##"}, {"Seattle", "WA", "United States", "981##"},
	{"Portland", "OR", "United States", "972##"}, {"Austin", "TX", "United States", "787##"},
	{"Dallas", "TX", "United States", "752##"}, {"Houston", "TX", "United States", "770##"},
	{"Chicago", "IL", "United States", "606##"}, {"Boston", "MA", "United States", "021##"},
	{"Atlanta", "GA", "United States", "303##"}, {"Miami", "FL", "United States", "331##"},
	{"Denver", "CO", "United States", "802##"}, {"Phoenix", "AZ", "United States", "850##"},
	{"Philadelphia", "PA", "United States", "191##"}, {"Minneapolis", "MN", "United States", "554##"},
	{"Detroit", "MI", "United States", "482##"}, {"Nashville", "TN", "United States", "372##"},
	{"Toronto", "ON", "Canada", "M5V #@#"}, {"Vancouver", "BC", "Canada", "V6B #@#"},
	{"London", "England", "United Kingdom", "EC1 #@@"}, {"Manchester", "England", "United Kingdom", "M1 #@@"},
	{"Dublin", "Leinster", "Ireland", "D02 @###"}, {"Berlin", "Berlin", "Germany", "101##"},
	{"Munich", "Bavaria", "Germany", "803##"}, {"Paris", "Île-de-France", "France", "750##"},
	{"Amsterdam", "North Holland", "Netherlands", "101# @@"}, {"Chennai", "Tamil Nadu", "India", "600###"},
	{"Bengaluru", "Karnataka", "India", "560###"}, {"Sydney", "NSW", "Australia", "20##"},
	{"Melbourne", "VIC", "Australia", "30##"}, {"Tokyo", "Tokyo", "Japan", "100-####"},
	{"Singapore", "Singapore", "Singapore", "018###"}, {"São Paulo", "SP", "Brazil", "010##-###"},
}

// Boxed copies of the lists: handing out a pre-made interface value
// saves the allocation of converting a string to any per record.
var (
	lowerFirst     = lowerAll(firstNames)
	lowerLast      = lowerAll(lastNames)
	boxedFirst     = boxAll(firstNames)
	boxedLast      = boxAll(lastNames)
	boxedTitles    = boxAll(titles)
	boxedDepts     = boxAll(departments)
	boxedSteps     = boxAll(nextSteps)
	boxedSentences = boxAll(sentences)
	boxedPlaces    = func() [][3]any {
		out := make([][3]any, len(places))
		for i, p := range places {
			out[i] = [3]any{p.city, p.state, p.country}
		}
		return out
	}()
)

func boxAll(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}

func lowerAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strings.ToLower(s)
	}
	return out
}
