package zohocrm

import (
	"errors"
	"strings"

	"github.com/gorilla/mux"

	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
)

// module finds the module a record path names, as version v serves it.
func (s *Service) module(c *call) (crmdata.Module, error) {
	m, ok := s.data.Module(c.org.OrgID, mux.Vars(c.r)["module"])
	if !ok || !served(c.v, m) {
		return crmdata.Module{}, errModule
	}
	return m, nil
}

// pick resolves the names of `fields` against the module's fields as the
// version shows them: the fields to render in metadata order, and their
// canonical names (nil when all are read). Unknown names are left out, or
// refused with Config.UnknownFields "error".
func (s *Service) pick(v Version, m crmdata.Module, names []string) ([]crmdata.Field, []string, error) {
	all := versionFields(v, m)
	if names == nil {
		return all, nil, nil
	}
	want := make(map[string]bool, len(names))
	for _, n := range names {
		want[strings.ToLower(n)] = true
	}
	var fields []crmdata.Field
	var canon []string
	for _, f := range all {
		if want[strings.ToLower(f.APIName)] {
			fields = append(fields, f)
			canon = append(canon, f.APIName)
			delete(want, strings.ToLower(f.APIName))
		}
	}
	delete(want, "id")
	if len(want) > 0 && s.cfg.UnknownFields == Refuse {
		for _, n := range names {
			if want[strings.ToLower(n)] {
				return nil, nil, newError(400, CodeInvalidData, "invalid data", map[string]any{"api_name": n})
			}
		}
	}
	if canon == nil {
		canon = []string{} // only unknown names: id alone, still not "all"
	}
	return fields, canon, nil
}

// listRecords is GET /crm/{v}/{module}.
func (s *Service) listRecords(c *call) (any, error) {
	p, err := parseList(c.v, s.cfg, c.r.URL.Query(), c.r.Header.Get("If-Modified-Since"))
	if err != nil {
		if _, merr := s.module(c); merr != nil {
			return nil, merr // Zoho names the module first
		}
		return nil, err
	}
	rf, err := s.readFields(c, p.Fields)
	if err != nil {
		return nil, err
	}
	m, fields, names := rf.module, rf.fields, rf.names
	bind := bindingOf(m.APIName, p, rf.bound) // binding(m.APIName, p, names)
	offset := p.Offset()
	if p.PageToken != "" {
		if offset, err = s.redeem(p.PageToken, c.org.OrgID, c.user.ID, bind, c.now); err != nil {
			return nil, err
		}
	}
	if !p.Since.IsZero() {
		last, err := s.data.LastModified(c.org.OrgID, m.APIName)
		if err != nil {
			return nil, storeError(err)
		}
		if !last.After(p.Since) {
			return notModified, nil
		}
	}
	// The page of the data the fields were resolved from, cached or
	// rendered; a page rendered after a change is not kept.
	key := keyOf(c.org.OrgID, m.APIName, rf.version, c.v, p, names, offset, c.tz)
	cp, ok := s.pages.get(key)
	if !ok {
		if cp, err = s.renderPage(c, m, p, fields, names, offset); err != nil {
			return nil, err
		}
		if cp.count > 0 && cp.version == rf.version {
			s.pages.put(key, cp)
		}
	}
	if cp.count == 0 {
		return noContent, nil
	}
	info := make([]byte, 0, 512)
	info = append(info, `],"info":`...)
	info = s.info(info, c, p, bind, offset, cp.count, cp.more)
	return splitJSON{cp.data, append(info, '}')}, nil
}

// renderPage reads and renders the records of a page: `{"data":[` and
// the records, without the closing bracket.
func (s *Service) renderPage(c *call, m *crmdata.Module, p listParams, fields []crmdata.Field, names []string, offset int) (cachedPage, error) {
	page, err := s.data.List(c.org.OrgID, m.APIName, crmdata.Query{
		SortBy: p.SortBy, Desc: p.SortOrder == "desc", ModifiedSince: p.Since, Converted: p.Converted,
		IDs: p.IDs, Offset: offset, Limit: p.PerPage,
	})
	if err != nil {
		return cachedPage{}, storeError(err)
	}
	rd := renderer{fields: fields, system: names == nil, tz: c.tz, textLimit: s.cfg.ListTextLimit}
	b := make([]byte, 0, 64+len(page.Records)*(32+24*len(fields)))
	b = append(b, `{"data":[`...)
	for i, r := range page.Records {
		if i > 0 {
			b = append(b, ',')
		}
		b = rd.record(b, r)
	}
	return cachedPage{data: b, count: len(page.Records), more: page.More, version: page.Version}, nil
}

// info appends a records page's info: the four keys of v2-v3, the eleven
// of the page-token versions (reference §12.3), minting the next and
// previous pages' tokens.
func (s *Service) info(b []byte, c *call, p listParams, bind string, offset, count int, more bool) []byte {
	page := offset/p.PerPage + 1
	if c.v < s.cfg.PageTokenFrom {
		b = append(b, `{"per_page":`...)
		b = appendInt(b, p.PerPage)
		b = append(b, `,"count":`...)
		b = appendInt(b, count)
		b = append(b, `,"page":`...)
		b = appendInt(b, page)
		b = append(b, `,"more_records":`...)
		b = appendBool(b, more)
		return append(b, '}')
	}
	var next, prev *PageToken
	if more {
		t := s.pageToken(c.org.OrgID, c.user.ID, bind, offset+count, c.now)
		next = &t
	}
	if offset > 0 {
		t := s.pageToken(c.org.OrgID, c.user.ID, bind, max(0, offset-p.PerPage), c.now)
		prev = &t
	}
	b = append(b, `{"call":false,"per_page":`...)
	b = appendInt(b, p.PerPage)
	b = append(b, `,"next_page_token":`...)
	b = appendToken(b, next)
	b = append(b, `,"count":`...)
	b = appendInt(b, count)
	b = append(b, `,"sort_by":`...)
	b = appendString(b, p.SortBy)
	b = append(b, `,"page":`...)
	b = appendInt(b, page)
	b = append(b, `,"previous_page_token":`...)
	b = appendToken(b, prev)
	b = append(b, `,"page_token_expiry":`...)
	if next != nil {
		b = appendTime(b, next.Expires, c.tz)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"sort_order":`...)
	b = appendString(b, p.SortOrder)
	b = append(b, `,"email":false,"more_records":`...)
	b = appendBool(b, more)
	return append(b, '}')
}

func appendToken(b []byte, t *PageToken) []byte {
	if t == nil {
		return append(b, "null"...)
	}
	return appendString(b, t.Token)
}

func appendInt(b []byte, n int) []byte { return append(b, itoa(n)...) }

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// getRecord is GET /crm/{v}/{module}/{id}: the whole record, 204 when
// there is none, 304 when it has not changed since If-Modified-Since.
func (s *Service) getRecord(c *call) (any, error) {
	m, err := s.module(c)
	if err != nil {
		return nil, err
	}
	id := mux.Vars(c.r)["record"]
	if len(id) > 19 || !digits(id) {
		return nil, invalidRecordID()
	}
	q := c.r.URL.Query()
	names, err := parseFields(q.Get("fields"), s.cfg.MaxFields)
	if err != nil {
		return nil, err
	}
	fields, canon, err := s.pick(c.v, m, names)
	if err != nil {
		return nil, err
	}
	since, err := parseSince(c.r.Header.Get("If-Modified-Since"), s.cfg.BadIfModifiedSince)
	if err != nil {
		return nil, err
	}
	r, err := s.data.Get(c.org.OrgID, m.APIName, id)
	if errors.Is(err, crmdata.ErrNoRecord) {
		return noContent, nil
	}
	if err != nil {
		return nil, storeError(err)
	}
	if !since.IsZero() && !r.Modified.After(since) {
		return notModified, nil
	}
	rd := renderer{fields: fields, system: canon == nil, tz: c.tz, textLimit: -1}
	b := append(make([]byte, 0, 1024), `{"data":[`...)
	b = rd.record(b, r)
	return rawJSON(append(b, "]}"...)), nil
}

// storeError maps the store's errors to Zoho's.
func storeError(err error) error {
	var iv *crmdata.InvalidValueError
	switch {
	case errors.Is(err, crmdata.ErrNoModule):
		return errModule
	case errors.As(err, &iv) && iv.Reason == crmdata.ReasonQuery:
		return invalidData(iv.Field)
	case errors.As(err, &iv):
		return newError(400, CodeInvalidData, "invalid data", map[string]any{"api_name": iv.Field})
	}
	return err
}
