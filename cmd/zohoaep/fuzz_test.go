package main

import (
	"net/url"
	"strings"
	"testing"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzApplyEnv: any value of any variable either sets its flag or is
// refused with the variable's name; never a panic, never another flag.
func FuzzApplyEnv(f *testing.F) {
	for _, seed := range []struct{ name, value string }{
		{"ZOHOAEP_ADDR", "0.0.0.0:9595"}, {"ZOHOAEP_JOURNAL_SIZE", "-1"}, {"ZOHOAEP_JOURNAL_SIZE", "1e3"},
		{"ZOHOAEP_EMPTY", "TRUE"}, {"ZOHOAEP_EMPTY", "yes"}, {"ZOHOAEP_CODE_LIFETIME", "1h2m3s"},
		{"ZOHOAEP_TRUSTED_PROXY", `"a,b",c`}, {"ZOHOAEP_TRUSTED_PROXY", `"unclosed`}, {"ZOHOAEP_CRM_RECORDS", ",,"},
	} {
		f.Add(seed.name, seed.value)
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		fs, _ := newProbe()
		err := applyEnv(fs, func(k string) (string, bool) { return value, k == name })
		if err != nil {
			assert.Contains(t, err.Error(), name)
			return
		}
		changed := 0
		fs.Visit(func(fl *pflag.Flag) {
			changed++
			assert.Equal(t, name, envName(fl.Name))
		})
		assert.LessOrEqual(t, changed, 1)
	})
}

// FuzzHealthTarget: whatever --addr and --url say, the target is a URL
// of the health check, or an error.
func FuzzHealthTarget(f *testing.F) {
	for _, seed := range [][2]string{
		{"127.0.0.1:9595", ""}, {"0.0.0.0:9595", ""}, {"[::]:1", ""}, {":9595", ""}, {"9595", ""},
		{"x", "https://emulator:9595/"}, {"", "http://"}, {"[::1", ""}, {"", "ftp://x"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, addr, u string) {
		got, err := healthFlags{addr: addr, url: u}.target()
		if err != nil {
			return
		}
		require.True(t, strings.HasSuffix(got, "/_emulator/health"), got)
		require.True(t, strings.HasPrefix(got, "http://") || strings.HasPrefix(got, "https://"), got)
		parsed, perr := url.Parse(got)
		require.NoError(t, perr, "from --addr %q --url %q", addr, u)
		assert.NotEmpty(t, parsed.Host)
	})
}
