package flowservice

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// listQuery is what a list request asks for: a filter, an order, a page.
type listQuery struct {
	Filter Filter
	Props  []string // the raw `property` values, for the continuation token
	Order  []sortKey
	Sort   string // the raw `orderby` value
	Limit  int    // 0: every match
	Offset int
	Count  bool
}

type sortKey struct {
	path []Segment
	desc bool
}

// pageToken is a continuation token's content: the query it continues.
// It is opaque to clients (base64url of this JSON).
type pageToken struct {
	Kind   string   `json:"k"`
	Offset int      `json:"o"`
	Limit  int      `json:"l,omitempty"`
	Props  []string `json:"p,omitempty"`
	Sort   string   `json:"s,omitempty"`
}

// listParams are the query parameters of every list endpoint (others are
// 1451-400).
var listParams = map[string]bool{"property": true, "limit": true, "orderby": true, "continuationToken": true, "count": true}

// parseList reads a list request's query for a resource kind whose
// top-level fields are fields. A continuation token brings back the query
// it continues; an explicit limit beside it changes the page size.
func (s *Service) parseList(query url.Values, kind string, fields map[string]bool) (listQuery, error) {
	var unknown []string
	for k := range query {
		if !listParams[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return listQuery{}, errQueryParams(strings.Join(unknown, ","))
	}
	var q listQuery
	props, sortBy := query["property"], query.Get("orderby")
	if tok := query.Get("continuationToken"); tok != "" {
		pt, ok := decodePageToken(tok)
		if !ok || pt.Kind != kind {
			return listQuery{}, errQueryValue("continuationToken=" + tok)
		}
		props, sortBy, q.Offset, q.Limit = pt.Props, pt.Sort, pt.Offset, pt.Limit
	}
	if v, ok := query["limit"]; ok {
		n, err := strconv.Atoi(v[0])
		if err != nil || n < 1 {
			return listQuery{}, errQueryValue("limit=" + v[0])
		}
		q.Limit = min(n, s.cfg.MaxLimit)
	}
	if v, ok := query["count"]; ok {
		b, err := strconv.ParseBool(v[0])
		if err != nil {
			return listQuery{}, errQueryValue("count=" + v[0])
		}
		q.Count = b
	}
	if q.Count && query.Has("limit") {
		return listQuery{}, errLimitAndCount()
	}
	f, err := ParseFilter(props, fields)
	if err != nil {
		return listQuery{}, err
	}
	order, err := parseOrder(sortBy, fields)
	if err != nil {
		return listQuery{}, err
	}
	q.Filter, q.Props, q.Order, q.Sort = f, props, order, sortBy
	return q, nil
}

// parseOrder reads `orderby`: comma-separated fields, each optionally
// prefixed + (ascending, the default) or - (descending). A "+" sent
// unescaped arrives as a space, which is read as "+".
func parseOrder(s string, fields map[string]bool) ([]sortKey, error) {
	if s == "" {
		return nil, nil
	}
	var out []sortKey
	for _, raw := range strings.Split(s, ",") {
		f := raw
		desc := false
		switch {
		case strings.HasPrefix(f, "-"):
			f, desc = f[1:], true
		case strings.HasPrefix(f, "+"), strings.HasPrefix(f, " "):
			f = f[1:]
		}
		if f == "" {
			return nil, errSortField(raw)
		}
		if c := f[0]; !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			if c == '+' || c == '-' || c == ' ' || c == '*' || c == '^' || c == '!' || c == '<' || c == '>' {
				return nil, errSortOrder()
			}
			return nil, errSortField(raw)
		}
		path, ok := parsePath(f)
		if !ok || (fields != nil && !fields[path[0].Name]) {
			return nil, errSortField(raw)
		}
		out = append(out, sortKey{path: path, desc: desc})
	}
	return out, nil
}

func encodePageToken(t pageToken) string {
	b, _ := json.Marshal(t)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodePageToken(s string) (pageToken, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return pageToken{}, false
	}
	var t pageToken
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil || t.Offset < 0 || t.Limit < 0 {
		return pageToken{}, false
	}
	return t, true
}

// item is one listed resource: what is written, and the document the
// filter and the order read (the same JSON, decoded).
type item struct {
	out any
	doc map[string]any
}

func newItem(v any) item { return item{out: v, doc: toDoc(v)} }

// listPage is a list answer: {"items":[...],"_links":{...}} (reference §1).
type listPage struct {
	Items []any `json:"items"`
	Links links `json:"_links"`
}

type links struct {
	Next *link `json:"next,omitempty"`
}

type link struct {
	Href string `json:"href"`
}

type countBody struct {
	Count int `json:"count"`
}

// apply filters, orders and pages items (given in their default order) for
// the list at path (e.g. "/connections").
func (s *Service) apply(q listQuery, items []item, kind, path string) any {
	matched := items[:0:0]
	for _, it := range items {
		if q.Filter.Match(it.doc, s.cfg.CaseSensitiveFilters) {
			matched = append(matched, it)
		}
	}
	if q.Count {
		return countBody{Count: len(matched)}
	}
	if len(q.Order) > 0 {
		slices.SortStableFunc(matched, func(a, b item) int { return compareDocs(a.doc, b.doc, q.Order) })
	}
	page := listPage{Items: []any{}}
	start := min(q.Offset, len(matched))
	end := len(matched)
	if q.Limit > 0 {
		end = min(start+q.Limit, len(matched))
	}
	for _, it := range matched[start:end] {
		page.Items = append(page.Items, it.out)
	}
	if end < len(matched) {
		tok := encodePageToken(pageToken{Kind: kind, Offset: end, Limit: q.Limit, Props: q.Props, Sort: q.Sort})
		page.Links.Next = &link{Href: path + "?continuationToken=" + tok}
	}
	return page
}

// compareDocs orders two documents by the sort keys; a missing value sorts
// after every present one, whatever the direction.
func compareDocs(a, b map[string]any, keys []sortKey) int {
	for _, k := range keys {
		va, vb := first(resolve(a, k.path)), first(resolve(b, k.path))
		switch {
		case va == nil && vb == nil:
			continue
		case va == nil:
			return 1
		case vb == nil:
			return -1
		}
		c := compareValues(va, vb)
		if k.desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

func first(vs []any) any {
	for _, v := range vs {
		if v != nil {
			return v
		}
	}
	return nil
}

func compareValues(a, b any) int {
	x, okx := number(a)
	y, oky := number(b)
	if okx && oky {
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	sa, _ := text(a)
	sb, _ := text(b)
	if c := strings.Compare(strings.ToLower(sa), strings.ToLower(sb)); c != 0 {
		return c
	}
	return strings.Compare(sa, sb)
}

// toDoc is v's JSON as a generic document (numbers as json.Number).
func toDoc(v any) map[string]any {
	b, err := json.Marshal(v)
	if err != nil {
		return map[string]any{}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return map[string]any{}
	}
	return m
}
