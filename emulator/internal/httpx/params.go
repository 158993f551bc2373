package httpx

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strings"
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
	if read, ok := r.Body.(ReadAlready); ok { // the front door's: no second copy
		b := read.Take()
		if len(b) > limit {
			return nil, ErrTooLarge
		}
		return b, nil
	}
	if n := int(r.ContentLength); n > 0 && n <= limit {
		return readDeclared(r.Body, n, limit)
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

// ReadAlready is a request body read into memory before the handler
// runs, as the front door reads every body to judge it. Take hands over
// what is left unread, which nobody changes afterwards, and leaves the
// body at its end, as reading it would.
type ReadAlready interface {
	io.Reader
	Take() []byte
}

// readDeclared is ReadBody's io.ReadAll for a body that declares its
// length n (the front door declares what it read): one buffer of that
// size, and whatever comes past it read as io.ReadAll would, so the answer
// is the same whether or not the declaration holds.
func readDeclared(body io.Reader, n, limit int) ([]byte, error) {
	b := make([]byte, 0, n+1)
	for {
		m, err := body.Read(b[len(b):cap(b)])
		b = b[:len(b)+m]
		switch {
		case err == io.EOF:
			return b, nil
		case err != nil:
			return nil, err
		case len(b) == cap(b): // more than declared: the long way for the rest
			rest, err := io.ReadAll(io.LimitReader(body, int64(limit-len(b)+1)))
			if err != nil {
				return nil, err
			}
			if b = append(b, rest...); len(b) > limit {
				return nil, ErrTooLarge
			}
			return b, nil
		}
	}
}

// MergeParams merges the parameters of a form request: its query string,
// then an urlencoded or multipart body (any other body carries none). Like
// a servlet container, the query string comes first, so the first value
// of a repeated parameter wins; malformed pairs are skipped, so they
// surface as the vendor's own "missing parameter" errors. A multipart
// field's value is read up to limit bytes.
func MergeParams(rawQuery, contentType string, body []byte, limit int) url.Values {
	return ParamsOf(rawQuery, contentType, body, limit).Values()
}

// Pair is one parameter of a request.
type Pair struct{ Key, Value string }

// Params are a request's parameters in the order MergeParams reads them:
// the same values as its url.Values, without the map (one allocation for a
// token request instead of one per parameter and the map's).
type Params []Pair

// Get returns the first value of key, or "": url.Values.Get of the merge.
func (p Params) Get(key string) string {
	for _, kv := range p {
		if kv.Key == key {
			return kv.Value
		}
	}
	return ""
}

// Values returns the parameters as MergeParams does: each key's values in
// order, an empty map when there are none.
func (p Params) Values() url.Values {
	out := make(url.Values, len(p))
	for _, kv := range p {
		out[kv.Key] = append(out[kv.Key], kv.Value)
	}
	return out
}

// ParamsOf is MergeParams without the map.
func ParamsOf(rawQuery, contentType string, body []byte, limit int) Params {
	return AppendParams(make(Params, 0, 8), rawQuery, contentType, body, limit)
}

// AppendParams is ParamsOf appending to out, which may be an array on the
// caller's stack.
func AppendParams(out Params, rawQuery, contentType string, body []byte, limit int) Params {
	out = addQuery(out, rawQuery)
	if len(body) == 0 {
		return out
	}
	if strings.EqualFold(contentType, formType) { // what mime.ParseMediaType would find, without its map
		return addQuery(out, string(body))
	}
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return out
	}
	switch mediaType {
	case formType:
		out = addQuery(out, string(body))
	case "multipart/form-data":
		if params["boundary"] != "" {
			for k, vs := range multipartValues(body, params["boundary"], limit) {
				for _, v := range vs {
					out = append(out, Pair{k, v})
				}
			}
		}
	}
	return out
}

const formType = "application/x-www-form-urlencoded"

// maxFastPairs is the most pairs addQuery reads itself, well under
// url.ParseQuery's default limit (10,000).
const maxFastPairs = 64

var queryLimitSet = strings.Contains(os.Getenv("GODEBUG"), "urlmaxqueryparams")

// addQuery appends the pairs of query to out, in order, as
// url.ParseQuery reads them: pairs with a semicolon or a bad escape are
// skipped. Queries of many pairs, or any when GODEBUG sets
// urlmaxqueryparams, go through url.ParseQuery itself, which refuses
// more pairs than its limit.
func addQuery(out Params, query string) Params {
	if queryLimitSet || strings.Count(query, "&") >= maxFastPairs {
		q, _ := url.ParseQuery(query)
		for k, vs := range q {
			for _, v := range vs {
				out = append(out, Pair{k, v})
			}
		}
		return out
	}
	for query != "" {
		var pair string
		pair, query, _ = strings.Cut(query, "&")
		if strings.Contains(pair, ";") {
			continue
		}
		if pair == "" {
			continue
		}
		key, value, _ := strings.Cut(pair, "=")
		key, err := QueryUnescape(key)
		if err != nil {
			continue
		}
		value, err = QueryUnescape(value)
		if err != nil {
			continue
		}
		out = append(out, Pair{key, value})
	}
	return out
}

// QueryUnescape is url.QueryUnescape, at once for the usual text with
// nothing to unescape (tokens, ids, grant types).
func QueryUnescape(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s, nil
	}
	return url.QueryUnescape(s)
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
