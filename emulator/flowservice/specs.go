package flowservice

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
)

// The spec catalogue: documents served by GET /connectionSpecs and
// /flowSpecs. HubSpot's is Adobe's own response (reference §2, [HUBOLD]);
// the others are SYNTHESIZED in the same shape from the documented fields.
//
//go:embed specdata/*.json
var specFiles embed.FS

// connSpec is a connection spec with what the service checks against it.
type connSpec struct {
	ID, Name, Version string
	Auth              map[string]authSpec // by name
	Source            bool                // a source connector
	CRM               bool                // a CRM source: flows need a delta column (1367)
	Explore           bool                // GET /connections/{id}/explore is served
	Doc               map[string]any      // the document, never mutated
}

// authSpec is one authSpec of a connection spec: its params' JSON types,
// which are secrets (format: password) and which are required.
type authSpec struct {
	Types    map[string]string
	Secret   map[string]bool
	Required []string
}

// flowSpec is a flow spec with the connection specs it joins.
type flowSpec struct {
	ID, Name string
	Sources  map[string]bool
	Targets  map[string]bool
	Doc      map[string]any
}

// traits of the catalogue's connection specs that not every document
// states (HubSpot's verbatim document has no attributes).
var specTraits = map[string]struct{ source, crm, explore bool }{
	SpecZohoCRM:    {source: true, crm: true, explore: true},
	SpecSalesforce: {source: true, crm: true, explore: true},
	SpecDynamics:   {source: true, crm: true, explore: true},
	SpecHubSpot:    {source: true, crm: true, explore: true},
	SpecSquare:     {source: true, explore: true},
	SpecDataLake:   {},
}

// catalogue is the spec catalogue of one service.
type catalogue struct {
	conns     []*connSpec // in document order
	connByID  map[string]*connSpec
	flows     []*flowSpec
	flowByID  map[string]*flowSpec
	connDocs  []map[string]any
	flowsDocs []map[string]any
}

// loadCatalogue reads the embedded specs, naming the Zoho spec zohoName.
func loadCatalogue(zohoName string) (*catalogue, error) {
	var conns, flows []map[string]any
	if err := readSpecFile("specdata/connection-specs.json", &conns); err != nil {
		return nil, err
	}
	if err := readSpecFile("specdata/flow-specs.json", &flows); err != nil {
		return nil, err
	}
	c := &catalogue{connByID: map[string]*connSpec{}, flowByID: map[string]*flowSpec{}}
	for _, doc := range conns {
		if doc["id"] == SpecZohoCRM {
			doc["name"] = zohoName
		}
		s, err := parseConnSpec(doc)
		if err != nil {
			return nil, err
		}
		c.conns = append(c.conns, s)
		c.connByID[s.ID] = s
		c.connDocs = append(c.connDocs, doc)
	}
	for _, doc := range flows {
		f := &flowSpec{ID: str(doc["id"]), Name: str(doc["name"]), Sources: set(doc["sourceConnectionSpecIds"]),
			Targets: set(doc["targetConnectionSpecIds"]), Doc: doc}
		c.flows = append(c.flows, f)
		c.flowByID[f.ID] = f
		c.flowsDocs = append(c.flowsDocs, doc)
	}
	return c, nil
}

func readSpecFile(name string, into any) error {
	data, err := specFiles.ReadFile(name)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(into); err != nil {
		return fmt.Errorf("flowservice: %s: %w", name, err)
	}
	return nil
}

func parseConnSpec(doc map[string]any) (*connSpec, error) {
	s := &connSpec{ID: str(doc["id"]), Name: str(doc["name"]), Version: str(doc["version"]),
		Auth: map[string]authSpec{}, Doc: doc}
	t := specTraits[s.ID]
	s.Source, s.CRM, s.Explore = t.source, t.crm, t.explore
	list, _ := doc["authSpec"].([]any)
	for _, a := range list {
		am, _ := a.(map[string]any)
		spec, _ := am["spec"].(map[string]any)
		props, _ := spec["properties"].(map[string]any)
		as := authSpec{Types: map[string]string{}, Secret: map[string]bool{}}
		for name, p := range props {
			pm, _ := p.(map[string]any)
			as.Types[name] = str(pm["type"])
			as.Secret[name] = pm["format"] == "password"
		}
		for _, r := range asSlice(spec["required"]) {
			as.Required = append(as.Required, str(r))
		}
		name := str(am["name"])
		if name == "" {
			return nil, fmt.Errorf("flowservice: connection spec %s has an unnamed authSpec", s.ID)
		}
		s.Auth[name] = as
	}
	return s, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func set(v any) map[string]bool {
	out := map[string]bool{}
	for _, x := range asSlice(v) {
		out[str(x)] = true
	}
	return out
}
