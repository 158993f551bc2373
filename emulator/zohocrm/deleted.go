package zohocrm

import (
	"net/http"

	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
)

// GET /crm/{v}/{module}/deleted lists deleted records newest first, for
// incremental sync (Zoho's v8 OpenAPI getDeletedRecords): type all
// (default), recycle or permanent; page and per_page; If-Modified-Since
// for deletions after an instant (304 when there is none). The info object
// has the four keys on every version.

var deletedTypes = []string{"all", "recycle", "permanent"}

type deletedRecord struct {
	DeletedBy   *nameRef `json:"deleted_by"`
	ID          string   `json:"id"`
	DisplayName *string  `json:"display_name"`
	Type        string   `json:"type"`
	CreatedBy   *nameRef `json:"created_by"`
	DeletedTime zohoTime `json:"deleted_time"`
}

type pageInfo struct {
	PerPage     int  `json:"per_page"`
	Count       int  `json:"count"`
	Page        int  `json:"page"`
	MoreRecords bool `json:"more_records"`
}

type deletedPage struct {
	Data []deletedRecord `json:"data"`
	Info pageInfo        `json:"info"`
}

// listDeleted is GET /crm/{v}/{module}/deleted.
func (s *Service) listDeleted(c *call) (any, error) {
	m, err := s.module(c)
	if err != nil {
		return nil, err
	}
	q := c.r.URL.Query()
	typ := q.Get("type")
	if typ == "" {
		typ = "all"
	}
	if !contains(deletedTypes, typ) {
		return nil, newError(http.StatusBadRequest, CodePatternNotMatched,
			"Please check whether the input values are correct", param("type"))
	}
	page, perPage, err := s.pageParams(q.Get("page"), q.Has("page"), q.Get("per_page"), q.Has("per_page"))
	if err != nil {
		return nil, err
	}
	since, err := parseSince(c.r.Header.Get("If-Modified-Since"), s.cfg.BadIfModifiedSince)
	if err != nil {
		return nil, err
	}
	if !since.IsZero() {
		newer, _, err := s.data.Deleted(c.org.OrgID, m.APIName, since, 0, 1)
		if err != nil {
			return nil, storeError(err)
		}
		if len(newer) == 0 {
			return notModified, nil
		}
	}
	offset := (page - 1) * perPage
	var recs []crmdata.DeletedRecord
	var more bool
	if typ == "all" {
		recs, more, err = s.data.Deleted(c.org.OrgID, m.APIName, since, offset, perPage)
	} else {
		var all []crmdata.DeletedRecord
		all, _, err = s.data.Deleted(c.org.OrgID, m.APIName, since, 0, 0)
		var kept []crmdata.DeletedRecord
		for _, d := range all {
			if d.Type == typ {
				kept = append(kept, d)
			}
		}
		if offset < len(kept) {
			end := min(len(kept), offset+perPage)
			recs, more = kept[offset:end], end < len(kept)
		}
	}
	if err != nil {
		return nil, storeError(err)
	}
	if len(recs) == 0 {
		return noContent, nil
	}
	out := deletedPage{Data: make([]deletedRecord, len(recs)),
		Info: pageInfo{PerPage: perPage, Count: len(recs), Page: page, MoreRecords: more}}
	for i, d := range recs {
		dr := deletedRecord{ID: d.ID, Type: d.Type, DeletedTime: c.time(d.DeletedTime)}
		if d.Type != "permanent" {
			name := d.DisplayName
			dr.DisplayName = &name
			dr.DeletedBy = refOrNil(d.DeletedBy)
			dr.CreatedBy = refOrNil(d.CreatedBy)
		}
		out.Data[i] = dr
	}
	return out, nil
}

func refOrNil(r crmdata.Ref) *nameRef {
	if r.ID == "" {
		return nil
	}
	return &nameRef{Name: r.Name, ID: r.ID}
}

// pageParams reads page and per_page of the lists without page tokens.
func (s *Service) pageParams(page string, hasPage bool, perPage string, hasPerPage bool) (int, int, error) {
	p, n := 1, s.cfg.MaxPerPage
	var err error
	if hasPage {
		if p, err = parseCount("page", page); err != nil {
			return 0, 0, err
		}
	}
	if hasPerPage {
		if n, err = parseCount("per_page", perPage); err != nil {
			return 0, 0, err
		}
		if n > s.cfg.MaxPerPage {
			if s.cfg.PerPageOverMax == Refuse {
				return 0, 0, invalidData("per_page")
			}
			n = s.cfg.MaxPerPage
		}
	}
	return p, n, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
