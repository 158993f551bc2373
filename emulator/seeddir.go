package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// A seed folder is a State split one file per concern, each the YAML of
// one field of the State document (the same field names as GET
// /_emulator/state): zoho.yaml (Zoho Accounts: orgs, users, clients,
// tokens), crm.yaml, ims.yaml, flow-service.yaml, clock.yaml, faults.yaml,
// and world.yaml with the version. Each may be .yaml, .yml or .json; any
// may be missing.
var seedFiles = []string{"world", "zoho", "crm", "ims", "flow-service", "clock", "faults"}

// seedFields maps a file to its State field ("world" holds the version).
var seedFields = map[string]string{
	"world": "", "zoho": "zoho", "crm": "crm", "ims": "ims", "flow-service": "flow_service", "clock": "clock", "faults": "faults",
}

// WriteSeedDir writes st into dir as a seed folder, one YAML file per
// concern. The files hold secrets (client secrets, tokens): dir is made
// readable by its owner only.
func WriteSeedDir(dir string, st State) error {
	doc, err := json.Marshal(st)
	if err != nil {
		return err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(doc, &fields); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	for _, name := range seedFiles {
		part := fields[seedFields[name]]
		if name == "world" {
			part, _ = json.Marshal(map[string]int{"version": st.Version})
		}
		if part == nil {
			if err := os.Remove(filepath.Join(dir, name+".yaml")); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
			continue
		}
		y, err := jsonToYAML(part)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".yaml"), y, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// LoadSeedDir reads a seed folder (WriteSeedDir's layout). Files it does
// not know are errors, so a typo is not silently an empty world.
func LoadSeedDir(dir string) (*State, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	doc := map[string]any{}
	for _, ent := range entries {
		name := ent.Name()
		if ent.IsDir() || strings.HasPrefix(name, ".") {
			continue
		}
		ext := filepath.Ext(name)
		base := strings.TrimSuffix(name, ext)
		if !slices.Contains([]string{".yaml", ".yml", ".json"}, ext) || !slices.Contains(seedFiles, base) {
			return nil, fmt.Errorf("seed folder %s: unknown file %s (want %s as .yaml, .yml or .json)", dir, name, strings.Join(seedFiles, ", "))
		}
		field := seedFields[base]
		if _, twice := doc[field]; twice && field != "" {
			return nil, fmt.Errorf("seed folder %s: %s twice", dir, base)
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		var v any
		if err := yaml.Unmarshal(data, &v); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if field == "" {
			m, ok := v.(map[string]any)
			if !ok && v != nil {
				return nil, fmt.Errorf("%s: want a mapping with the version", name)
			}
			for k, x := range m {
				doc[k] = x
			}
			continue
		}
		doc[field] = v
	}
	j, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("seed folder %s: %w", dir, err)
	}
	st, err := ParseSeed(j)
	if err != nil {
		return nil, fmt.Errorf("seed folder %s: %w", dir, err)
	}
	return st, nil
}

// WriteStateFile writes st to path: a seed folder, unless path ends in
// .json or .yaml (.yml), then one document.
func WriteStateFile(path string, st State) error {
	doc, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return os.WriteFile(path, append(doc, '\n'), 0o600)
	case ".yaml", ".yml":
		y, err := jsonToYAML(doc)
		if err != nil {
			return err
		}
		return os.WriteFile(path, y, 0o600)
	}
	return WriteSeedDir(path, st)
}

// jsonToYAML re-renders a JSON document as block-style YAML, keeping its
// key order; strings that would read as another type stay quoted.
func jsonToYAML(j []byte) ([]byte, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(j, &n); err != nil {
		return nil, err
	}
	var restyle func(*yaml.Node)
	restyle = func(n *yaml.Node) {
		n.Style = 0
		for _, c := range n.Content {
			restyle(c)
		}
	}
	restyle(&n)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}
