package flowservice

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIDsAndEtags: ids are lowercase UUIDv4, distinct; etags are Cosmos
// etags whose tail is the write's Unix seconds.
func TestIDsAndEtags(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := newUUID()
		require.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, id)
		require.False(t, seen[id])
		seen[id] = true
	}
	assert.Regexp(t, `^[0-9a-f]{24}$`, newHexID(12))
	assert.Regexp(t, `^[0-9a-f]{32}$`, newHexID(16))

	at := time.Unix(0x5e96785b, 0)
	e := newEtag(at)
	assert.Regexp(t, etagPattern, e)
	assert.Regexp(t, `-0000-0200-0000-5e96785b0000"$`, e)
	assert.NotEqual(t, e, newEtag(at), "two writes in one second differ")
}

// TestIfMatch: quoted, unquoted, weak and escaped forms of the current
// etag match; anything else is stale; nothing is missing.
func TestIfMatch(t *testing.T) {
	const cur = `"10033e77-0000-0200-0000-5e96785b0000"`
	tests := []struct {
		header []string
		code   string
	}{
		{[]string{cur}, ""},
		{[]string{`10033e77-0000-0200-0000-5e96785b0000`}, ""},
		{[]string{` "10033e77-0000-0200-0000-5e96785b0000" `}, ""},
		{[]string{`W/"10033e77-0000-0200-0000-5e96785b0000"`}, ""},
		{[]string{`"\"10033e77-0000-0200-0000-5e96785b0000\""`}, ""},
		{[]string{`""10033e77-0000-0200-0000-5e96785b0000""`}, ""},
		{[]string{`"10033e77-0000-0200-0000-5e96785b0001"`}, "1404-412"},
		{[]string{`*`}, "1404-412"},
		{[]string{""}, "1403-400"},
		{nil, "1403-400"},
	}
	for _, tt := range tests {
		err := ifMatch(tt.header, cur)
		if tt.code == "" {
			assert.NoError(t, err, "%q", tt.header)
			continue
		}
		var fe *Error
		require.True(t, errors.As(err, &fe), "%q", tt.header)
		assert.Equal(t, tt.code, fe.Code, "%q", tt.header)
	}
}

// TestErrorBody: the documented FLOW-1439-404 body, key for key.
func TestErrorBody(t *testing.T) {
	e := errNotFound("flows", "84224def-1e2a-4d95-9ea2-132d697ed2aa").withRequest("{REQUEST_ID}")
	msg := "The requested flows resource 84224def-1e2a-4d95-9ea2-132d697ed2aa is not found. Verify the resource ID before trying again."
	assert.Equal(t, errorBody{
		Type: "https://ns.adobe.com/aep/errors/FLOW-1439-404", Title: "Resource not found", Status: 404,
		Report:       report{DetailedMessage: msg, ID: "84224def-1e2a-4d95-9ea2-132d697ed2aa", RequestID: "{REQUEST_ID}", Type: "flows"},
		ErrorMessage: msg, ErrorDetails: msg,
	}, e.Body())
	assert.Equal(t, 404, e.Status())
	assert.ErrorIs(t, e, errNotFound("connections", "x"), "errors.Is matches the code")
	assert.Equal(t, 500, (&Error{Code: "nonsense"}).Status())
	for code, e := range Catalogue() {
		assert.GreaterOrEqual(t, e.Status(), 400, code)
		assert.NotNil(t, e.Body(), code)
	}
}
