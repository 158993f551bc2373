package zohocrm

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The parsers of this file are pure: a query string and a header in, the
// parameters or Zoho's error out. They are fuzzed (fuzz_test.go).

// listParams are the parameters of GET /crm/{v}/{module}, checked.
type listParams struct {
	Fields    []string // as given, trimmed and deduplicated (ignoring case); nil when absent
	Page      int      // 1 when absent
	PerPage   int
	PageToken string // only from Config.PageTokenFrom
	SortBy    string // id, Created_Time, Modified_Time
	SortOrder string // asc, desc
	Converted string // false, true, both
	IDs       []string
	Since     time.Time // If-Modified-Since; zero when absent
}

// Offset is the first record the page reads.
func (p listParams) Offset() int { return (p.Page - 1) * p.PerPage }

// Sort values (reference §12.3).
var (
	sortFields = []string{"id", "Created_Time", "Modified_Time"}
	sortOrders = []string{"asc", "desc"}
	converteds = []string{"false", "true", "both"}
)

// parseList checks the query of a records read in version v.
func parseList(v Version, cfg Config, q url.Values, ifModifiedSince string) (listParams, error) {
	p := listParams{Page: 1, PerPage: cfg.MaxPerPage}
	tokens := v >= cfg.PageTokenFrom
	if tokens && q.Has("page") && q.Has("page_token") {
		return p, ambiguity("page", "page_token")
	}
	if q.Has("cvid") && q.Has("sort_by") {
		return p, ambiguity("cvid", "sort_by")
	}
	fields, err := parseFields(q.Get("fields"), cfg.MaxFields)
	if err != nil {
		return p, err
	}
	if fields == nil && v >= cfg.FieldsRequiredFrom {
		return p, requiredParam("fields")
	}
	p.Fields = fields
	if q.Has("page") {
		if p.Page, err = parseCount("page", q.Get("page")); err != nil {
			return p, err
		}
	}
	if q.Has("per_page") {
		if p.PerPage, err = parseCount("per_page", q.Get("per_page")); err != nil {
			return p, err
		}
		if p.PerPage > cfg.MaxPerPage {
			if cfg.PerPageOverMax == Refuse {
				return p, invalidData("per_page")
			}
			p.PerPage = cfg.MaxPerPage
		}
	}
	if p.SortBy, err = parseChoice("sort_by", q.Get("sort_by"), "id", sortFields); err != nil {
		return p, err
	}
	if p.SortOrder, err = parseChoice("sort_order", q.Get("sort_order"), "desc", sortOrders); err != nil {
		return p, err
	}
	if p.Converted, err = parseChoice("converted", q.Get("converted"), "false", converteds); err != nil {
		return p, err
	}
	if p.IDs, err = parseIDs(q.Get("ids"), cfg.MaxIDs); err != nil {
		return p, err
	}
	if q.Has("cvid") {
		return p, invalidData("cvid") // no custom views are served
	}
	if p.Since, err = parseSince(ifModifiedSince, cfg.BadIfModifiedSince); err != nil {
		return p, err
	}
	if tokens && q.Has("page_token") {
		p.PageToken = q.Get("page_token")
		if !validToken(p.PageToken) {
			return p, invalidData("page_token")
		}
		return p, nil
	}
	if v >= cfg.DiscreteCapFrom && p.Page*p.PerPage > cfg.DiscreteLimit {
		return p, discreteError(cfg.DiscreteLimit)
	}
	return p, nil
}

// parseFields splits a `fields` value: names trimmed, empty ones dropped,
// duplicates (ignoring case) dropped; nil when no name is left. More than
// max names is LIMIT_EXCEEDED.
func parseFields(raw string, max int) ([]string, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	// For ASCII names, equal ignoring case is equal once lower-cased.
	same := strings.EqualFold
	if !isASCII(raw) {
		same = func(a, b string) bool { return strings.ToLower(a) == strings.ToLower(b) }
	}
	var out []string
	for name := range strings.SplitSeq(raw, ",") {
		name = strings.TrimSpace(name)
		if name == "" || slices.ContainsFunc(out, func(prev string) bool { return same(prev, name) }) {
			continue
		}
		out = append(out, name)
		if len(out) > max {
			return nil, limitExceeded("fields", max)
		}
	}
	return out, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// parseIDs splits an `ids` value: record ids of up to 19 digits,
// duplicates dropped; nil when empty. More than max is LIMIT_EXCEEDED,
// anything but digits INVALID_DATA.
func parseIDs(raw string, max int) ([]string, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	var out []string
	seen := map[string]bool{}
	for id := range strings.SplitSeq(raw, ",") {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		if len(id) > 19 || !digits(id) {
			return nil, invalidData("ids")
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, id)
		if len(out) > max {
			return nil, limitExceeded("ids", max)
		}
	}
	return out, nil
}

// parseCount reads page or per_page: a positive decimal integer.
func parseCount(name, raw string) (int, error) {
	if raw == "" || len(raw) > 9 || !digits(raw) {
		return 0, invalidData(name)
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 {
		return 0, invalidData(name)
	}
	return n, nil
}

// parseChoice matches raw (ignoring case) to one of choices, giving its
// canonical spelling; def when raw is empty.
func parseChoice(name, raw, def string, choices []string) (string, error) {
	if raw == "" {
		return def, nil
	}
	for _, c := range choices {
		if strings.EqualFold(raw, c) {
			return c, nil
		}
	}
	return "", invalidChoice(name, choices...)
}

// sinceLayouts are the If-Modified-Since forms accepted: ISO 8601 with an
// offset (Zoho's documented form, e.g. 2019-07-25T15:26:49+05:30, and
// RFC 3339 with fractions or Z), and the HTTP date forms clients send.
var sinceLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05-0700", "2006-01-02T15:04:05.999999999-0700"}

// parseSince reads If-Modified-Since; zero when absent. An unparsable
// value is INVALID_DATA, or ignored when policy is Ignore.
func parseSince(raw, policy string) (time.Time, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return time.Time{}, nil
	}
	for _, layout := range sinceLayouts {
		if t, err := time.Parse(layout, raw); err == nil {
			return t, nil
		}
	}
	if t, err := http.ParseTime(raw); err == nil {
		return t, nil
	}
	if policy == Ignore {
		return time.Time{}, nil
	}
	return time.Time{}, invalidData("If-Modified-Since")
}

// validToken reports whether a page token has the shape minted: lower-case
// hex, at most maxTokenLen characters.
func validToken(t string) bool {
	if t == "" || len(t) > maxTokenLen {
		return false
	}
	for _, c := range []byte(t) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// binding is the canonical form of a read's parameters that a page token
// is bound to: everything but page and page_token. fields are the
// resolved api_names (nil: all fields).
func binding(module string, p listParams, fields []string) string {
	joined := "*"
	if fields != nil {
		joined = strings.Join(sortedCopy(fields), ",")
	}
	return bindingOf(module, p, joined)
}

// bindingOf is binding with the fields already sorted and joined ("*"
// for all).
func bindingOf(module string, p listParams, fields string) string {
	var b strings.Builder
	b.Grow(len(module) + len(fields) + 64 + 20*len(p.IDs))
	for i := 0; i < len(module); i++ {
		b.WriteByte(lowerASCII(module[i]))
	}
	if !isASCII(module) {
		b.Reset()
		b.WriteString(strings.ToLower(module))
	}
	b.WriteString("|f=")
	b.WriteString(fields)
	b.WriteString("|s=")
	b.WriteString(p.SortBy)
	b.WriteString(" ")
	b.WriteString(p.SortOrder)
	b.WriteString("|c=")
	b.WriteString(p.Converted)
	b.WriteString("|n=")
	b.WriteString(strconv.Itoa(p.PerPage))
	b.WriteString("|ids=")
	b.WriteString(strings.Join(sortedCopy(p.IDs), ","))
	if !p.Since.IsZero() {
		b.WriteString("|since=")
		b.WriteString(strconv.FormatInt(p.Since.Unix(), 10))
	}
	return b.String()
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func discreteError(limit int) *Error {
	e := *errDiscrete
	if limit != 2000 {
		e.Message = "You can only get the first " + strconv.Itoa(limit) + " records without using page_token param."
	}
	e.Details = map[string]any{"limit": limit}
	return &e
}

func paginationError(limit int) *Error {
	e := *errPaginationLimit
	if limit != 100000 {
		e.Message = "You can only get upto " + strconv.Itoa(limit) + " records using page_token param"
	}
	return &e
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}
