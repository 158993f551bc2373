package main

import (
	"testing"
	"time"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEnvName(t *testing.T) {
	for flag, want := range map[string]string{
		"addr":               "ZOHOAEP_ADDR",
		"log-level":          "ZOHOAEP_LOG_LEVEL",
		"access-token-mints": "ZOHOAEP_ACCESS_TOKEN_MINTS",
		"data-dir":           "ZOHOAEP_DATA_DIR",
	} {
		assert.Equal(t, want, envName(flag), flag)
	}
}

// probeFlags is a flag set with one flag of each kind the commands use.
type probeFlags struct {
	addr    string
	n       int
	on      bool
	wait    time.Duration
	proxies []string
	records []string
}

func newProbe() (*pflag.FlagSet, *probeFlags) {
	var p probeFlags
	fs := pflag.NewFlagSet("probe", pflag.ContinueOnError)
	fs.StringVar(&p.addr, "addr", "127.0.0.1:9595", "")
	fs.IntVar(&p.n, "journal-size", 0, "")
	fs.BoolVar(&p.on, "empty", false, "")
	fs.DurationVar(&p.wait, "code-lifetime", 0, "")
	fs.StringSliceVar(&p.proxies, "trusted-proxy", nil, "")
	fs.StringArrayVar(&p.records, "crm-records", nil, "")
	fs.Bool("help", false, "")
	return fs, &p
}

func TestApplyEnv(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    probeFlags
		wantErr string
	}{
		{"nothing set keeps the defaults", nil, nil, probeFlags{addr: "127.0.0.1:9595"}, ""},
		{"every kind from the environment", nil, map[string]string{
			"ZOHOAEP_ADDR": "0.0.0.0:9595", "ZOHOAEP_JOURNAL_SIZE": "50", "ZOHOAEP_EMPTY": "true",
			"ZOHOAEP_CODE_LIFETIME": "3m", "ZOHOAEP_TRUSTED_PROXY": "10.0.0.0/8,127.0.0.1",
			"ZOHOAEP_CRM_RECORDS": "Leads=100,Contacts=5",
		}, probeFlags{
			addr: "0.0.0.0:9595", n: 50, on: true, wait: 3 * time.Minute,
			proxies: []string{"10.0.0.0/8", "127.0.0.1"}, records: []string{"Leads=100", "Contacts=5"},
		}, ""},
		{"flags win over the environment", []string{"--addr", "127.0.0.1:1", "--crm-records", "Deals=1"},
			map[string]string{"ZOHOAEP_ADDR": "0.0.0.0:9595", "ZOHOAEP_CRM_RECORDS": "Leads=100", "ZOHOAEP_JOURNAL_SIZE": "7"},
			probeFlags{addr: "127.0.0.1:1", n: 7, records: []string{"Deals=1"}}, ""},
		{"an empty variable is unset", nil, map[string]string{"ZOHOAEP_ADDR": "", "ZOHOAEP_EMPTY": ""},
			probeFlags{addr: "127.0.0.1:9595"}, ""},
		{"other variables are ignored", nil, map[string]string{"ADDR": "x", "ZOHOAEP_HELP": "true", "ZOHOAEP_NO_SUCH": "1"},
			probeFlags{addr: "127.0.0.1:9595"}, ""},
		{"a bad number", nil, map[string]string{"ZOHOAEP_JOURNAL_SIZE": "lots"}, probeFlags{}, `ZOHOAEP_JOURNAL_SIZE="lots" (for --journal-size)`},
		{"a bad boolean", nil, map[string]string{"ZOHOAEP_EMPTY": "sure"}, probeFlags{}, "ZOHOAEP_EMPTY"},
		{"a bad duration", nil, map[string]string{"ZOHOAEP_CODE_LIFETIME": "soon"}, probeFlags{}, "ZOHOAEP_CODE_LIFETIME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, got := newProbe()
			require.NoError(t, fs.Parse(tt.args))
			err := applyEnv(fs, func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, *got)
		})
	}
}

func TestEnvUsage(t *testing.T) {
	fs, _ := newProbe()
	envUsage(fs)
	envUsage(fs) // twice: once per command that shares the flag
	assert.Equal(t, " [$ZOHOAEP_ADDR]", fs.Lookup("addr").Usage)
	assert.Empty(t, fs.Lookup("help").Usage)
}
