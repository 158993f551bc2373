package flowservice

import (
	"slices"
)

// Dataset is a Catalog dataset as the Go API shows it.
type Dataset struct {
	ID       string
	Name     string
	SchemaID string         // schemaRef.id
	Doc      map[string]any // the Catalog object
	Rows     int            // rows kept
	Appended int64          // rows appended in all
	Dropped  int64          // rows dropped past Config.MaxRowsPerDataset
}

// CreateDataset makes a Catalog dataset from a Catalog object (name,
// schemaRef, ...) as POST /dataSets would, and returns its id.
func (s *Service) CreateDataset(t Tenant, sandboxID string, doc map[string]any) (string, error) {
	d, err := normalizeMap(doc)
	if err != nil {
		return "", err
	}
	if d == nil {
		d = map[string]any{}
	}
	id := newHexID(12)
	now := s.now().UnixMilli()
	d["imsOrg"], d["sandboxId"], d["version"], d["created"], d["updated"] = t.Org, sandboxID, "1.0.0", now, now
	d["status"], d["files"] = "enabled", datasetFilesQuery+id
	if d["tags"] == nil {
		d["tags"] = map[string]any{}
	}
	if d, err = normalizeMap(d); err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.space(t, sandboxID).datasets[id] = &datasetRec{ID: id, Doc: d, Rows: []map[string]any{}}
	return id, nil
}

// Dataset returns a dataset's description.
func (s *Service) Dataset(t Tenant, id string) (Dataset, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.st.peek(t).datasets[id]
	if d == nil {
		return Dataset{}, false
	}
	return Dataset{ID: d.ID, Name: str(d.Doc["name"]), SchemaID: d.schemaID(), Doc: cloneMap(d.Doc),
		Rows: len(d.Rows), Appended: d.Appended, Dropped: d.Appended - int64(len(d.Rows))}, true
}

// AppendRows appends rows (JSON objects) to a dataset, as a run's
// promotion activity would; past Config.MaxRowsPerDataset rows the oldest
// are dropped.
func (s *Service) AppendRows(t Tenant, datasetID string, rows []map[string]any) error {
	norm := make([]map[string]any, 0, len(rows))
	for _, r := range rows {
		m, err := normalizeMap(r)
		if err != nil {
			return err
		}
		if m == nil {
			m = map[string]any{}
		}
		norm = append(norm, m)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.st.peek(t).datasets[datasetID]
	if d == nil {
		return unknown("dataset", datasetID)
	}
	d.Rows = append(d.Rows, norm...)
	d.Appended += int64(len(norm))
	if over := len(d.Rows) - s.cfg.MaxRowsPerDataset; over > 0 {
		d.Rows = slices.Clone(d.Rows[over:])
	}
	return nil
}

// Rows returns a copy of the rows a dataset keeps, oldest first.
func (s *Service) Rows(t Tenant, datasetID string) ([]map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.st.peek(t).datasets[datasetID]
	if d == nil {
		return nil, unknown("dataset", datasetID)
	}
	out := make([]map[string]any, len(d.Rows))
	for i, r := range d.Rows {
		out[i] = cloneMap(r)
	}
	return out, nil
}
