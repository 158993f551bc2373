package contracts

import (
	"context"
	"fmt"
	"net/http"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/zohoaep/zohoaep/openapi"
)

// Contract is one loaded, validated OpenAPI document with its router.
type Contract struct {
	Name   string
	Doc    *openapi3.T
	router routers.Router
	shapes shapes // the fast path's compiled schemas

	routesMu sync.RWMutex
	routes   map[routeKey]*routers.Route // for paths without parameters
}

// routeKey is a request's method and escaped path: a struct, not their
// concatenation, so a lookup allocates nothing.
type routeKey struct{ method, path string }

func routeKeyOf(r *http.Request) routeKey { return routeKey{r.Method, r.URL.EscapedPath()} }

// findRoute is the router's FindRoute, remembered for the paths without
// parameters (the spec's own, so the cache is bounded): the router tries
// every path in turn.
func (c *Contract) findRoute(r *http.Request) (*routers.Route, map[string]string, error) {
	key := routeKeyOf(r)
	c.routesMu.RLock()
	route, ok := c.routes[key]
	c.routesMu.RUnlock()
	if ok {
		return route, nil, nil
	}
	route, params, err := c.router.FindRoute(r)
	if err == nil && len(params) == 0 {
		c.routesMu.Lock()
		if c.routes == nil {
			c.routes = map[routeKey]*routers.Route{}
		}
		c.routes[key] = route
		c.routesMu.Unlock()
	}
	return route, params, err
}

var (
	loadedMu sync.Mutex
	loaded   = map[string]*loading{}
)

// loading is one embedded contract, parsed once per process; different
// contracts parse in parallel.
type loading struct {
	once sync.Once
	c    *Contract
	err  error
}

// Load returns the named embedded contract, parsing it once per process.
func Load(name string) (*Contract, error) {
	loadedMu.Lock()
	l := loaded[name]
	if l == nil {
		l = &loading{}
		loaded[name] = l
	}
	loadedMu.Unlock()
	l.once.Do(func() {
		data, err := openapi.Spec(name)
		if err != nil {
			l.err = fmt.Errorf("contract %q: %w", name, err)
			return
		}
		l.c, l.err = Parse(name, data)
	})
	return l.c, l.err
}

// Parse loads a contract from YAML or JSON. Its servers are dropped so that
// operations match on path alone, whatever host and prefix serve them.
func Parse(name string, data []byte) (*Contract, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("contract %q: %w", name, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("contract %q is invalid: %w", name, err)
	}
	doc.Servers = nil
	for _, item := range doc.Paths.Map() {
		item.Servers = nil
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("contract %q: %w", name, err)
	}
	return &Contract{Name: name, Doc: doc, router: router}, nil
}

// Operations lists the operation ids of the contract.
func (c *Contract) Operations() []string {
	var ops []string
	for _, path := range c.Doc.Paths.InMatchingOrder() {
		for _, op := range c.Doc.Paths.Value(path).Operations() {
			ops = append(ops, op.OperationID)
		}
	}
	return ops
}

func init() {
	// The consent and error pages of Zoho Accounts are HTML documents.
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
}
