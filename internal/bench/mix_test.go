package bench

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseMix(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Mix
		err  string
	}{
		{in: "refresh", want: Mix{{Refresh, 1}}},
		{in: " refresh=3 , crm-page=1,", want: Mix{{Refresh, 3}, {CRMPage, 1}}},
		{in: "refresh=0,flow-explore=2", want: Mix{{FlowExplore, 2}}},
		{in: DefaultMix.String(), want: DefaultMix},
		{in: "", err: "no kind"},
		{in: "refresh=0", err: "no kind"},
		{in: "bare", err: "unknown kind"},
		{in: "token", err: "unknown kind"},
		{in: "refresh=-1", err: "whole number"},
		{in: "refresh=x", err: "whole number"},
		{in: "refresh=2000000", err: "whole number"},
		{in: "refresh,refresh=2", err: "twice"},
	} {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseMix(tt.in)
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestMixPickFollowsWeights(t *testing.T) {
	m := Mix{{Refresh, 3}, {CRMPage, 1}}
	counts := map[Kind]int{}
	for r := range m.total() {
		counts[m.pick(r)]++
	}
	assert.Equal(t, map[Kind]int{Refresh: 3, CRMPage: 1}, counts)
	assert.True(t, m.Has(CRMPage))
	assert.False(t, m.Has(FlowExplore))
}

func FuzzParseMix(f *testing.F) {
	for _, s := range []string{"refresh", DefaultMix.String(), "crm-page=0", "refresh=1,,", "=", "refresh==2", "flow-explore=999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMix(s)
		if err != nil {
			return
		}
		require.NotEmpty(t, m)
		again, err := ParseMix(m.String())
		require.NoError(t, err, "a parsed mix reads back")
		assert.Equal(t, m, again)
		assert.Positive(t, m.total())
	})
}
