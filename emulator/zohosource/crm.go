package zohosource

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The CRM reads of the runtime (reference §12), on Config.APIVersion.

// module is the part of a settings/modules entry the runtime reads.
type module struct {
	APIName      string `json:"api_name"`
	PluralLabel  string `json:"plural_label"`
	APISupported bool   `json:"api_supported"`
}

// modules lists the org's modules (GET settings/modules); 204 is none.
func (s *session) modules(ctx context.Context) ([]module, error) {
	a, err := s.get(ctx, "/settings/modules", nil, nil)
	if err != nil {
		return nil, err
	}
	var body struct {
		Modules []module `json:"modules"`
	}
	if err := s.decode(a, "/settings/modules", &body); err != nil {
		return nil, err
	}
	return body.Modules, nil
}

// columns are a module's columns (GET settings/fields?module=).
func (s *session) columns(ctx context.Context, mod string) ([]column, error) {
	a, err := s.get(ctx, "/settings/fields", url.Values{"module": {mod}}, nil)
	if err != nil {
		return nil, err
	}
	var body struct {
		Fields []zohoField `json:"fields"`
	}
	if err := s.decode(a, "/settings/fields", &body); err != nil {
		return nil, err
	}
	if len(body.Fields) == 0 {
		return nil, nil
	}
	return columnsOf(body.Fields), nil
}

// decode reads a 200's JSON body; 204 and 304 decode as empty.
func (s *session) decode(a answer, path string, v any) error {
	if a.status != http.StatusOK || len(strings.TrimSpace(string(a.body))) == 0 {
		return nil
	}
	if err := jsonUnmarshal(a.body, v); err != nil {
		return &Failure{Kind: KindRequest, Op: http.MethodGet + " " + s.api + "/crm/" + s.e.cfg.APIVersion + path,
			Status: a.status, Body: s.quote(a.body), Cause: "an unreadable answer"}
	}
	return nil
}

// page is one page of records.
type page struct {
	Data []map[string]any `json:"data"`
	Info struct {
		MoreRecords   bool   `json:"more_records"`
		NextPageToken string `json:"next_page_token"`
	} `json:"info"`
	bytes int64
}

// records reads one page of a module. q carries the read's parameters
// (fields, sort_by, sort_order, per_page, page or page_token).
func (s *session) records(ctx context.Context, mod string, q url.Values, h http.Header) (page, error) {
	path := "/" + url.PathEscape(mod)
	a, err := s.get(ctx, path, q, h)
	if err != nil {
		return page{}, err
	}
	p, ok := page{}, false
	if a.status == http.StatusOK {
		p, ok = fastPage(a.body) // a long read is mostly this decoding
	}
	if !ok {
		p = page{} // nothing of a refused fast decoding
		if err := s.decode(a, path, &p); err != nil {
			return page{}, err
		}
	}
	p.bytes = int64(len(a.body))
	return p, nil
}

// versionNeedsFields reports whether the version's record reads are
// given `fields` for every column: v3 on (v7 and v8 refuse a read without
// it; v3-v6 are UNCONFIRMED, reference §12.3). v2 and v2.1 return every
// field without it.
func versionNeedsFields(v string) bool {
	major, _, _ := strings.Cut(strings.TrimPrefix(v, "v"), ".")
	n, err := strconv.Atoi(major)
	return err != nil || n >= 3
}

// maxFields is the most api_names `fields` takes (reference §12.3).
const maxFields = 50

// fieldsParam is the `fields` of a read of cols: omitted on v2/v2.1 when
// every column is read, or when a selection is too long (the version
// returns every field); otherwise the names, "id" left out (Zoho always
// sends it). Past 50 names on v3+, Zoho's own LIMIT_EXCEEDED answers.
func (e *Engine) fieldsParam(cols []column, all bool) string {
	var names []string
	for _, c := range cols {
		if c.Name != "id" {
			names = append(names, c.Name)
		}
	}
	if !versionNeedsFields(e.cfg.APIVersion) && (all || len(names) > maxFields) {
		return ""
	}
	return strings.Join(names, ",")
}
