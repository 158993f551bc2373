package contracts

import (
	"crypto/sha256"
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// Requests found valid are remembered, so that the same request sent
// again (a connector polling a page, a test suite's fixtures) is not
// validated again. It is exact: the key holds everything kin-openapi's
// request validation reads under this package's options (security is
// not checked: the services answer it), namely the operation, the method,
// the path, the raw query, the values of the operation's header
// parameters and, for a body, its Content-Type and a SHA-256 of it (the
// body itself, secrets and all, is not kept); requests with cookie
// parameters or a body over maxKeyedBody are not remembered. Rejected
// requests are judged every time.

// maxKnownRequests bounds the requests remembered; the set is emptied
// when full.
const maxKnownRequests = 4096

type requestKey struct {
	op  *openapi3.Operation // the router copies routes; operations stay
	req string
}

var knownRequests = struct {
	sync.Mutex
	m map[requestKey]struct{}
}{m: map[requestKey]struct{}{}}

// maxKeyedBody bounds the bodies whose requests are remembered.
const maxKeyedBody = 64 << 10

// requestKeyOf is the key under route of r, whose body is body; false
// when r is not remembered (a body over maxKeyedBody, or the operation
// reads cookies).
func requestKeyOf(route *routers.Route, r *http.Request, body []byte) (requestKey, bool) {
	if len(body) > maxKeyedBody {
		return requestKey{}, false
	}
	var k strings.Builder
	k.Grow(len(r.Method) + len(r.URL.Path) + len(r.URL.RawPath) + len(r.URL.RawQuery) + 64)
	k.WriteString(r.Method)
	k.WriteByte(0)
	k.WriteString(r.URL.Path)
	k.WriteByte(0)
	k.WriteString(r.URL.RawPath)
	k.WriteByte(0)
	k.WriteString(r.URL.RawQuery)
	for _, params := range []openapi3.Parameters{route.Operation.Parameters, route.PathItem.Parameters} {
		for _, p := range params {
			if p == nil || p.Value == nil || p.Value.In == openapi3.ParameterInCookie {
				return requestKey{}, false
			}
			if p.Value.In != openapi3.ParameterInHeader {
				continue
			}
			vs := r.Header.Values(p.Value.Name)
			k.WriteByte(1)
			k.WriteString(p.Value.Name)
			for _, v := range vs {
				k.WriteByte(0)
				k.WriteString(v)
			}
		}
	}
	if len(body) > 0 {
		sum := sha256.Sum256(body)
		k.WriteByte(2)
		k.WriteString(r.Header.Get("Content-Type"))
		k.WriteByte(0)
		k.Write(sum[:])
	}
	return requestKey{op: route.Operation, req: k.String()}, true
}

func requestKnown(k requestKey) bool {
	knownRequests.Lock()
	defer knownRequests.Unlock()
	_, ok := knownRequests.m[k]
	return ok
}

func rememberRequest(k requestKey) {
	knownRequests.Lock()
	defer knownRequests.Unlock()
	if len(knownRequests.m) >= maxKnownRequests {
		clear(knownRequests.m)
	}
	knownRequests.m[k] = struct{}{}
}

// Routes of paths with parameters are remembered too (the contract's own
// findRoute keeps only those without, whose number the spec bounds):
// at most maxKnownRoutes, emptied when full. The router matches on the
// method and the path alone (contracts have no servers).
const maxKnownRoutes = 4096

type foundRoute struct {
	route  *routers.Route
	params map[string]string // shared, read only
}

var knownRoutes = struct {
	sync.Mutex
	m map[*Contract]map[routeKey]foundRoute
}{m: map[*Contract]map[routeKey]foundRoute{}}

// routeOf is c.findRoute, remembered for every path it matched.
func (c *Contract) routeOf(r *http.Request) (*routers.Route, map[string]string, error) {
	key := routeKeyOf(r)
	knownRoutes.Lock()
	f, ok := knownRoutes.m[c][key]
	knownRoutes.Unlock()
	if ok {
		return f.route, f.params, nil
	}
	route, params, err := c.findRoute(r)
	if err != nil || len(params) == 0 {
		return route, params, err
	}
	knownRoutes.Lock()
	defer knownRoutes.Unlock()
	m := knownRoutes.m[c]
	if m == nil || len(m) >= maxKnownRoutes {
		m = map[routeKey]foundRoute{}
		knownRoutes.m[c] = m
	}
	m[key] = foundRoute{route, params}
	return route, params, nil
}
