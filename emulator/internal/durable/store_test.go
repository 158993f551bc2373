package durable

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStoreRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	require.NoError(t, err)
	parts, err := s.Load()
	require.NoError(t, err)
	assert.Empty(t, parts)
	require.NoError(t, s.Write(map[string][]byte{"a": []byte(`{"x":1}`), "b": []byte(`[]`)}))
	require.NoError(t, s.Write(map[string][]byte{"a": []byte(`{"x":2}`)}))
	require.NoError(t, s.SetMeta("key", []byte("k1")))
	assert.Error(t, s.SetMeta("format", []byte("2")), "the layout version is not for callers")
	v, err := s.Meta("nothing")
	require.NoError(t, err)
	assert.Nil(t, v)

	_, err = Open(dir)
	assert.ErrorIs(t, err, ErrLocked, "a second opener is refused, not blocked")
	require.NoError(t, s.Close())

	s, err = Open(dir)
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.Check())
	parts, err = s.Load()
	require.NoError(t, err)
	assert.Equal(t, map[string][]byte{"a": []byte(`{"x":2}`), "b": []byte(`[]`)}, parts)
	v, err = s.Meta("key")
	require.NoError(t, err)
	assert.Equal(t, []byte("k1"), v)
}

// counterParts are parts exporting the current value of counters.
func counterParts(vals []*atomic.Int64) []Part {
	parts := make([]Part, len(vals))
	for i, v := range vals {
		parts[i] = Part{Name: "p" + strconv.Itoa(i), Export: func() ([]byte, error) {
			return []byte(strconv.FormatInt(v.Load(), 10)), nil
		}}
	}
	return parts
}

func TestCommitterGroupCommit(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	require.NoError(t, err)
	vals := []*atomic.Int64{{}, {}}
	c, err := NewCommitter(s, counterParts(vals), nil, Options{})
	require.NoError(t, err)

	const writers, each = 8, 25
	var wg sync.WaitGroup
	var acked [2]atomic.Int64 // the highest value acknowledged durable per part
	for w := range writers {
		wg.Go(func() {
			part := w % 2
			for range each {
				n := vals[part].Add(1)
				if !assert.NoError(t, c.Commit(1<<part)) {
					return
				}
				for {
					old := acked[part].Load()
					if n <= old || acked[part].CompareAndSwap(old, n) {
						break
					}
				}
			}
		})
	}
	wg.Wait()
	st := c.Stats()
	require.NoError(t, c.Close())
	require.NoError(t, s.Close())
	assert.Less(t, st.Writes, uint64(writers*each), "commits are grouped")

	s, err = Open(dir)
	require.NoError(t, err)
	defer s.Close()
	parts, err := s.Load()
	require.NoError(t, err)
	for i := range vals {
		got, err := strconv.ParseInt(string(parts["p"+strconv.Itoa(i)]), 10, 64)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, got, acked[i].Load(), "part %d lost an acknowledged change", i)
		assert.Equal(t, int64(writers/2*each), got)
	}
}

func TestCommitterSkipsUnchangedParts(t *testing.T) {
	s, err := Open(t.TempDir())
	require.NoError(t, err)
	defer s.Close()
	vals := []*atomic.Int64{{}}
	c, err := NewCommitter(s, counterParts(vals), map[string][]byte{"p0": []byte("0")}, Options{})
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.Commit(All))
	assert.Equal(t, uint64(0), c.Stats().Writes, "the store already holds these bytes")
	vals[0].Store(7)
	require.NoError(t, c.Commit(All))
	assert.Equal(t, uint64(1), c.Stats().Writes)
}

func TestCommitterReportsFailureThenRecovers(t *testing.T) {
	s, err := Open(t.TempDir())
	require.NoError(t, err)
	defer s.Close()
	var broken atomic.Bool
	broken.Store(true)
	parts := []Part{{Name: "p", Export: func() ([]byte, error) {
		if broken.Load() {
			return nil, errors.New("disk on fire")
		}
		return []byte("ok"), nil
	}}}
	c, err := NewCommitter(s, parts, nil, Options{Lazy: time.Hour})
	require.NoError(t, err)
	defer c.Close()
	assert.ErrorContains(t, c.Commit(All), "disk on fire")
	broken.Store(false)
	require.NoError(t, c.Commit(All))
	got, err := s.Load()
	require.NoError(t, err)
	assert.Equal(t, []byte("ok"), got["p"])
}

func TestCommitterTouchIsWrittenLazily(t *testing.T) {
	s, err := Open(t.TempDir())
	require.NoError(t, err)
	defer s.Close()
	vals := []*atomic.Int64{{}}
	c, err := NewCommitter(s, counterParts(vals), nil, Options{Lazy: 10 * time.Millisecond})
	require.NoError(t, err)
	defer c.Close()
	vals[0].Store(5)
	c.Touch(1)
	require.Eventually(t, func() bool {
		got, err := s.Load()
		return err == nil && string(got["p0"]) == "5"
	}, 2*time.Second, 5*time.Millisecond)
}

func TestCommitterCloseWritesEverything(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	require.NoError(t, err)
	vals := []*atomic.Int64{{}, {}}
	c, err := NewCommitter(s, counterParts(vals), nil, Options{Lazy: time.Hour})
	require.NoError(t, err)
	vals[0].Store(3)
	vals[1].Store(4)
	require.NoError(t, c.Close())
	assert.ErrorIs(t, c.Wait(c.Mark(All)), ErrClosed)
	got, err := s.Load()
	require.NoError(t, err)
	require.NoError(t, s.Close())
	assert.Equal(t, "3", string(got["p0"]))
	assert.Equal(t, "4", string(got["p1"]))
}

func TestNewCommitterRejectsBadPartCounts(t *testing.T) {
	s, err := Open(t.TempDir())
	require.NoError(t, err)
	defer s.Close()
	for _, n := range []int{0, 65} {
		_, err := NewCommitter(s, make([]Part, n), nil, Options{})
		assert.Error(t, err, fmt.Sprint(n))
	}
}

func TestCommitterStampSkipsUnmovedTouches(t *testing.T) {
	s, err := Open(t.TempDir())
	require.NoError(t, err)
	defer s.Close()
	var stamp, exports atomic.Int64
	parts := []Part{{
		Name:   "p",
		Export: func() ([]byte, error) { exports.Add(1); return []byte(strconv.FormatInt(stamp.Load(), 10)), nil },
		Stamp:  func() uint64 { return uint64(stamp.Load()) },
	}}
	c, err := NewCommitter(s, parts, nil, Options{Lazy: time.Hour, PollEvery: time.Hour})
	require.NoError(t, err)
	defer c.Close()
	commitTouch := func() {
		c.Touch(All)
		require.NoError(t, c.Commit(0)) // a commit that carries the touch
	}
	commitTouch()
	assert.Equal(t, int64(1), exports.Load(), "the first touch exports")
	commitTouch()
	assert.Equal(t, int64(1), exports.Load(), "the stamp has not moved")
	require.NoError(t, c.Commit(All))
	assert.Equal(t, int64(2), exports.Load(), "a mark always exports")
	stamp.Store(9)
	commitTouch()
	assert.Equal(t, int64(3), exports.Load(), "the stamp moved")
	got, err := s.Load()
	require.NoError(t, err)
	assert.Equal(t, "9", string(got["p"]))
}
