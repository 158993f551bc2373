package flowservice

import (
	"net/http"
	"strings"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
)

// Catalog datasets, as far as a dataflow needs them (reference §5):
// POST /data/foundation/catalog/dataSets answers 201 ["@/dataSets/<id>"]
// with a 24-hex id; GET /dataSets/{id} answers {"<id>": {...}}. The rows a
// run writes are kept in memory, bounded (Config.MaxRowsPerDataset), for
// tests to read back (Rows).

// datasetRec is a dataset with its rows.
type datasetRec struct {
	ID       string
	Doc      map[string]any   // the Catalog object, system fields included
	Rows     []map[string]any // the newest MaxRowsPerDataset rows
	Appended int64            // rows appended in all
}

func (d *datasetRec) schemaID() string {
	ref, _ := d.Doc["schemaRef"].(map[string]any)
	return str(ref["id"])
}

func (d *datasetRec) clone() *datasetRec {
	v := *d
	v.Doc = cloneMap(d.Doc)
	v.Rows = make([]map[string]any, len(d.Rows))
	for i, r := range d.Rows {
		v.Rows[i] = cloneMap(r)
	}
	return &v
}

// catalogObject reads a Catalog or Data Prep body: a JSON object, or the
// service's own 1000-400.
func catalogObject(body []byte, wrap func(string) *Error) (obj, error) {
	m, err := decodeObject(body)
	if err == nil {
		return m, nil
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil, wrap("The request body cannot be null or empty.")
	}
	return nil, wrap("The request body must be a JSON object.")
}

func (s *Service) createDataset(c *call) (any, error) {
	m, err := catalogObject(c.body, errCatalogBody)
	if err != nil {
		return nil, err
	}
	if err := m.typed(errCatalogBody, map[string]string{"name": "string", "description": "string",
		"schemaRef": "object", "tags": "object", "fileDescription": "object"}); err != nil {
		return nil, err
	}
	ref, _ := m.object("schemaRef")
	if err := ref.typed(errCatalogBody, map[string]string{"id": "string", "contentType": "string"}); err != nil {
		return nil, err
	}
	id := newHexID(12)
	doc := cloneMap(m)
	for k, v := range map[string]any{
		"imsOrg": c.t.Org, "sandboxId": c.sb.ID, "version": "1.0.0",
		"created": c.ms(), "updated": c.ms(), "createdClient": c.who.client,
		"createdUser": c.who.by, "updatedUser": c.who.by, "viewId": newHexID(12),
		"status": "enabled", "files": datasetFilesQuery + id,
	} {
		doc[k] = v
	}
	if doc["tags"] == nil {
		doc["tags"] = map[string]any{}
	}
	d, err := normalizeMap(doc)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.space(c).datasets[id] = &datasetRec{ID: id, Doc: d, Rows: []map[string]any{}}
	return httpx.Response{Status: http.StatusCreated, Body: []string{datasetRefPrefix + id}}, nil
}

func (s *Service) getDataset(c *call) (any, error) {
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.st.peek(c.t).datasets[id]
	if d == nil {
		return nil, errDatasetNotFound(id)
	}
	doc := cloneMap(d.Doc)
	if props := c.r.URL.Query().Get("properties"); props != "" {
		keep := map[string]any{}
		for _, p := range strings.Split(props, ",") {
			if v, ok := doc[strings.TrimSpace(p)]; ok {
				keep[strings.TrimSpace(p)] = v
			}
		}
		doc = keep
	}
	return map[string]any{id: doc}, nil
}

// MappingSet is a Data Prep mapping set: the document as created, with the
// id (32 hex), version and audit fields Data Prep adds.
type MappingSet struct {
	ID      string         `json:"id"`
	Version int            `json:"version"`
	Doc     map[string]any `json:"doc"`
}

func (ms *MappingSet) schemaID() string {
	if s := str(ms.Doc["xdmSchema"]); s != "" {
		return s
	}
	if ref, ok := ms.Doc["schemaRef"].(map[string]any); ok {
		return str(ref["id"])
	}
	if out, ok := ms.Doc["outputSchema"].(map[string]any); ok {
		ref, _ := out["schemaRef"].(map[string]any)
		return str(ref["id"])
	}
	return ""
}

// mappingCreated is the answer to a mapping set create (reference §5).
type mappingCreated struct {
	ID           string `json:"id"`
	Version      int    `json:"version"`
	CreatedDate  int64  `json:"createdDate"`
	ModifiedDate int64  `json:"modifiedDate"`
	CreatedBy    string `json:"createdBy"`
	ModifiedBy   string `json:"modifiedBy"`
}

func (s *Service) createMappingSet(c *call) (any, error) {
	m, err := catalogObject(c.body, errPrepBody)
	if err != nil {
		return nil, err
	}
	if err := m.typed(errPrepBody, map[string]string{"name": "string", "xdmSchema": "string", "xdmVersion": "string",
		"mappings": "array", "version": "integer", "schemaRef": "object", "outputSchema": "object", "inputSchema": "object",
		"status": "string", "transformScript": "string"}); err != nil {
		return nil, err
	}
	maps, _ := m.array("mappings")
	for _, e := range maps {
		if _, ok := e.(map[string]any); !ok {
			return nil, errPrepBody("The field 'mappings' must be an array of objects.")
		}
	}
	out := mappingCreated{ID: newHexID(16), CreatedDate: c.ms(), ModifiedDate: c.ms(), CreatedBy: c.who.by, ModifiedBy: c.who.by}
	doc := cloneMap(m)
	doc["id"], doc["version"] = out.ID, 0
	doc["createdDate"], doc["modifiedDate"] = out.CreatedDate, out.ModifiedDate
	doc["createdBy"], doc["modifiedBy"] = out.CreatedBy, out.ModifiedBy
	d, err := normalizeMap(doc)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.space(c).mappings[out.ID] = &MappingSet{ID: out.ID, Doc: d}
	return httpx.Response{Status: s.cfg.MappingSetStatus, Body: out}, nil
}

func (s *Service) getMappingSet(c *call) (any, error) {
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	ms := s.st.peek(c.t).mappings[id]
	if ms == nil {
		return nil, errMappingNotFound(id)
	}
	return cloneMap(ms.Doc), nil
}

// typed checks the JSON types of the fields a Catalog or Data Prep body
// may have (null reads as absent): another type is the service's 1000-400.
func (o obj) typed(wrap func(string) *Error, types map[string]string) error {
	for k, t := range types {
		if v := o[k]; v != nil && !jsonType(v, t) {
			return wrap("The field '" + k + "' must be " + article(t) + ".")
		}
	}
	return nil
}

func article(t string) string {
	switch t {
	case "object", "array", "integer":
		return "an " + t
	}
	return "a " + t
}
