package zohosource

import (
	"bytes"
	"encoding/json"
	"sync"
)

// tokenEntry is what the engine remembers of a connection's last refresh:
// the access token minted, and Zoho's api_domain, valid while the
// connection keeps the accounts URL and refresh token they came from.
type tokenEntry struct {
	accounts, refresh string
	stored            string // the connection's accessToken when it was minted
	token             string
	apiDomain         string
}

// tokenCache holds the entries by tenant and connection id.
type tokenCache struct {
	mu sync.Mutex
	m  map[string]tokenEntry
}

func (c *tokenCache) get(key, accounts, refresh string) (tokenEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || e.accounts != accounts || e.refresh != refresh {
		return tokenEntry{}, false
	}
	return e, true
}

func (c *tokenCache) put(key string, e tokenEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]tokenEntry{}
	}
	c.m[key] = e
}

// jsonUnmarshal decodes with numbers kept as json.Number.
func jsonUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return dec.Decode(v)
}
