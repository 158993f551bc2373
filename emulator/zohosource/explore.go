package zohosource

import (
	"context"
	"errors"
	"net/url"
	"strconv"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// Test tries the connection as the runtime would: a CRM call (GET
// settings/modules, which explore needs anyway) with the access token,
// refreshed when there is none or Zoho calls it INVALID_TOKEN. Any
// Zoho-side failure is false, its reason logged; only the caller's own
// cancellation is an error.
func (e *Engine) Test(ctx context.Context, conn flowservice.Connection) (bool, error) {
	s, err := e.session(conn)
	if err == nil {
		_, err = s.get(ctx, "/settings/modules", nil, nil)
	}
	if err == nil {
		return true, nil
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	e.cfg.Logger.Info("zohosource: connection test failed", "connection", conn.ID, "reason", describe(err))
	return false, nil
}

// Explore lists the org's modules as tables (objectType=root) or
// describes one (objectType=table), with its first records when
// preview=true (reference §4). A Zoho-side failure is 1308-400 with the
// runtime's message, Zoho's answer quoted in it; a module Zoho does not
// know, or one without fields, is 1330-400; filters are 1353-400 (Zoho is
// not a filter-at-source connector); file and folder object types 1358-400.
func (e *Engine) Explore(ctx context.Context, conn flowservice.Connection, q flowservice.ExploreQuery) (any, error) {
	v, err := e.explore(ctx, conn, q)
	if err == nil {
		return v, nil
	}
	var fe *flowservice.Error
	if errors.As(err, &fe) {
		return nil, fe
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var f *Failure
	if errors.As(err, &f) {
		e.cfg.Logger.Info("zohosource: explore failed", "connection", conn.ID, "reason", f.Error())
		return nil, flowservice.SourceRequestError(f.Detail())
	}
	return nil, err
}

// Table is one entry of objectType=root.
type Table struct {
	Type           string `json:"type"`
	Name           string `json:"name"`
	Path           string `json:"path"`
	CanPreview     bool   `json:"canPreview"`
	CanFetchSchema bool   `json:"canFetchSchema"`
}

func (e *Engine) explore(ctx context.Context, conn flowservice.Connection, q flowservice.ExploreQuery) (any, error) {
	switch q.ObjectType {
	case "root", "table":
	default:
		return nil, flowservice.ObjectTypeError()
	}
	if q.Filters != "" {
		return nil, flowservice.FilterUnsupportedError("zoho")
	}
	s, err := e.session(conn)
	if err != nil {
		return nil, err
	}
	if q.ObjectType == "root" {
		mods, err := s.modules(ctx)
		if err != nil {
			return nil, err
		}
		out := []Table{}
		for _, m := range mods {
			if !m.APISupported || m.APIName == "" {
				continue
			}
			name := m.PluralLabel
			if name == "" {
				name = m.APIName
			}
			out = append(out, Table{Type: "table", Name: name, Path: m.APIName, CanPreview: true, CanFetchSchema: true})
		}
		return out, nil
	}
	cols, err := s.columns(ctx, q.Object)
	var f *Failure
	if errors.As(err, &f) && f.Code == "INVALID_MODULE" || err == nil && len(cols) == 0 {
		return nil, flowservice.NoColumnsError(q.Object)
	}
	if err != nil {
		return nil, err
	}
	docs := make([]map[string]any, len(cols))
	for i, c := range cols {
		docs[i] = c.doc()
	}
	out := map[string]any{"format": "flat", "schema": map[string]any{"columns": docs}}
	if !q.Preview {
		return out, nil
	}
	pq := url.Values{"page": {"1"}, "per_page": {strconv.Itoa(e.cfg.PreviewRows)}}
	if f := e.fieldsParam(firstColumns(cols, maxFields+1), true); f != "" {
		pq.Set("fields", f)
	}
	p, err := s.records(ctx, q.Object, pq, nil)
	if err != nil {
		return nil, err
	}
	data := make([]map[string]any, 0, len(p.Data))
	for _, rec := range p.Data {
		data = append(data, row(cols, rec))
	}
	out["data"] = data
	return out, nil
}

// firstColumns is at most n of cols.
func firstColumns(cols []column, n int) []column {
	return cols[:min(n, len(cols))]
}
