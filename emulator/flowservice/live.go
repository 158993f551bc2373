package flowservice

import (
	"context"
	"net/url"
	"strconv"
	"strings"
)

// Live is the part of Flow Service that reaches the source itself: the
// connection test and explore. The emulator's engine implements it over
// HTTP against Zoho; without one (SetLive(nil), the default) the test
// answers 1305-400 and explore 1336-400, never a 500.
type Live interface {
	// Test tries the connection's credentials: GET /connections/{id}/test
	// answers {"result": ok}. An *Error is sent as it is.
	Test(ctx context.Context, conn Connection) (bool, error)
	// Explore answers GET /connections/{id}/explore: the value is written
	// as JSON as it is (a bare array for objectType=root, an object for
	// a table, reference §4). An *Error is sent as it is.
	Explore(ctx context.Context, conn Connection, q ExploreQuery) (any, error)
}

// ExploreQuery is an explore request's parameters (reference §4).
type ExploreQuery struct {
	ObjectType      string     // lowercased: root, table, file, folder, rest
	Object          string     // a table path, required for objectType=table
	FileType        string     // Delimited, JSON
	CompressionType string     // as sent
	Preview         bool       // preview=true: rows under "data"
	Filters         string     // base64 PQL, as sent
	Raw             url.Values // every parameter, as sent
}

// objectTypes are explore's object types (Adobe's OpenAPI has them in
// upper case, the tutorials in lower case: both are accepted).
var objectTypes = map[string]bool{"root": true, "table": true, "file": true, "folder": true, "rest": true}

// SetLive sets (or with nil removes) the live parts.
func (s *Service) SetLive(l Live) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.live = l
}

// liveConn returns the live implementation and the connection (secrets
// included) a test or explore call addresses.
func (s *Service) liveConn(c *call) (Live, Connection, *connSpec, error) {
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	conn := s.st.peek(c.t).conns[id]
	if conn == nil {
		return nil, Connection{}, nil, errNotFound("connections", id)
	}
	return s.live, conn.clone(), s.specs.connByID[conn.ConnectionSpec.ID], nil
}

// testResult is the answer of GET /connections/{id}/test.
type testResult struct {
	Result bool `json:"result"`
}

func (s *Service) testConnection(c *call) (any, error) {
	live, conn, spec, err := s.liveConn(c)
	if err != nil {
		return nil, err
	}
	if live == nil || spec == nil || !spec.Source {
		name := conn.ConnectionSpec.ID
		if spec != nil {
			name = spec.Name
		}
		return nil, errUnsupportedConnector(name)
	}
	ok, err := live.Test(c.r.Context(), conn)
	if err != nil {
		return nil, err
	}
	return testResult{Result: ok}, nil
}

func (s *Service) exploreConnection(c *call) (any, error) {
	live, conn, spec, err := s.liveConn(c)
	if err != nil {
		return nil, err
	}
	q, err := readExplore(c.r.URL.Query())
	if err != nil {
		return nil, err
	}
	if live == nil || spec == nil || !spec.Explore {
		return nil, errExploreUnsupported(conn.ConnectionSpec.ID)
	}
	v, err := live.Explore(c.r.Context(), conn, q)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// readExplore checks explore's parameters: objectType present (1334) and
// known (1358); object present for a table (1337).
func readExplore(v url.Values) (ExploreQuery, error) {
	q := ExploreQuery{Raw: v, Object: v.Get("object"), FileType: v.Get("fileType"),
		CompressionType: v.Get("compressionType"), Filters: v.Get("filters")}
	ot, ok := v["objectType"]
	if !ok || ot[0] == "" {
		return q, errQueryParamEmpty("objectType")
	}
	q.ObjectType = strings.ToLower(ot[0])
	if !objectTypes[q.ObjectType] {
		return q, errObjectType()
	}
	if q.ObjectType == "table" && q.Object == "" {
		return q, errExploreObject("object", q.ObjectType)
	}
	if p := v.Get("preview"); p != "" {
		b, err := strconv.ParseBool(p)
		if err != nil {
			return q, errQueryValue("preview=" + p)
		}
		q.Preview = b
	}
	return q, nil
}
