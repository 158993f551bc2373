package control

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
)

// MaxBody bounds every request body the control API reads, but a state
// document's; MaxStateBody bounds that (an export holds tokens, records
// changed through the API and dataset rows).
const (
	MaxBody      = 1 << 20
	MaxStateBody = 64 << 20
)

// readBody reads r's body, refusing one over MaxBody.
func readBody(r *http.Request) ([]byte, error) { return readBodyUpTo(r, MaxBody) }

func readBodyUpTo(r *http.Request, limit int) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, int64(limit)+1))
	if err != nil {
		return nil, invalidJSON("cannot read the body: %v", err)
	}
	if len(b) > limit {
		return nil, errTooLarge
	}
	return b, nil
}

// decode reads r's body into v strictly: one JSON object, no unknown
// fields, no trailing data.
func decode(r *http.Request, v any) error {
	present, err := decodeOptional(r, v)
	if err == nil && !present {
		return invalidJSON("a JSON object body is required")
	}
	return err
}

// decodeOptional is decode for a body that may be absent; it reports
// whether there was one.
func decodeOptional(r *http.Request, v any) (present bool, err error) {
	b, err := readBody(r)
	if err != nil {
		return false, err
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return false, nil
	}
	return true, unmarshal(b, v)
}

// unmarshal decodes one JSON object from b into v, strictly.
func unmarshal(b []byte, v any) error {
	if b[0] != '{' {
		return invalidJSON("the body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return invalidJSON("the body must be one JSON object, with nothing after it")
	}
	return nil
}

// jsonError says what is wrong with a body, in the API's terms rather than
// Go's.
func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return invalidJSON("malformed JSON at byte %d: %s", syntax.Offset, syntax.Error())
	case errors.As(err, &typ) && typ.Field != "":
		return invalidJSON("field %q: a JSON %s is not a valid value", typ.Field, typ.Value)
	case errors.As(err, &typ):
		return invalidJSON("a JSON %s is not a valid value", typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalidJSON("the JSON body ends too early")
	}
	return invalidJSON("%s", strings.TrimPrefix(err.Error(), "json: "))
}
