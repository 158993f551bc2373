package zohoaccounts

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
)

// maxParamsBody bounds a token or sign-in request body.
const maxParamsBody = 64 << 10

// readParams merges the parameters of a request from its query string, an
// urlencoded body and a multipart body, as Zoho accepts all three
// (reference §3). Like a servlet container, the query string comes first
// and the first value of a repeated parameter wins; malformed pairs are
// skipped, so they surface as Zoho's own "missing parameter" errors.
func readParams(r *http.Request) (url.Values, error) {
	p, err := readPairs(r, nil)
	if err != nil {
		return nil, err
	}
	return p.Values(), nil
}

// readPairs is readParams without the map, for the token endpoint:
// the pairs are appended to out.
func readPairs(r *http.Request, out httpx.Params) (httpx.Params, error) {
	body, err := httpx.ReadBody(r, maxParamsBody)
	switch {
	case errors.Is(err, httpx.ErrTooLarge):
		return nil, errTooLarge
	case err != nil:
		return nil, errInvalidRequest
	}
	return httpx.AppendParams(out, r.URL.RawQuery, r.Header.Get("Content-Type"), body, maxParamsBody), nil
}

var errTooLarge = &Error{Code: ErrInvalidRequest, HTTPStatus: http.StatusRequestEntityTooLarge}

// mergeParams is readParams without the request, for tests and fuzzing.
func mergeParams(rawQuery, contentType string, body []byte) url.Values {
	return httpx.MergeParams(rawQuery, contentType, body, maxParamsBody)
}
