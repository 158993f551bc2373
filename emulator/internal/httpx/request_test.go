package httpx

import (
	"context"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
)

type otherKey struct{}

// TestWithLanding: the landing reads back, and the request's context
// still carries its parent's values and cancellation.
func TestWithLanding(t *testing.T) {
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), otherKey{}, "kept"))
	r := httptest.NewRequest("POST", "http://127.0.0.1:9595/oauth/v2/token", nil).WithContext(parent)
	l := Landing{Base: "http://127.0.0.1:9595", Location: "eu", Source: netip.MustParseAddr("127.0.0.1")}
	landed := WithLanding(r, l)
	assert.Equal(t, l, LandingOf(landed))
	assert.Equal(t, "kept", landed.Context().Value(otherKey{}))
	assert.Nil(t, landed.Context().Value(struct{}{}))
	assert.Equal(t, "us", LandingOf(r).Location, "a request that did not land")
	again := WithLanding(landed, Landing{Location: "in"})
	assert.Equal(t, "in", LandingOf(again).Location, "the innermost landing")
	cancel()
	<-landed.Context().Done()
	assert.ErrorIs(t, landed.Context().Err(), context.Canceled)
}
