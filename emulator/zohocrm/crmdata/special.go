package crmdata

import (
	"strconv"
	"strings"
	"time"
)

// specialGen draws a field whose api_name says more than its data_type.
type specialGen struct {
	dt string // the data_type it applies to
	fn func(c *genCtx, g *fieldGen) any
}

// text is a text field: empty pct times in a hundred, else v.
func text(pct int, v func(c *genCtx) string) specialGen {
	return specialGen{"text", func(c *genCtx, g *fieldGen) any {
		if c.r.chance(pct) {
			return nil
		}
		return clip(g.f, v(c))
	}}
}

// of is a field of data_type dt: empty pct times in a hundred, else v.
func of(dt string, pct int, v func(c *genCtx) any) specialGen {
	return specialGen{dt, func(c *genCtx, _ *fieldGen) any {
		if c.r.chance(pct) {
			return nil
		}
		return v(c)
	}}
}

func placeText(pct int, v func(p *place, c *genCtx) string) specialGen {
	return text(pct, func(c *genCtx) string { return v(c.id.place, c) })
}

// word is a text field drawn from a boxed list, or a boxed value of the
// record's identity; empty pct times in a hundred.
func word(pct int, v func(c *genCtx) any) specialGen {
	return specialGen{"text", func(c *genCtx, g *fieldGen) any {
		if c.r.chance(pct) {
			return nil
		}
		x := v(c)
		if s := x.(string); g.f.Length > 0 && len(s) > g.f.Length {
			return clip(g.f, s)
		}
		return x
	}}
}

// placeWord is the record's city (0), state (1) or country (2).
func placeWord(pct, i int) specialGen {
	return word(pct, func(c *genCtx) any { return boxedPlaces[c.id.pi][i] })
}

func street(c *genCtx) string { return strconv.Itoa(c.id.streetNo) + " " + c.id.street }

func zip(p *place, c *genCtx) string {
	b := []byte(p.zip)
	for i, ch := range b {
		switch ch {
		case '#':
			b[i] = byte('0' + c.r.intn(10))
		case '@':
			b[i] = byte('A' + c.r.intn(26))
		}
	}
	return string(b)
}

func addressGens(prefix, zipName string, pct int) map[string]specialGen {
	return map[string]specialGen{
		prefix + "Street":  text(pct, street),
		prefix + "City":    placeWord(pct, 0),
		prefix + "State":   placeWord(pct, 1),
		prefix + zipName:   placeText(pct, zip),
		prefix + "Country": placeWord(pct, 2),
	}
}

func days(c *genCtx, lo, hi int) Date { return dateOf(c.created.AddDate(0, 0, c.r.between(lo, hi))) }

// digits is n as exactly w decimal digits.
func digits(n, w int) string {
	s := strconv.Itoa(n)
	if len(s) < w {
		s = strings.Repeat("0", w-len(s)) + s
	}
	return s
}

var nextSteps = []string{"Send proposal", "Schedule demo", "Negotiate terms", "Legal review", "Sign contract"}

var special = func() map[string]specialGen {
	s := map[string]specialGen{
		"First_Name": word(0, func(c *genCtx) any { return boxedFirst[c.id.fi] }),
		"Last_Name":  word(0, func(c *genCtx) any { return boxedLast[c.id.li] }),
		"Salutation": {"picklist", func(c *genCtx, _ *fieldGen) any {
			if c.id.salutation == "" {
				return nil
			}
			return c.id.salutation
		}},
		"Company":        text(0, func(c *genCtx) string { return c.companyName() }),
		"Account_Name":   text(0, func(c *genCtx) string { return c.id.company }),
		"Designation":    word(20, func(c *genCtx) any { return pick(&c.r, boxedTitles) }),
		"Title":          word(20, func(c *genCtx) any { return pick(&c.r, boxedTitles) }),
		"Department":     word(40, func(c *genCtx) any { return pick(&c.r, boxedDepts) }),
		"Assistant":      text(85, func(c *genCtx) string { return pick(&c.r, firstNames) + " " + pick(&c.r, lastNames) }),
		"Account_Site":   placeWord(60, 0),
		"Account_Number": text(30, func(c *genCtx) string { return "ACC-" + digits(c.n+1, 6) }),
		"Ticker_Symbol":  text(80, func(c *genCtx) string { return strings.ToUpper(c.slug()[:min(4, len(c.slug()))]) }),
		"Skype_ID":       text(80, func(c *genCtx) string { return "live:" + lowerFirst[c.id.fi] + "." + lowerLast[c.id.li] }),
		"Twitter":        text(80, func(c *genCtx) string { return lowerFirst[c.id.fi] + lowerLast[c.id.li] }),
		"Fax":            text(70, func(c *genCtx) string { return phone(&c.r) }),
		"Next_Step":      word(40, func(c *genCtx) any { return pick(&c.r, boxedSteps) }),
		"Product_Code":   text(10, func(c *genCtx) string { return "ZP-" + digits(c.n+1, 5) }),
		"Venue":          placeWord(30, 0),
		"Call_Duration":  text(0, func(c *genCtx) string { return digits(c.r.intn(60), 2) + ":" + digits(c.r.intn(60), 2) }),
		"Phone":          of("phone", 10, func(c *genCtx) any { return phone(&c.r) }),
		"Mobile":         of("phone", 30, func(c *genCtx) any { return phone(&c.r) }),
		"Home_Phone":     of("phone", 80, func(c *genCtx) any { return phone(&c.r) }),
		"Other_Phone":    of("phone", 90, func(c *genCtx) any { return phone(&c.r) }),
		"Asst_Phone":     of("phone", 90, func(c *genCtx) any { return phone(&c.r) }),
		"Email":          of("email", 5, func(c *genCtx) any { return c.email() }),
		"Secondary_Email": of("email", 85, func(c *genCtx) any {
			return lowerLast[c.id.li] + "." + lowerFirst[c.id.fi] + "@mailbox.example"
		}),
		"Website":         of("website", 20, func(c *genCtx) any { return "https://www." + c.slug() + ".example" }),
		"Description":     of("textarea", 50, func(c *genCtx) any { return pick(&c.r, boxedSentences) }),
		"No_of_Employees": of("integer", 30, func(c *genCtx) any { return employees(&c.r) }),
		"Employees":       of("integer", 10, func(c *genCtx) any { return employees(&c.r) }),
		"SIC_Code":        of("integer", 60, func(c *genCtx) any { return int64(c.r.between(100, 9999)) }),
		"Lead_Score":      of("integer", 0, func(c *genCtx) any { return int64(c.r.intn(101)) }),
		"Loyalty_Points":  of("integer", 0, func(c *genCtx) any { return int64(c.r.intn(50) * 100) }),
		"Seats":           of("integer", 0, func(c *genCtx) any { return int64(c.r.between(1, 500)) }),
		"Annual_Revenue":  of("currency", 25, func(c *genCtx) any { return float64(c.r.between(1, 2000)) * 25000 }),
		"Amount":          of("currency", 0, func(c *genCtx) any { return float64(c.r.between(10, 5000)) * 100 }),
		"Unit_Price":      of("currency", 0, func(c *genCtx) any { return float64(c.r.between(500, 500000)) / 100 }),
		"Monthly_Fee":     of("currency", 0, func(c *genCtx) any { return float64(c.r.between(1, 200)) * 12.5 }),
		"Probability": of("integer", 0, func(c *genCtx) any {
			stage, _ := c.vals["Stage"].(string)
			for _, s := range dealStages {
				if s.name == stage {
					return s.probability
				}
			}
			return int64(c.r.intn(101))
		}),
		"Closing_Date":     of("date", 0, func(c *genCtx) any { return days(c, 15, 120) }),
		"Due_Date":         of("date", 10, func(c *genCtx) any { return days(c, 0, 14) }),
		"Date_of_Birth":    of("date", 70, func(c *genCtx) any { return days(c, -365*60, -365*22) }),
		"Start_Date":       of("date", 0, func(c *genCtx) any { return days(c, 0, 30) }),
		"End_Date":         of("date", 0, func(c *genCtx) any { return days(c, 45, 120) }),
		"Sales_Start_Date": of("date", 0, func(c *genCtx) any { return days(c, 0, 30) }),
		"Sales_End_Date":   of("date", 60, func(c *genCtx) any { return days(c, 365, 1095) }),
		"Renewal_Date":     of("date", 0, func(c *genCtx) any { return days(c, 30, 365) }),
		"Call_Start_Time": of("datetime", 0, func(c *genCtx) any {
			return c.created.Add(-time.Duration(c.r.intn(7200)) * time.Second)
		}),
		"Start_DateTime": of("datetime", 0, func(c *genCtx) any {
			d := c.created.AddDate(0, 0, c.r.between(1, 30)).Truncate(24 * time.Hour)
			return d.Add(time.Duration(c.r.between(14, 23)) * time.Hour) // 9:00-18:00 in the Americas
		}),
		"End_DateTime": of("datetime", 0, func(c *genCtx) any {
			start, ok := c.vals["Start_DateTime"].(time.Time)
			if !ok {
				return nil
			}
			return start.Add(time.Duration(c.r.between(1, 4)) * 30 * time.Minute)
		}),
		"Last_Login":     of("datetime", 10, func(c *genCtx) any { return c.modified }),
		"All_day":        of("boolean", 0, func(c *genCtx) any { return c.r.chance(10) }),
		"Email_Opt_Out":  of("boolean", 0, func(c *genCtx) any { return c.r.chance(8) }),
		"Product_Active": of("boolean", 0, func(c *genCtx) any { return c.r.chance(85) }),
		"Qty_in_Stock":   of("double", 0, func(c *genCtx) any { return float64(c.r.intn(5000)) }),
		"Qty_Ordered":    of("double", 0, func(c *genCtx) any { return float64(c.r.intn(500)) }),
		"Reorder_Level":  of("double", 0, func(c *genCtx) any { return float64(c.r.intn(100)) }),
	}
	for _, a := range []map[string]specialGen{
		addressGens("", "Zip_Code", 15), addressGens("Mailing_", "Zip", 20),
		addressGens("Billing_", "Code", 10), addressGens("Shipping_", "Code", 40),
	} {
		for k, v := range a {
			s[k] = v
		}
	}
	return s
}()

var employeeSizes = []int{10, 50, 200, 1000, 5000}

func employees(r *rng) int64 { return int64(r.between(1, pick(r, employeeSizes))) }

func phone(r *rng) string {
	var b [12]byte
	copy(b[:], "555-000-0000")
	x := r.u64()
	for _, i := range [...]int{4, 5, 6, 8, 9, 10, 11} {
		b[i] = byte('0' + x%10)
		x /= 10
	}
	return string(b[:])
}
