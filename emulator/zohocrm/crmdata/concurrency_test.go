package crmdata

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConcurrentUse(t *testing.T) {
	s := newStore(t)
	by := writer(t, s)
	before, _ := s.Count(testOrg, Contacts, Query{})
	var created, deleted atomic.Int64
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 50 {
				now := testNow.Add(time.Duration(w*1000+i) * time.Second)
				r, err := s.Create(testOrg, Contacts, map[string]any{"Last_Name": fmt.Sprint("W", w, "-", i)}, by, now)
				if !assert.NoError(t, err) {
					return
				}
				created.Add(1)
				_, err = s.Update(testOrg, Contacts, r.ID, map[string]any{"Title": "CTO"}, by, now.Add(time.Second))
				assert.NoError(t, err)
				if i%3 == 0 {
					assert.NoError(t, s.Delete(testOrg, Contacts, r.ID, by, now.Add(2*time.Second)))
					deleted.Add(1)
				}
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for i := range 50 {
				p, err := s.List(testOrg, Contacts, Query{SortBy: "Modified_Time", Desc: i%2 == 0, Offset: i * 7, Limit: 20})
				if assert.NoError(t, err) && len(p.Records) > 0 {
					p.Records[0].Values["Last_Name"] = "scribbled on a copy"
				}
				_, err = s.Count(testOrg, Contacts, Query{ModifiedSince: testNow})
				assert.NoError(t, err)
				_, _, err = s.Deleted(testOrg, Contacts, time.Time{}, 0, 10)
				assert.NoError(t, err)
			}
		})
	}
	wg.Go(func() {
		for range 5 {
			_ = s.Export()
			spec := testSpec()
			spec.OrgID = "810000002"
			spec.Prefix = ""
			assert.NoError(t, s.PutOrg(spec))
			s.DropOrg("810000002")
		}
	})
	wg.Wait()
	after, err := s.Count(testOrg, Contacts, Query{})
	require.NoError(t, err)
	assert.Equal(t, before+int(created.Load()-deleted.Load()), after)
	n, _ := s.Count(testOrg, Contacts, Query{ModifiedSince: testNow})
	assert.Equal(t, int(created.Load()-deleted.Load()), n)
	p, _ := s.List(testOrg, Contacts, Query{ModifiedSince: testNow})
	for _, r := range p.Records {
		assert.NotEqual(t, "scribbled on a copy", r.Values["Last_Name"])
	}
}
