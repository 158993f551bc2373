package httpx

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
)

// ErrTooLarge is ReadBody's answer to a body over its limit; each service
// answers it in its own envelope.
var ErrTooLarge = errors.New("httpx: request body too large")

// ReadBody reads r's body, at most limit bytes: nil when there is none,
// ErrTooLarge when there is more, and the reader's error when the body
// breaks off.
func ReadBody(r *http.Request, limit int) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, int64(limit)+1))
	if err != nil {
		return nil, err
	}
	if len(b) > limit {
		return nil, ErrTooLarge
	}
	return b, nil
}

// MergeParams merges the parameters of a form request: its query string,
// then an urlencoded or multipart body (any other body carries none). Like
// a servlet container, the query string comes first, so the first value
// of a repeated parameter wins; malformed pairs are skipped, so they
// surface as the vendor's own "missing parameter" errors. A multipart
// field's value is read up to limit bytes.
func MergeParams(rawQuery, contentType string, body []byte, limit int) url.Values {
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
		if params["boundary"] != "" {
			add(multipartValues(body, params["boundary"], limit))
		}
	}
	return out
}

// multipartValues reads the plain fields of a multipart body, ignoring
// files and stopping at the first malformed part.
func multipartValues(body []byte, boundary string, limit int) url.Values {
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
		v, err := io.ReadAll(io.LimitReader(part, int64(limit)))
		if err != nil {
			return out
		}
		out[name] = append(out[name], string(v))
	}
}
