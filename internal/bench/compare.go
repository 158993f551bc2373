package bench

import (
	"context"
	"time"
)

// Plan is a comparison: the emulator and the bare handler driven alike, in
// alternating rounds, so that a shared machine's changing load weighs on
// both.
type Plan struct {
	// Config is each side's whole run; the rounds share its Duration and
	// Requests. Its Progress is not used (see Progress below).
	Config Config
	// Rounds alternate the sides (default 1).
	Rounds int
	// Warmup is unmeasured load on each side first.
	Warmup time.Duration
	// Progress, unless nil, sees each round's progress, named by side.
	Progress func(side string, p Progress)
	// TargetCPU, unless nil, reads the target process's CPU time so far;
	// it is read around each of the emulator's rounds (Result.TargetCPU).
	TargetCPU func() (time.Duration, error)
}

// Compare runs plan against the emulator's fixture and the bare handler's.
func Compare(ctx context.Context, emu, bare *Fixture, plan Plan) (emuRes, bareRes *Result, err error) {
	rounds := max(plan.Rounds, 1)
	emuRes, bareRes = newResult(), newResult()
	sides := []struct {
		name string
		f    *Fixture
		res  *Result
	}{{"bare", bare, bareRes}, {"emulator", emu, emuRes}}
	if plan.Warmup > 0 {
		for _, s := range sides {
			warm := plan.Config
			warm.Duration, warm.Requests, warm.Progress, warm.OnEvery = plan.Warmup, 0, nil, nil
			if _, err := s.f.Run(ctx, warm); err != nil {
				return nil, nil, err
			}
		}
	}
	for i := range rounds {
		for _, s := range sides {
			c := plan.Config
			c.Duration /= time.Duration(rounds)
			if c.Requests > 0 {
				c.Requests = c.Requests/int64(rounds) + int64(btoi(int64(i) < c.Requests%int64(rounds)))
			}
			c.Seed += uint64(i)
			c.Progress = nil
			if plan.Progress != nil {
				name := s.name
				c.Progress = func(p Progress) { plan.Progress(name, p) }
			}
			targetCPU := plan.targetCPU(s.f == emu)
			r, err := s.f.Run(ctx, c)
			if err != nil {
				return nil, nil, err
			}
			r.TargetCPU = targetCPU()
			s.res.Add(r)
		}
	}
	return emuRes, bareRes, nil
}

// targetCPU starts reading the target's CPU time over a round, if asked:
// the function it returns is the time since (0 when unread).
func (p Plan) targetCPU(emulatorSide bool) func() time.Duration {
	if p.TargetCPU == nil || !emulatorSide {
		return func() time.Duration { return 0 }
	}
	before, err := p.TargetCPU()
	return func() time.Duration {
		after, err2 := p.TargetCPU()
		if err != nil || err2 != nil || after < before {
			return 0
		}
		return after - before
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
