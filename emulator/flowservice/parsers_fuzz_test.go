package flowservice

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzReadExplore holds explore's query reader to: no panic; an accepted
// query has a known object type, lower-cased, and a table names its object.
func FuzzReadExplore(f *testing.F) {
	for _, s := range []string{
		"objectType=table&object=Leads", "objectType=root", "objectType=TABLE&object=Leads&preview=true",
		"objectType=table", "objectType=", "objectType=bogus", "objectType=table&object=Leads&preview=maybe",
		"objectType=file&object=a.csv&fileType=Delimited&compressionType=gzip", "object=Leads", "objectType=table&objectType=root",
		"%zz", "objectType=rest&filters=" + url.QueryEscape("ZW1haWwgbGlrZSAnJWEn"),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := readExplore(v)
		if err != nil {
			return
		}
		assert.True(t, objectTypes[q.ObjectType], "%q", q.ObjectType)
		if q.ObjectType == "table" {
			assert.NotEmpty(t, q.Object)
		}
	})
}

// FuzzPageToken holds the list page token (continuationToken) to: no
// panic on any string; a token read back writes the same token, and its
// offset and limit are never negative.
func FuzzPageToken(f *testing.F) {
	for _, t := range []pageToken{{Kind: "connections", Offset: 20, Limit: 10}, {Kind: "flows", Props: []string{"name==x"}, Sort: "desc:createdAt"}, {}} {
		f.Add(encodePageToken(t))
	}
	for _, s := range []string{"", "!!", "eyJrIjoiYSIsIm8iOi0xfQ", "eyJrIjoiYSIsIm8iOjEsIngiOjF9", "bnVsbA", "W10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tok, ok := decodePageToken(s)
		if !ok {
			return
		}
		assert.GreaterOrEqual(t, tok.Offset, 0)
		assert.GreaterOrEqual(t, tok.Limit, 0)
		again := encodePageToken(tok)
		back, ok := decodePageToken(again)
		require.True(t, ok, "a token's own encoding reads back")
		assert.Equal(t, again, encodePageToken(back))
		assert.Equal(t, tok.Offset, back.Offset)
	})
}

// FuzzReadSchedule holds a flow's scheduleParams reader to: no panic on
// any JSON object; an accepted schedule has a known frequency, an interval
// at or above its minimum (none for "once"), and a start time from the
// document.
func FuzzReadSchedule(f *testing.F) {
	for _, s := range []string{
		`{"startTime":1700000000,"frequency":"hour","interval":1}`,
		`{"startTime":"1700000000","frequency":"minute","interval":"15","backfill":true}`,
		`{"startTime":1700000000,"frequency":"minute","interval":5}`,
		`{"startTime":1700000000,"frequency":"once"}`,
		`{"startTime":1700000000,"frequency":"once","interval":1}`,
		`{"startTime":-1,"frequency":"day","interval":1}`,
		`{"startTime":1.5,"frequency":"week","interval":1}`,
		`{"startTime":1e30,"frequency":"day","interval":1e30}`,
		`{"frequency":"hour"}`, `{}`, `{"startTime":null,"frequency":null}`,
		`{"startTime":1700000000,"frequency":"fortnight","interval":1}`,
		`{"startTime":1700000000,"frequency":"hour","interval":1,"backfill":"yes"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		var p map[string]any
		if json.Unmarshal([]byte(doc), &p) != nil {
			return
		}
		sched, err := readSchedule(p)
		if err != nil {
			return
		}
		if sched.Frequency == FrequencyOnce {
			assert.Zero(t, sched.Interval)
			return
		}
		least, known := minInterval[sched.Frequency]
		require.True(t, known, "%q", sched.Frequency)
		assert.GreaterOrEqual(t, sched.Interval, least)
		assert.False(t, sched.StartTime.IsZero())
	})
}
