package crmdata

import "time"

// Generated record n's times are O(1) functions of n, increasing with n,
// so queries over the generated part are binary searches:
//
//	base(n) = From + n·span/gen     (seconds)
//	Created(n)  ∈ [base(n), base(n) + s/2)        s = base(n+1) − base(n)
//	Modified(n) ∈ [Created(n), base(n+1))
//
// hence Created and Modified are non-decreasing in n, lie in [From, To),
// and Modified(n) ≤ Created(n+1). Ids grow with n, so (key, id) strictly
// increases for every sort key.

func (m *module) base(n int) int64 {
	if m.gen == 0 {
		return m.from
	}
	return m.from + int64(uint64(n)*uint64(m.span)/uint64(m.gen))
}

func (m *module) createdSec(n int) int64 {
	b0, b1 := m.base(n), m.base(n+1)
	if s := b1 - b0; s >= 2 {
		return b0 + int64(m.h(saltCreated, n)%uint64(s/2))
	}
	return b0
}

func (m *module) modifiedSec(n int) int64 {
	c, b1 := m.createdSec(n), m.base(n+1)
	rem := b1 - c
	h := m.h(saltModified, n)
	if rem <= 0 || h%10 < 3 { // three in ten never edited
		return c
	}
	return c + int64((h>>8)%uint64(rem))
}

func unix(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

// keySec is generated record n's time for sort key k (keyID has none).
func (m *module) keySec(k, n int) int64 {
	switch k {
	case keyCreated:
		return m.createdSec(n)
	case keyModified:
		return m.modifiedSec(n)
	}
	return 0
}

// Leads: one generated lead in each block of ten is converted, at a
// position the block's hash picks, so counting converted leads below n is
// O(1).
const convertBlock = 10

func (m *module) convertPos(b int) int { return int(m.h(saltConverted, b) % convertBlock) }

func (m *module) converted(n int) bool { return n%convertBlock == m.convertPos(n/convertBlock) }

// convertedBelow counts converted generated leads numbered below n.
func (m *module) convertedBelow(n int) int {
	c := n / convertBlock
	if m.convertPos(n/convertBlock) < n%convertBlock {
		c++
	}
	return c
}
