package crmdata

import "time"

// DeletedRecord is an entry of a module's deleted-records list (GET
// /crm/{v}/{module}/deleted): records in the recycle bin, newest first.
type DeletedRecord struct {
	ID          string    `json:"id"`
	DisplayName string    `json:"display_name"`
	Type        string    `json:"type"` // "recycle"
	DeletedBy   Ref       `json:"deleted_by"`
	CreatedBy   Ref       `json:"created_by"`
	DeletedTime time.Time `json:"deleted_time"`
}

// Deleted lists a module's deleted records deleted strictly after since
// (zero: all), newest first, from offset; limit 0 means no limit. The
// bool says whether more follow.
func (s *Store) Deleted(orgID, module string, since time.Time, offset, limit int) ([]DeletedRecord, bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, m, err := s.module(orgID, module)
	if err != nil {
		return nil, false, err
	}
	if offset < 0 || limit < 0 {
		return nil, false, badQuery("page")
	}
	var out []DeletedRecord
	skipped := 0
	for i := len(m.deleted) - 1; i >= 0; i-- {
		d := m.deleted[i]
		if !since.IsZero() && !d.DeletedTime.After(since) {
			break // ascending: the rest are older
		}
		if skipped < offset {
			skipped++
			continue
		}
		if limit > 0 && len(out) == limit {
			return out, true, nil
		}
		out = append(out, d)
	}
	return out, false, nil
}

// LastModified is the newest Modified_Time or deletion time in a module
// (zero for an empty module), for answering If-Modified-Since with 304.
func (s *Store) LastModified(orgID, module string) (time.Time, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, m, err := s.module(orgID, module)
	if err != nil {
		return time.Time{}, err
	}
	t := m.newest
	if m.gen > 0 {
		if g := unix(m.modifiedSec(m.gen - 1)); g.After(t) {
			t = g
		}
	}
	return t, nil
}
