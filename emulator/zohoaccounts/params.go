package zohoaccounts

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
)

// maxParamsBody bounds a token or sign-in request body.
const maxParamsBody = 64 << 10

// readParams merges the parameters of a request from its query string, an
// urlencoded body and a multipart body, as Zoho accepts all three
// (reference §3). Like a servlet container, the query string comes first
// and the first value of a repeated parameter wins; malformed pairs are
// skipped, so they surface as Zoho's own "missing parameter" errors.
func readParams(r *http.Request) (url.Values, error) {
	var body []byte
	if r.Body != nil {
		b, err := io.ReadAll(io.LimitReader(r.Body, maxParamsBody+1))
		if err != nil {
			return nil, errInvalidRequest
		}
		if len(b) > maxParamsBody {
			return nil, errTooLarge
		}
		body = b
	}
	return mergeParams(r.URL.RawQuery, r.Header.Get("Content-Type"), body), nil
}

var errTooLarge = &Error{Code: ErrInvalidRequest, HTTPStatus: http.StatusRequestEntityTooLarge}

// mergeParams is readParams without the request, for tests and fuzzing.
func mergeParams(rawQuery, contentType string, body []byte) url.Values {
	out := url.Values{}
	add := func(v url.Values) {
		for k, vs := range v {
			out[k] = append(out[k], vs...)
		}
	}
	q, _ := url.ParseQuery(rawQuery)
	add(q)
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil || len(body) == 0 {
		return out
	}
	switch mediaType {
	case "application/x-www-form-urlencoded":
		f, _ := url.ParseQuery(string(body))
		add(f)
	case "multipart/form-data":
		if params["boundary"] == "" {
			return out
		}
		add(multipartValues(body, params["boundary"]))
	}
	return out
}

// multipartValues reads the plain fields of a multipart body, ignoring
// files and stopping at the first malformed part.
func multipartValues(body []byte, boundary string) url.Values {
	out := url.Values{}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		part, err := mr.NextPart()
		if err != nil { // io.EOF at the end, or a malformed part
			return out
		}
		name := part.FormName()
		if name == "" || part.FileName() != "" {
			continue
		}
		v, err := io.ReadAll(io.LimitReader(part, maxParamsBody))
		if err != nil {
			return out
		}
		out[name] = append(out[name], string(v))
	}
}
