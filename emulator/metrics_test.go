package emulator_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dto "github.com/prometheus/client_model/go"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/emulatortest"
)

// scrape reads /_emulator/metrics and parses it as Prometheus would.
func scrape(t *testing.T, e *emulator.Emulator) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(e.URL() + "/_emulator/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "text/plain; version=0.0.4; charset=utf-8", resp.Header.Get("Content-Type"))
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(string(body)))
	require.NoError(t, err, "%s", body)
	return families
}

// value is the sample of family whose labels include want, or -1.
func value(families map[string]*dto.MetricFamily, family string, want map[string]string) float64 {
	f, ok := families[family]
	if !ok {
		return -1
	}
next:
	for _, m := range f.GetMetric() {
		got := map[string]string{}
		for _, l := range m.GetLabel() {
			got[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if got[k] != v {
				continue next
			}
		}
		if m.GetCounter() != nil {
			return m.GetCounter().GetValue()
		}
		return m.GetGauge().GetValue()
	}
	return -1
}

func TestMetrics(t *testing.T) {
	e := emulatortest.New(t, emulatortest.AllowRequestViolations(),
		emulatortest.WithOptions(emulator.Options{Seed: emulator.Demo(), DataDir: t.TempDir()}))
	c := e.HTTPClient()
	for range 3 {
		resp, err := c.Get(e.URL() + "/oauth/serverinfo")
		require.NoError(t, err)
		resp.Body.Close()
	}
	code := selfClientCode(t, e)
	resp, err := c.PostForm(e.URL()+"/oauth/v2/token", exchangeForm(code))
	require.NoError(t, err)
	resp.Body.Close()
	// A request that breaks the contract: a CRM call without its token.
	resp, err = c.Get(e.URL() + "/crm/v8/Leads?per_page=abc")
	require.NoError(t, err)
	resp.Body.Close()

	m := scrape(t, e)
	assert.Equal(t, 3.0, value(m, "zohoaep_requests_total", map[string]string{"service": "zoho-accounts", "operation": "serverInfo", "status": "200"}))
	assert.Equal(t, 1.0, value(m, "zohoaep_requests_total", map[string]string{"service": "zoho-accounts", "status": "200", "operation": "token"}))
	assert.Positive(t, value(m, "zohoaep_contract_violations_total", map[string]string{"service": "zoho-crm", "side": "request"}))
	assert.Equal(t, 2.0, value(m, "zohoaep_zoho_tokens", map[string]string{"kind": "access"})+value(m, "zohoaep_zoho_tokens", map[string]string{"kind": "refresh"}))
	assert.Equal(t, 5.0, value(m, "zohoaep_journal_entries", nil), "the scrape itself is journaled after it answers")
	assert.Positive(t, value(m, "zohoaep_datadir_writes_total", nil))
	assert.Equal(t, 0.0, value(m, "zohoaep_faults_fired_total", nil))

	again := scrape(t, e)
	assert.Equal(t, 1.0, value(again, "zohoaep_requests_total", map[string]string{"service": "control", "operation": "metrics", "status": "200"}))
}
