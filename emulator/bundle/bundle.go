package bundle

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/zohoaep/zohoaep/emulator/control"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
)

// Version is the bundle format this build writes and reads.
const Version = 1

// Bundle is a running emulator's world and history.
type Bundle struct {
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	Source    string    `json:"source,omitempty"` // the emulator's URL
	// State is the emulator's state document (GET /_emulator/state): every
	// service's data, the clock and the fault rules. It holds secrets, as
	// an export does: keep bundles out of public places.
	State json.RawMessage `json:"state"`
	// Journal is the request journal, oldest first, redacted.
	Journal []journal.Entry `json:"journal,omitempty"`
	// Scenario is the scenario that failed, in a bundle a scenario run
	// left (scenarios.Bundled: the definition, the client, the result);
	// empty in one exported by hand.
	Scenario json.RawMessage `json:"scenario,omitempty"`
}

// Export reads a bundle from the emulator at base through its control API.
func Export(ctx context.Context, client *http.Client, base string, now time.Time) (*Bundle, error) {
	return export(ctx, client, base, now, []string{""}, nil)
}

// ExportTenants reads the bundle of the tenants named from a shared
// emulator: the journal entries of those tenants after sequence number
// after (0: all it keeps), and their part of the state
// (GET /_emulator/state?tenant=...), without the other tenants' data and
// secrets. A tenant's Zoho org id brings its IMS org, whose Adobe
// exchanges the journal holds under that org.
func ExportTenants(ctx context.Context, client *http.Client, base string, now time.Time, after uint64, ids ...string) (*Bundle, error) {
	// The journal holds a tenant's Adobe exchanges under its IMS org; the
	// state export brings that org along itself.
	journalIDs := slices.Clone(ids)
	for _, id := range ids {
		if ims := control.TenantIMSOrg(id); !strings.HasSuffix(id, "@AdobeOrg") && !slices.Contains(journalIDs, ims) {
			journalIDs = append(journalIDs, ims)
		}
	}
	queries := make([]string, len(journalIDs))
	for i, id := range journalIDs {
		queries[i] = fmt.Sprintf("after=%d&tenant=%s", after, url.QueryEscape(id))
	}
	return export(ctx, client, base, now, queries, ids)
}

// export reads a bundle whose journal is the entries the journal queries
// match (GET /_emulator/journal?<query>; "" is all), each once, in order,
// and whose state is the tenants' part (all of it when none).
func export(ctx context.Context, client *http.Client, base string, now time.Time, queries, tenants []string) (*Bundle, error) {
	if client == nil {
		client = http.DefaultClient
	}
	base = strings.TrimRight(base, "/")
	b := &Bundle{Version: Version, CreatedAt: now.UTC(), Source: base}
	seen := map[uint64]bool{}
	for _, q := range queries {
		page, err := get(ctx, client, base+"/_emulator/journal?"+q)
		if err != nil {
			return nil, err
		}
		var j struct {
			Entries []journal.Entry `json:"entries"`
		}
		if err := json.Unmarshal(page, &j); err != nil {
			return nil, fmt.Errorf("journal: %w", err)
		}
		for _, e := range j.Entries {
			if !seen[e.Seq] {
				seen[e.Seq] = true
				b.Journal = append(b.Journal, e)
			}
		}
	}
	slices.SortFunc(b.Journal, func(x, y journal.Entry) int { return cmp.Compare(x.Seq, y.Seq) })
	// The state after the journal, so that the journal does not hold the
	// export's own reading of the state.
	stateURL := base + "/_emulator/state"
	if len(tenants) > 0 {
		stateURL += "?" + url.Values{"tenant": tenants}.Encode()
	}
	state, err := get(ctx, client, stateURL)
	if err != nil {
		return nil, err
	}
	b.State = state
	return b, nil
}

// maxDocument bounds a control-API answer and a bundle, decompressed.
const maxDocument = 512 << 20

func get(ctx context.Context, client *http.Client, url string) (json.RawMessage, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxDocument))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %d %.200s", url, resp.StatusCode, data)
	}
	return data, nil
}

// Write writes the bundle as gzip-compressed JSON.
func (b *Bundle) Write(w io.Writer) error {
	zw := gzip.NewWriter(w)
	enc := json.NewEncoder(zw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(b); err != nil {
		return err
	}
	return zw.Close()
}

// Parse reads a bundle, gzip-compressed or plain JSON, and checks it.
func Parse(data []byte) (*Bundle, error) {
	if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("bundle: %w", err)
		}
		plain, err := io.ReadAll(io.LimitReader(zr, maxDocument+1))
		if err != nil {
			return nil, fmt.Errorf("bundle: %w", err)
		}
		if len(plain) > maxDocument {
			return nil, errors.New("bundle: over 512 MiB")
		}
		data = plain
	}
	var b Bundle
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	if b.Version != Version {
		return nil, fmt.Errorf("bundle: version %d, this build reads %d", b.Version, Version)
	}
	var state map[string]json.RawMessage
	if err := json.Unmarshal(b.State, &state); err != nil || state == nil {
		return nil, errors.New("bundle: state is not a JSON object")
	}
	for i, e := range b.Journal {
		if e.Method == "" || !strings.HasPrefix(e.Path, "/") {
			return nil, fmt.Errorf("bundle: journal entry %d: no method or path", i+1)
		}
	}
	return &b, nil
}

// Failures are the journal's failed exchanges, oldest first: an answer
// of 400 or more, no answer (a cut connection), a Zoho Accounts error
// answered with 200, or a contract violation.
func (b *Bundle) Failures() []journal.Entry {
	var out []journal.Entry
	for _, e := range b.Journal {
		if e.Status >= 400 || e.Status == 0 || e.Verdict != nil && !e.Verdict.OK() || strings.HasPrefix(e.RespBody, `{"error"`) {
			out = append(out, e)
		}
	}
	return out
}
