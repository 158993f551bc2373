package contracts

import (
	"context"
	"fmt"
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
}

var (
	loadedMu sync.Mutex
	loaded   = map[string]*Contract{}
)

// Load returns the named embedded contract, parsing it once per process.
func Load(name string) (*Contract, error) {
	loadedMu.Lock()
	defer loadedMu.Unlock()
	if c, ok := loaded[name]; ok {
		return c, nil
	}
	data, err := openapi.Spec(name)
	if err != nil {
		return nil, fmt.Errorf("contract %q: %w", name, err)
	}
	c, err := Parse(name, data)
	if err != nil {
		return nil, err
	}
	loaded[name] = c
	return c, nil
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
