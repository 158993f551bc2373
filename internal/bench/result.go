package bench

import "time"

// Result is what a run saw, kind by kind.
type Result struct {
	Elapsed time.Duration
	// CPU is this process's user and system time during the run: the load
	// generator's, and whatever else the process serves meanwhile.
	CPU time.Duration
	// TargetCPU is the target process's, when Plan.TargetCPU reads it.
	TargetCPU time.Duration
	kinds     map[Kind]*KindResult
}

// KindResult is what a run saw of one kind of request.
type KindResult struct {
	Kind      Kind      `json:"kind"`
	Requests  int64     `json:"requests"`  // sent
	OK        int64     `json:"ok"`        // answered as asked
	Throttled int64     `json:"throttled"` // the vendor's throttle answer
	Failed    int64     `json:"failed"`    // any other answer
	Errors    int64     `json:"errors"`    // no answer: transport errors
	Latency   Histogram `json:"latency"`
	// LastFailure is the last failed answer (status and body excerpt) or
	// transport error.
	LastFailure string `json:"last_failure,omitempty"`
}

func newResult() *Result { return &Result{kinds: map[Kind]*KindResult{}} }

func (r *Result) kind(k Kind) *KindResult {
	kr := r.kinds[k]
	if kr == nil {
		kr = &KindResult{Kind: k}
		r.kinds[k] = kr
	}
	return kr
}

func (r *Result) merge(o *Result) {
	for k, ok := range o.kinds {
		r.kind(k).merge(ok)
	}
}

// Add adds another run (a round) to r, its elapsed time included.
func (r *Result) Add(o *Result) {
	if r.kinds == nil {
		r.kinds = map[Kind]*KindResult{}
	}
	r.merge(o)
	r.Elapsed += o.Elapsed
	r.CPU += o.CPU
	r.TargetCPU += o.TargetCPU
}

// CPUPerRequest is d over the run's requests (0 without any).
func (r *Result) CPUPerRequest(d time.Duration) time.Duration {
	if n := r.Total().Requests; n > 0 {
		return d / time.Duration(n)
	}
	return 0
}

func (kr *KindResult) merge(o *KindResult) {
	kr.Requests += o.Requests
	kr.OK += o.OK
	kr.Throttled += o.Throttled
	kr.Failed += o.Failed
	kr.Errors += o.Errors
	kr.Latency.Merge(&o.Latency)
	if o.LastFailure != "" {
		kr.LastFailure = o.LastFailure
	}
}

// Kinds are the kinds the run sent, in report order (Kinds, then Bare).
func (r *Result) Kinds() []*KindResult {
	var out []*KindResult
	for _, k := range append(append([]Kind{}, Kinds...), Bare) {
		if kr := r.kinds[k]; kr != nil {
			out = append(out, kr)
		}
	}
	return out
}

// Kind is what the run saw of k (zero when it sent none).
func (r *Result) Kind(k Kind) KindResult {
	if kr := r.kinds[k]; kr != nil {
		return *kr
	}
	return KindResult{Kind: k}
}

// Total is every kind together.
func (r *Result) Total() KindResult {
	t := KindResult{Kind: "all"}
	for _, kr := range r.kinds {
		t.merge(kr)
	}
	return t
}

// Rate is kr's requests per second over elapsed.
func (kr *KindResult) Rate(elapsed time.Duration) float64 {
	if elapsed <= 0 {
		return 0
	}
	return float64(kr.Requests) / elapsed.Seconds()
}

// Bad is the number of failed answers and transport errors.
func (kr *KindResult) Bad() int64 { return kr.Failed + kr.Errors }
