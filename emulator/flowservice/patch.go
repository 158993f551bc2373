package flowservice

import (
	"bytes"
	"encoding/json"
	"strings"

	jsonpatch "github.com/evanphx/json-patch/v5"
)

// JSON Patch as Flow Service takes it (reference §3 and §11): an array of
// instructions (the tutorials) or a single one (Adobe's OpenAPI), with
// lowercase ops (the tutorials) or uppercase (the OpenAPI), and values of
// any JSON type. Only add, replace and remove are served (move, copy and
// test are 1434-400); paths are checked against the resource's fields
// (1414 for its spec, 1365 for read-only fields, 1455 for unknown ones).
// The operations themselves are RFC 6902's, by evanphx/json-patch.

// PatchOp is one instruction, its op lowercased.
type PatchOp struct {
	Op    string `json:"op"`
	Path  string `json:"path"`
	Value any    `json:"value,omitempty"`
	// hasValue tells a null value from a missing one.
	hasValue bool
}

// ParsePatch reads a PATCH body: an array of instructions or one.
func ParsePatch(body []byte) ([]PatchOp, error) {
	v, err := decodeJSON(body)
	if err != nil {
		return nil, err
	}
	var list []any
	switch x := v.(type) {
	case []any:
		list = x
	case map[string]any:
		list = []any{x}
	case nil:
		return nil, errEmptyBody()
	default:
		return nil, errIllegalArgument("The patch instructions must be a JSON array or object.")
	}
	if len(list) == 0 {
		return nil, errEmptyBody()
	}
	ops := make([]PatchOp, 0, len(list))
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, errIllegalArgument("Each patch instruction must be a JSON object.")
		}
		op, err := parseOp(obj(m))
		if err != nil {
			return nil, err
		}
		ops = append(ops, op)
	}
	return ops, nil
}

func parseOp(m obj) (PatchOp, error) {
	if _, ok := m["op"]; !ok {
		return PatchOp{}, errPatchField("op")
	}
	op, err := m.str("op")
	if err != nil {
		return PatchOp{}, err
	}
	if _, ok := m["path"]; !ok {
		return PatchOp{}, errPatchField("path")
	}
	path, err := m.str("path")
	if err != nil {
		return PatchOp{}, err
	}
	switch lower := strings.ToLower(op); lower {
	case "add", "replace", "remove":
		op = lower
	default:
		return PatchOp{}, errPatchOp(op)
	}
	if path == "" || path[0] != '/' {
		return PatchOp{}, errReadOnlyPath(path)
	}
	value, has := m["value"]
	if op != "remove" && !has {
		return PatchOp{}, errPatchField("value")
	}
	return PatchOp{Op: op, Path: path, Value: value, hasValue: has}, nil
}

// segments splits a JSON pointer into its unescaped tokens.
func segments(path string) []string {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
	}
	return parts
}

// patchRules says which fields of a resource a PATCH may change.
type patchRules struct {
	editable map[string]bool
	specs    map[string]bool // the spec reference: 1414
	fields   map[string]bool // every field: the others are read-only (1365)
}

// check applies the rules to every instruction before any is applied.
func (pr patchRules) check(ops []PatchOp) error {
	for _, op := range ops {
		root := segments(op.Path)[0]
		switch {
		case pr.specs[root]:
			return errConnectionSpecPatch()
		case pr.editable[root]:
		case pr.fields[root]:
			return errReadOnlyPath(op.Path)
		default:
			return errPatchField(root)
		}
	}
	return nil
}

// applyPatch applies the instructions in order to doc and returns the new
// document; an instruction whose path does not exist is 1455 naming the
// missing field.
func applyPatch(doc map[string]any, ops []PatchOp) (map[string]any, error) {
	cur, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	opts := jsonpatch.NewApplyOptions()
	opts.SupportNegativeIndices = false
	opts.EscapeHTML = false
	opts.AccumulatedCopySizeLimit = maxBody
	for _, op := range ops {
		one, err := json.Marshal([]map[string]any{op.rfc()})
		if err != nil {
			return nil, errIllegalArgument("The patch value cannot be read.")
		}
		p, err := jsonpatch.DecodePatch(one)
		if err != nil {
			return nil, errPatchField(last(op.Path))
		}
		next, err := p.ApplyWithOptions(cur, opts)
		if err != nil {
			return nil, errPatchField(last(op.Path))
		}
		cur = next
	}
	dec := json.NewDecoder(bytes.NewReader(cur))
	dec.UseNumber()
	var out map[string]any
	if err := dec.Decode(&out); err != nil || out == nil {
		return nil, errIllegalArgument("The patched document is not a JSON object.")
	}
	return out, nil
}

// rfc is the instruction in RFC 6902's form.
func (op PatchOp) rfc() map[string]any {
	m := map[string]any{"op": op.Op, "path": op.Path}
	if op.Op != "remove" {
		m["value"] = op.Value
	}
	return m
}

func last(path string) string {
	s := segments(path)
	return s[len(s)-1]
}
