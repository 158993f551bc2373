package journal

import (
	"encoding/json"
	"reflect"
	"strconv"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
)

// The ring's records hold no pointer, so that the garbage collector never
// scans the ring: a string field added to record later fails here.
func TestRecordHasNoPointers(t *testing.T) {
	var check func(path string, typ reflect.Type)
	check = func(path string, typ reflect.Type) {
		switch typ.Kind() {
		case reflect.Struct:
			for i := range typ.NumField() {
				check(path+"."+typ.Field(i).Name, typ.Field(i).Type)
			}
		case reflect.Array:
			check(path+"[]", typ.Elem())
		case reflect.Pointer, reflect.UnsafePointer, reflect.String, reflect.Slice, reflect.Map,
			reflect.Interface, reflect.Func, reflect.Chan:
			t.Errorf("%s is a %s: the garbage collector would scan the ring", path, typ.Kind())
		}
	}
	check("record", reflect.TypeFor[record]())
	check("stamp", reflect.TypeFor[stamp]())
	check("strMeta", reflect.TypeFor[strMeta]())
}

// Entries come back from the ring as they went in, whatever their times'
// zones, verdicts and headers; in memory and as the JSON journal API and
// bundles carry them.
func TestEntriesComeBackAsTheyWentIn(t *testing.T) {
	ist := time.FixedZone("IST", 5*3600+1800)
	var fromJSON time.Time
	require.NoError(t, json.Unmarshal([]byte(`"2026-03-01T10:00:00.123456789-07:00"`), &fromJSON))
	for _, tc := range []struct {
		name string
		e    Entry
	}{
		{"empty", Entry{}},
		{"utc", Entry{Time: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), VirtualTime: time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{"local, read from the clock", Entry{Time: time.Now().Round(0), VirtualTime: time.Unix(1700000000, 999999999)}},
		{"fixed zones", Entry{Time: time.Date(2026, 1, 2, 3, 4, 5, 6, ist), VirtualTime: fromJSON}},
		{"far from 1970", Entry{Time: time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), VirtualTime: time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)}},
		{"every string", Entry{
			DurationMS: 1.25, Service: "zoho-crm", Operation: "getRecords", Tenant: "810000001", Client: "1000.X",
			Location: "eu", SourceIP: "192.0.2.1", Method: "GET", Path: "/crm/v2/Leads", Query: "page=2",
			Header: map[string]string{"Authorization": "[REDACTED]", "X-Empty": ""}, Body: "b", Status: 429,
			RespHeader: map[string]string{"Retry-After": "1"}, RespBody: `{"code":"TOO_MANY_REQUESTS"}`, Fault: "rate",
		}},
		{"a verdict without violations", Entry{Verdict: &contracts.Verdict{Contract: "zoho-crm", Operation: "getRecords"}}},
		{"a verdict with no violations, not nil", Entry{Verdict: &contracts.Verdict{Contract: "c", Violations: []contracts.Violation{}}}},
		{"violations", Entry{Verdict: &contracts.Verdict{Contract: "c", Violations: []contracts.Violation{
			{Side: contracts.Request, Rule: "parameter", Where: "page", Message: "must be an integer"},
			{Side: contracts.Response, Rule: "status", Message: "é\x00\n"},
		}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, packed := range []bool{false, true} {
				j := New(3)
				var hooked Entry
				j.OnAdd(func(e Entry) { hooked = e })
				in := tc.e
				if packed {
					j.AddPacked(in, PackedHeader(packMap(nil, in.Header)), PackedHeader(packMap(nil, in.RespHeader)))
				} else {
					j.Add(in)
				}
				in.Seq = 1
				got := j.Query(Filter{})
				require.Len(t, got, 1)
				assert.Equal(t, in, got[0])
				assert.Equal(t, in, hooked)
				want, err := json.Marshal(in)
				require.NoError(t, err)
				have, err := json.Marshal(got[0])
				require.NoError(t, err)
				assert.JSONEq(t, string(want), string(have))

				j.Load(got) // as a bundle brings them back
				assert.Equal(t, got, j.Query(Filter{}))
			}
		})
	}
}

// The monotonic clock reading of time.Now is the one thing dropped.
func TestMonotonicReadingIsDropped(t *testing.T) {
	j := New(1)
	now := time.Now()
	j.Add(Entry{Time: now})
	got := j.Query(Filter{})[0].Time
	assert.True(t, got.Equal(now))
	assert.Equal(t, now.Round(0), got)
}

// Since and Until compare virtual times to the nanosecond.
func TestSinceUntilToTheNanosecond(t *testing.T) {
	j := New(4)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 500, time.UTC)
	for i := range 3 {
		j.Add(Entry{VirtualTime: t0.Add(time.Duration(i))})
	}
	assert.Len(t, j.Query(Filter{Since: t0.Add(1)}), 2)
	assert.Len(t, j.Query(Filter{Since: t0.Add(1).In(time.FixedZone("", -3600))}), 2, "the instant counts, not the zone")
	assert.Len(t, j.Query(Filter{Until: t0.Add(1)}), 2)
	assert.Len(t, j.Query(Filter{Since: t0.Add(1), Until: t0.Add(1)}), 1)
	assert.Empty(t, j.Query(Filter{Since: t0.Add(3)}))
}

// The string table is bounded by the ring: the strings of an entry that
// leaves it are forgotten, and a cleared or loaded journal holds only its
// entries' strings.
func TestStringsLeaveWithTheirEntries(t *testing.T) {
	const size = 8
	j := New(size)
	for i := range 50 * size {
		e := refreshEntry(i)
		e.Path = "/crm/v2/Leads/" + strconv.Itoa(i)
		e.Header = map[string]string{"X-Request": strconv.Itoa(i)}
		e.Verdict.Violations = []contracts.Violation{{Rule: "status", Message: strconv.Itoa(i)}}
		j.Add(e)
		require.LessOrEqual(t, j.seen.n, numFields*size, "after %d entries", i+1)
	}
	assert.LessOrEqual(t, len(j.seen.strs), numFields*size+1, "ids are reused")
	held := map[string]bool{}
	for _, s := range j.seen.strs {
		held[s] = s != ""
	}
	assert.False(t, held["/crm/v2/Leads/0"], "an entry that left took its path along")
	assert.True(t, held["/crm/v2/Leads/"+strconv.Itoa(50*size-1)])

	refs := 0
	for _, m := range j.seen.meta {
		refs += int(m.refs)
	}
	distinct := 0
	for _, r := range j.ring {
		for _, id := range r.strs {
			if id != 0 {
				distinct++
			}
		}
	}
	assert.Equal(t, distinct, refs, "every reference counted once")

	j.Load(j.Query(Filter{Limit: 2}))
	assert.Equal(t, 2, j.Len())
	assert.LessOrEqual(t, j.seen.n, 2*numFields)
	j.Clear()
	assert.Zero(t, j.seen.n)
}

// A header set the journal holds packs without allocating, and a repeated
// exchange is journaled without allocating either.
func TestRepeatedExchangeDoesNotAllocate(t *testing.T) {
	j := New(16)
	e := refreshEntry(0)
	j.AddPacked(e, j.PackHeader(reqHeader, one), j.PackHeader(respHeader, one))
	assert.Equal(t, PackHeader(reqHeader, one), j.PackHeader(reqHeader, one))
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		j.AddPacked(e, j.PackHeader(reqHeader, one), j.PackHeader(respHeader, one))
	}))
	other := map[string][]string{"X-New": {"1"}}
	assert.Equal(t, PackHeader(other, one), j.PackHeader(other, one), "a new set is packed all the same")
}

// The table grows its buckets past the first dedupSlots strings and finds
// every string again after.
func TestTableGrows(t *testing.T) {
	j := New(4 * dedupSlots)
	for i := range 4 * dedupSlots {
		j.Add(Entry{Body: "body " + strconv.Itoa(i)})
	}
	assert.Greater(t, len(j.seen.heads), dedupSlots)
	for i, e := range j.Query(Filter{}) {
		require.Equal(t, "body "+strconv.Itoa(i), e.Body)
	}
	j.Add(Entry{Body: "body 7"}) // the ring is full: "body 0" leaves
	got := j.Query(Filter{})
	assert.Equal(t, "body 1", got[0].Body)
	assert.Same(t, unsafe.StringData(got[6].Body), unsafe.StringData(got[len(got)-1].Body), "one copy of body 7")
}

// Readers and writers at once, for the race detector: the control API and
// the console read while requests are added and the journal is cleared
// or loaded.
func TestConcurrentUse(t *testing.T) {
	j := New(64)
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Go(func() {
			for i := range 2000 {
				e := refreshEntry(i % 100)
				e.Client = "client " + strconv.Itoa(w)
				j.AddPacked(e, j.PackHeader(reqHeader, one), j.PackHeader(respHeader, one))
			}
		})
	}
	wg.Go(func() {
		for i := range 200 {
			for _, e := range j.Query(Filter{Service: "zoho-accounts"}) {
				if e.Service != "zoho-accounts" || e.Header["Content-Type"] == "" {
					t.Errorf("entry %d came back broken: %+v", e.Seq, e)
					return
				}
			}
			j.Newest(Filter{}, 5, func(e *Entry, h func(string) string) bool { return h("User-Agent") != "" })
			switch i % 50 {
			case 10:
				j.Clear()
			case 30:
				j.Load(j.Query(Filter{Limit: 10}))
			}
		}
	})
	wg.Wait()
	all := j.Query(Filter{})
	require.Len(t, all, j.Len())
	for i := 1; i < len(all); i++ {
		assert.Less(t, all[i-1].Seq, all[i].Seq, "oldest first")
	}
}
