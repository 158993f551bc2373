package convert_test

import (
	"bytes"
	"net/url"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts/cassette"
	"github.com/zohoaep/zohoaep/scenarios"
	"github.com/zohoaep/zohoaep/scenarios/convert"
)

// FuzzCassette: any cassette that parses converts into a scenario that
// writes and parses back, or is refused with an error; never a panic,
// never a file the catalogue would refuse.
func FuzzCassette(f *testing.F) {
	seed := func(xs ...cassette.Interaction) {
		var buf bytes.Buffer
		require.NoError(f, (&cassette.Cassette{Version: cassette.Version, Interactions: xs}).Write(&buf))
		f.Add(buf.Bytes())
	}
	seed(consented, exchanged, info, refreshed, info)
	seed(consented, exchanged, refused)
	seed(consented, exchanged, info503, info503)
	seed(imsToken, flowCall("createConnection", "POST", "/data/foundation/flowservice/connections", 200, `{"id":"c"}`),
		flowCall("createFlow", "POST", "/data/foundation/flowservice/flows", 500, `{}`))
	seed(ix("zoho-crm", "listRecords", "GET", "/crm/v8/Leads", "page=1", nil, 200, `{"data":[{}]}`))
	seed(ix("", "", "POST", "/dc/eu/oauth/v2/token", "", url.Values{"grant_type": {"refresh_token"}}, 502, `x`))
	if data, err := os.ReadFile("../../contracts/cassette/testdata/session.json"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"version":1,"interactions":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := cassette.Parse(data)
		if err != nil {
			return
		}
		conv, err := convert.Cassette(c, convert.Options{})
		if err != nil {
			return
		}
		out, err := conv.YAML("fuzz")
		if err != nil {
			t.Fatalf("a converted scenario does not write: %v", err)
		}
		if _, err := scenarios.Parse(out); err != nil {
			t.Fatalf("a converted scenario does not parse: %v\n%s", err, out)
		}
	})
}
