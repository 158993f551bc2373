package emulator

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/zohoaep/zohoaep/emulator/internal/journal"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// metrics counts exchanges for GET /_emulator/metrics. The hot path is a
// read-locked map lookup and an atomic add: no allocation once a
// (service, operation, status) has been seen.
type metrics struct {
	mu         sync.RWMutex
	requests   map[requestKey]*atomic.Uint64
	violations map[violationKey]*atomic.Uint64
}

type requestKey struct {
	service, operation string
	status             int
}

type violationKey struct {
	service, side, rule string
}

// bump adds one to the counter of k in *m, making the map and the
// counter on first use (a nil map reads as empty).
func bump[K comparable](mu *sync.RWMutex, m *map[K]*atomic.Uint64, k K) {
	mu.RLock()
	c := (*m)[k]
	mu.RUnlock()
	if c == nil {
		mu.Lock()
		if *m == nil {
			*m = map[K]*atomic.Uint64{}
		}
		if c = (*m)[k]; c == nil {
			c = new(atomic.Uint64)
			(*m)[k] = c
		}
		mu.Unlock()
	}
	c.Add(1)
}

// observe counts a journaled exchange.
func (m *metrics) observe(e *journal.Entry) {
	bump(&m.mu, &m.requests, requestKey{e.Service, e.Operation, e.Status})
	if e.Verdict != nil {
		for _, v := range e.Verdict.Violations {
			bump(&m.mu, &m.violations, violationKey{e.Service, string(v.Side), v.Rule})
		}
	}
}

// sample is one line of the exposition: labels in order, and a value.
type sample struct {
	labels []string // name, value, name, value, ...
	value  uint64
}

func snapshot[K comparable](mu *sync.RWMutex, m map[K]*atomic.Uint64, labels func(K) []string) []sample {
	mu.RLock()
	out := make([]sample, 0, len(m))
	for k, c := range m {
		out = append(out, sample{labels(k), c.Load()})
	}
	mu.RUnlock()
	slices.SortFunc(out, func(a, b sample) int { return slices.Compare(a.labels, b.labels) })
	return out
}

// WriteMetrics writes the emulator's metrics in the Prometheus text
// exposition format (version 0.0.4).
func (e *Emulator) WriteMetrics(w io.Writer) error {
	var b strings.Builder
	family := func(name, kind, help string, samples []sample) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, kind)
		for _, s := range samples {
			b.WriteString(name)
			if len(s.labels) > 0 {
				b.WriteByte('{')
				for i := 0; i < len(s.labels); i += 2 {
					if i > 0 {
						b.WriteByte(',')
					}
					b.WriteString(s.labels[i])
					b.WriteString(`="`)
					b.WriteString(escapeLabel(s.labels[i+1]))
					b.WriteByte('"')
				}
				b.WriteByte('}')
			}
			b.WriteByte(' ')
			b.WriteString(strconv.FormatUint(s.value, 10))
			b.WriteByte('\n')
		}
	}
	m := &e.metrics
	family("zohoaep_requests_total", "counter", "Exchanges answered, by service, contract operation and HTTP status.",
		snapshot(&m.mu, m.requests, func(k requestKey) []string {
			return []string{"service", cmp.Or(k.service, "none"), "operation", k.operation, "status", strconv.Itoa(k.status)}
		}))
	family("zohoaep_contract_violations_total", "counter", "Contract rules broken, by service, side (request or response) and rule.",
		snapshot(&m.mu, m.violations, func(k violationKey) []string {
			return []string{"service", cmp.Or(k.service, "none"), "side", k.side, "rule", k.rule}
		}))
	family("zohoaep_journal_entries", "gauge", "Exchanges the request journal holds.", []sample{{value: uint64(e.journal.Len())}})
	family("zohoaep_journal_capacity", "gauge", "Exchanges the request journal can hold.", []sample{{value: uint64(e.journal.Size())}})
	tokens := map[string]uint64{"access": 0, "refresh": 0}
	for _, t := range e.accounts.Tokens(zohoaccounts.TokenFilter{}) {
		tokens[t.Kind]++
	}
	var live []sample
	for _, kind := range slices.Sorted(maps.Keys(tokens)) {
		live = append(live, sample{[]string{"kind", kind}, tokens[kind]})
	}
	family("zohoaep_zoho_tokens", "gauge", "Live Zoho Accounts tokens, by kind (access or refresh).", live)
	var fired uint64
	for _, r := range e.faults.List() {
		fired += uint64(r.Fired)
	}
	family("zohoaep_faults_fired_total", "counter", "Answers replaced or cut by fault rules (rules still listed).", []sample{{value: fired}})
	if e.stored != nil {
		st := e.stored.commits.Stats()
		family("zohoaep_datadir_commits_total", "counter", "Group commits begun in the data dir.", []sample{{value: st.Commits}})
		family("zohoaep_datadir_writes_total", "counter", "Group commits that wrote and fsynced a changed part.", []sample{{value: st.Writes}})
		family("zohoaep_datadir_failures_total", "counter", "Group commits that failed.", []sample{{value: st.Failed}})
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// escapeLabel escapes a label value as the text format requires.
func escapeLabel(s string) string {
	if !strings.ContainsAny(s, "\\\"\n") {
		return s
	}
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}
