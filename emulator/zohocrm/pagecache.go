package zohocrm

import (
	"strings"
	"sync"
	"time"

	"github.com/gorilla/mux"

	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
)

// The page cache keeps the rendered records of recent record pages, so
// that a page read again (a connector polling, a test suite reading the
// same page in every test) is served as bytes instead of being generated
// and rendered again. Only the records are cached: the info object, with
// its page tokens and their expiry on the virtual clock, is rendered for
// every read.
//
// A cached page is exact. Its key holds everything rendering depends on
// (org, module, version, fields, sort, filters, range, time zone) and the
// record store's Version, which changes with every write, deletion,
// import or reset of any org's data; so a page is never served from
// records that have changed since it was rendered.

// pageCacheBytes bounds the records held; pages over pageCacheMaxEntry
// are not kept.
const (
	pageCacheBytes    = 8 << 20
	pageCacheMaxEntry = 1 << 20
)

// pageKey is everything a page's records depend on.
type pageKey struct {
	org, module string
	version     uint64 // the store's
	api         Version
	fields      string // canonical names joined by commas; "\x00" for all
	sortBy      string
	desc        bool
	converted   string
	ids         string
	since       int64 // If-Modified-Since, unix nanoseconds; 0 when absent
	offset      int
	limit       int
	tz          string
}

// cachedPage is one page's records: `{"data":[...]` and what its info
// needs to know.
type cachedPage struct {
	data    []byte // never changed once cached
	count   int
	more    bool
	version uint64 // the store's, when read
}

// pageCache is a bounded map of pages, oldest dropped first.
type pageCache struct {
	mu    sync.Mutex
	pages map[pageKey]cachedPage
	order []pageKey
	bytes int
}

func (pc *pageCache) get(k pageKey) (cachedPage, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	p, ok := pc.pages[k]
	return p, ok
}

func (pc *pageCache) put(k pageKey, p cachedPage) {
	if len(p.data) > pageCacheMaxEntry {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.pages == nil {
		pc.pages = map[pageKey]cachedPage{}
	}
	if _, ok := pc.pages[k]; ok {
		return
	}
	for pc.bytes+len(p.data) > pageCacheBytes && len(pc.order) > 0 {
		old := pc.order[0]
		pc.order = pc.order[1:]
		pc.bytes -= len(pc.pages[old].data)
		delete(pc.pages, old)
	}
	pc.pages[k] = p
	pc.order = append(pc.order, k)
	pc.bytes += len(p.data)
}

// keyOf is the cache key of a records read.
func keyOf(orgID, module string, version uint64, v Version, p listParams, names []string, offset int, tz *time.Location) pageKey {
	fields := "\x00"
	if names != nil {
		fields = strings.Join(names, ",")
	}
	var since int64
	if !p.Since.IsZero() {
		since = p.Since.UnixNano()
	}
	return pageKey{
		org: orgID, module: module, version: version, api: v, fields: fields,
		sortBy: p.SortBy, desc: p.SortOrder == "desc", converted: p.Converted,
		ids: strings.Join(p.IDs, ","), since: since, offset: offset, limit: p.PerPage, tz: tz.String(),
	}
}

// readFields are a records read's module and fields, resolved.
type readFields struct {
	module *crmdata.Module // shared: never changed
	fields []crmdata.Field // shared: never changed
	names  []string        // canonical; nil for all
	bound  string          // names sorted and joined for a page token's binding ("*": all)
	// version is the store's Version they were resolved at.
	version uint64
}

// fieldsKey is what resolving a read's module and fields depends on.
type fieldsKey struct {
	org, module string // the module as the path names it
	version     uint64 // the store's
	api         Version
	fields      string // the names asked for; "\x00" for all
}

// fieldsCache holds resolved reads; it is emptied when full.
type fieldsCache struct {
	mu sync.Mutex
	m  map[fieldsKey]readFields
}

const maxFieldsCache = 1024

// readFields resolves the module a records read names and the fields it
// asks for (s.module, then s.pick), or answers from the cache.
func (s *Service) readFields(c *call, asked []string) (readFields, error) {
	k := fieldsKey{org: c.org.OrgID, module: mux.Vars(c.r)["module"], version: s.data.Version(), api: c.v, fields: "\x00"}
	if asked != nil {
		k.fields = strings.Join(asked, ",")
	}
	fc := &s.fields
	fc.mu.Lock()
	rf, ok := fc.m[k]
	fc.mu.Unlock()
	if ok {
		return rf, nil
	}
	m, err := s.module(c)
	if err != nil {
		return readFields{}, err
	}
	fields, names, err := s.pick(c.v, m, asked)
	if err != nil {
		return readFields{}, err
	}
	rf = readFields{module: &m, fields: fields, names: names, bound: "*", version: k.version}
	if names != nil {
		rf.bound = strings.Join(sortedCopy(names), ",")
	}
	if k.version != s.data.Version() {
		return rf, nil // the module may have changed while it was read
	}
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if fc.m == nil || len(fc.m) >= maxFieldsCache {
		fc.m = map[fieldsKey]readFields{}
	}
	fc.m[k] = rf
	return rf, nil
}
