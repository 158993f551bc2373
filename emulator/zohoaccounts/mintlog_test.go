package zohoaccounts

import (
	"encoding/binary"
	"encoding/json"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// oldWindow is the bookkeeping mintLog replaced: every time in the window,
// trimmed from the front (it assumed sorted times).
type oldWindow []time.Time

func (w oldWindow) trim(now time.Time) oldWindow {
	cut := now.Add(-tokenWindow)
	i := 0
	for i < len(w) && !w[i].After(cut) {
		i++
	}
	return w[i:]
}

// reference counts the times in the exact window and in the whole-second
// window mintSeconds keeps.
func reference(all []time.Time, now time.Time) (exact, seconds int) {
	for _, t := range all {
		if t.After(now.Add(-tokenWindow)) {
			exact++
		}
		if unixSecond(t) > unixSecond(now)-windowSeconds {
			seconds++
		}
	}
	return exact, seconds
}

// drive runs the throttle rule on a forward-moving clock, steps giving the
// gaps between attempts, against the old slice and the reference counts.
func drive(t *testing.T, limit int, steps []time.Duration) {
	t.Helper()
	start := time.Date(2026, 11, 30, 5, 0, 0, 123, time.UTC)
	now := start
	var log mintLog
	var old oldWindow
	var all []time.Time
	for i, step := range steps {
		now = now.Add(step)
		exact, seconds := reference(all, now)
		if log.secs == nil {
			if limit <= exactMints {
				require.Equal(t, len(old.trim(now)) >= limit, log.full(now, limit), "attempt %d: the old rule's answer", i)
			} else {
				require.Equal(t, exact, log.count(now), "attempt %d: exact count", i)
			}
		} else {
			require.Greater(t, limit, exactMints, "only raised limits count per second")
			require.Equal(t, seconds, log.count(now), "attempt %d: per-second count", i)
		}
		if !log.full(now, limit) {
			log.add(now, limit)
			old = append(old.trim(now), now)
			all = append(all, now)
		}
		require.LessOrEqual(t, len(log.times), ringSize(limit), "the ring never grows past its size")
	}
}

func TestMintLogMatchesTheOldRule(t *testing.T) {
	tests := []struct {
		name  string
		limit int
		steps []time.Duration
	}{
		{"Zoho's 10, a burst then waits", 10, repeat(30, 0, time.Minute, 2*time.Second, 11*time.Minute, 59*time.Second)},
		{"Zoho's 10, one a minute", 10, repeat(40, time.Minute)},
		{"Zoho's 10, on the window's edge", 10, repeat(40, time.Minute, 0, 0, 0, 4*time.Minute)},
		{"a limit of 1", 1, repeat(20, 5*time.Minute, 10*time.Minute, 0)},
		{"a limit of 3, frozen clock", 3, repeat(10, 0)},
		{"exactMints", exactMints, repeat(400, time.Second, 0, 3*time.Second, 7*time.Minute)},
		{"raised, never past exactMints", 1 << 30, repeat(300, 10*time.Second)},
		{"raised, bursts past exactMints", 1 << 30, repeat(2000, 0, time.Millisecond, 300*time.Millisecond, 0, 2*time.Second)},
		{"raised, bursts, then quiet, then exact again", 1000, append(repeat(800, 10*time.Millisecond), repeat(50, 11*time.Minute, time.Second)...)},
		{"raised limit reached per second", 100, repeat(600, time.Millisecond)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { drive(t, tt.limit, tt.steps) })
	}
}

// repeat cycles gaps until n steps.
func repeat(n int, gaps ...time.Duration) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = gaps[i%len(gaps)]
	}
	return out
}

// TestMintLogIsBounded: a raised limit keeps at most exactMints times or
// 600 per-second slots however many mints a window holds.
func TestMintLogIsBounded(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	var log mintLog
	for range 200_000 {
		now = now.Add(500 * time.Microsecond)
		require.False(t, log.full(now, 1<<30))
		log.add(now, 1<<30)
	}
	assert.Nil(t, log.times)
	require.NotNil(t, log.secs)
	assert.Equal(t, 200_000, log.count(now), "100 s of mints, all in the window")
	assert.Less(t, int(unsafe.Sizeof(*log.secs)), 8<<10)
	now = now.Add(tokenWindow)
	assert.Equal(t, 0, log.count(now))
	log.add(now, 1<<30)
	assert.Nil(t, log.secs, "an empty window counts exactly again")
	assert.Len(t, log.times, 1)
}

// TestMintSecondsAfterSetBack: after the clock is set back, the counts are
// recomputed, and later mints still count, as before.
func TestMintSecondsAfterSetBack(t *testing.T) {
	base := time.Unix(1_800_000_000, 0)
	var log mintLog
	for i := range 100 {
		log.add(base.Add(time.Duration(i)*time.Millisecond), 1<<20)
	}
	require.NotNil(t, log.secs)
	assert.Equal(t, 100, log.count(base.Add(-time.Hour)), "mints after the cut count")
	assert.Equal(t, 0, log.count(base.Add(time.Hour)))
	assert.Equal(t, 100, log.count(base.Add(time.Minute)))
}

// TestMintLogExportRoundTrip: an export imports to the same answers, in
// both forms, and the exact form is the document's old one.
func TestMintLogExportRoundTrip(t *testing.T) {
	now := time.Date(2026, 11, 30, 5, 0, 0, 0, time.UTC)
	for _, limit := range []int{10, exactMints + 1, 1 << 30} {
		var log mintLog
		var times []time.Time
		for i := range 150 {
			at := now.Add(time.Duration(i) * 100 * time.Millisecond)
			if !log.full(at, limit) {
				log.add(at, limit)
				times = append(times, at)
			}
		}
		exact, seconds := log.export()
		if limit == 10 {
			require.Nil(t, seconds)
			assert.Equal(t, times[len(times)-10:], exact, "the newest ten, oldest first, in UTC")
		} else {
			require.Nil(t, exact)
			require.NotEmpty(t, seconds)
		}
		b, err := json.Marshal(refreshToken{Mints: exact, MintSeconds: seconds})
		require.NoError(t, err)
		var doc refreshToken
		require.NoError(t, json.Unmarshal(b, &doc))
		back := importMints(doc.Mints, doc.MintSeconds, limit)
		for _, d := range []time.Duration{0, time.Second, 5 * time.Minute, 10 * time.Minute, 11 * time.Minute} {
			at := now.Add(15*time.Second + d)
			assert.Equal(t, log.count(at), back.count(at), "limit %d, %s later", limit, d)
			assert.Equal(t, log.count(at), doc.MintsInWindow(at), "what the console shows, limit %d, %s later", limit, d)
		}
	}
}

// TestMintLogImportsOldDocuments: a document written before this type,
// with every mint of the window, imports to the same throttle.
func TestMintLogImportsOldDocuments(t *testing.T) {
	now := time.Date(2026, 11, 30, 5, 0, 0, 0, time.UTC)
	var old []time.Time
	for i := range 500 {
		old = append(old, now.Add(time.Duration(i)*time.Second))
	}
	end := old[len(old)-1]
	ten := importMints(old, nil, 10)
	assert.Len(t, ten.times, 10)
	assert.True(t, ten.full(end, 10))
	raised := importMints(old, nil, 1000)
	require.NotNil(t, raised.secs)
	assert.Equal(t, 500, raised.count(end))
	assert.False(t, raised.full(end, 1000))
	// Per-second counts imported under a limit that keeps exact times.
	small := importMints(nil, []mintSecond{{Second: now, Count: 7}, {Second: now.Add(time.Second), Count: 5}}, 10)
	assert.Equal(t, 10, small.count(now.Add(time.Second)))
	assert.Nil(t, small.secs)
}

// FuzzMintLog drives the log with gaps from the input against the old rule
// and the reference counts.
func FuzzMintLog(f *testing.F) {
	f.Add(uint16(10), []byte{0, 0, 0, 0, 1, 2, 3, 200, 200, 0, 0})
	f.Add(uint16(1000), []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255})
	f.Add(uint16(65), []byte{1, 0, 1, 0, 1, 0, 1, 0})
	f.Fuzz(func(t *testing.T, limit uint16, gaps []byte) {
		if limit == 0 || len(gaps) > 4000 {
			return
		}
		steps := make([]time.Duration, 0, len(gaps)/2)
		for len(gaps) >= 2 {
			// Up to about 18 minutes, in units of 16 ms.
			steps = append(steps, time.Duration(binary.LittleEndian.Uint16(gaps))*16*time.Millisecond)
			gaps = gaps[2:]
		}
		drive(t, int(limit), steps)
	})
}

func TestCodeMintsInWindow(t *testing.T) {
	now := time.Date(2026, 11, 30, 5, 0, 0, 0, time.UTC)
	st := State{
		CodeMints:       map[string][]time.Time{"exact": {now.Add(-11 * time.Minute), now.Add(-time.Minute), now}},
		CodeMintSeconds: map[string][]mintSecond{"counted": {{Second: now.Add(-20 * time.Minute), Count: 9}, {Second: now.Add(-time.Second), Count: 70}}},
	}
	assert.Equal(t, 2, st.CodeMintsInWindow("exact", now), "the one 11 minutes ago is out")
	assert.Equal(t, 70, st.CodeMintsInWindow("counted", now))
	assert.Zero(t, st.CodeMintsInWindow("none", now))
}
