package crmdata

import "math/rand/v2"

// Everything generated is a pure function of (seed, module, record
// number): cheap per-record hashes decide times, links and conversion, and
// a PCG seeded per record draws the field values.

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func mix(a, b uint64) uint64 { return splitmix(a ^ splitmix(b)) }

// strhash is FNV-1a.
func strhash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// Salts keep the per-record streams independent.
const (
	saltCreated uint64 = iota + 1
	saltModified
	saltConverted
	saltName
	saltLink
	saltValues
)

// h is record n's hash for one purpose.
func (m *module) h(salt uint64, n int) uint64 { return mix(m.hash^salt*0x9e3779b97f4a7c15, uint64(n)) }

// rng is a PCG without the rand.Rand wrapper (no allocation).
type rng struct{ p rand.PCG }

func newRNG(a, b uint64) rng {
	var r rng
	r.p.Seed(a, splitmix(b))
	return r
}

func (r *rng) u64() uint64 { return r.p.Uint64() }

// intn is uniform enough in [0, n) for n far below 2⁶⁴.
func (r *rng) intn(n int) int { return int(r.p.Uint64() % uint64(n)) }

// between is uniform in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// chance is true pct times in a hundred.
func (r *rng) chance(pct int) bool { return r.intn(100) < pct }

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }
