package httpx

import (
	"context"
	"net/http"
	"net/netip"
)

type ctxKey int

const landingKey ctxKey = 0

// Landing is where a request arrived and where it came from.
type Landing struct {
	Base     string     // the emulator's public base URL: no trailing slash, never a vendor host
	Location string     // the data-centre location addressed ("us" for root paths)
	Source   netip.Addr // the client's address, as the front door's policy decided
}

// WithLanding records where r landed.
func WithLanding(r *http.Request, l Landing) *http.Request {
	return r.WithContext(&landingCtx{Context: r.Context(), l: l})
}

// landingCtx is context.WithValue(parent, landingKey, l) in one
// allocation instead of two (the context and the boxed Landing): Value
// hands out a pointer to l, which nothing changes.
type landingCtx struct {
	context.Context
	l Landing
}

func (c *landingCtx) Value(key any) any {
	if key == any(landingKey) {
		return &c.l
	}
	return c.Context.Value(key)
}

// LandingOf returns where r landed; a request that did not pass the front
// door is taken as the US data centre at its own Host.
func LandingOf(r *http.Request) Landing {
	if l, ok := r.Context().Value(landingKey).(*Landing); ok {
		return *l
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	var src netip.Addr
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		src = ap.Addr().Unmap()
	}
	return Landing{Base: scheme + "://" + r.Host, Location: "us", Source: src}
}
