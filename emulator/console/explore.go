package console

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// table is an explored Zoho CRM module.
type table struct {
	Name string `json:"name"`
	Path string `json:"path"`
	Type string `json:"type"`
}

// column is a column of a table's schema, as explore describes it; the
// workflow hands it on to the source connection unchanged.
type column struct {
	Name string         `json:"name"`
	Type string         `json:"type"`
	XDM  map[string]any `json:"xdm,omitempty"`
}

type tableSchema struct {
	Format string `json:"format"`
	Schema struct {
		Columns []column `json:"columns"`
	} `json:"schema"`
	Data []map[string]any `json:"data"`
}

type tablesData struct {
	Tenant  tenant
	Conn    string
	Tables  []table
	Table   string
	Columns []column
	Preview [][]string // rows of cells, in the columns' order
	Total   int        // rows in the preview explore returned
}

// previewRows bounds the rows the preview shows.
const previewRows = 10

// tables is the step "select data": the account's tables, and one
// table's columns and a preview (GET /connections/{id}/explore).
func (c *Console) tables(r *http.Request) (*view, error) {
	t, _, err := c.tenantOf(r.URL.Query())
	if err != nil {
		return nil, err
	}
	conn := r.PathValue("conn")
	d := tablesData{Tenant: t, Conn: conn, Table: r.URL.Query().Get("table")}
	root := flowAPI + "/connections/" + url.PathEscape(conn) + "/explore?objectType=root"
	if err := c.platform.call(r.Context(), t, http.MethodGet, root, nil, &d.Tables, "step"); err != nil {
		return nil, err
	}
	if d.Table == "" && len(d.Tables) > 0 {
		d.Table = d.Tables[0].Path
	}
	if d.Table != "" {
		sch, err := c.explore(r.Context(), t, conn, d.Table, true)
		if err != nil {
			return nil, err
		}
		d.Columns, d.Total = sch.Schema.Columns, len(sch.Data)
		for _, rec := range sch.Data[:min(len(sch.Data), previewRows)] {
			cells := make([]string, len(d.Columns))
			for i, col := range d.Columns {
				if v := rec[col.Name]; v != nil {
					cells[i] = fmt.Sprint(v)
				}
			}
			d.Preview = append(d.Preview, cells)
		}
	}
	return &view{Page: "tables", Title: "Select data", Data: d}, nil
}

func (c *Console) explore(ctx context.Context, t tenant, conn, name string, preview bool) (tableSchema, error) {
	var sch tableSchema
	q := url.Values{"objectType": {"table"}, "object": {name}}
	if preview {
		q.Set("preview", "true")
	}
	err := c.platform.call(ctx, t, http.MethodGet, flowAPI+"/connections/"+url.PathEscape(conn)+"/explore?"+q.Encode(), nil, &sch, "step")
	return sch, err
}
