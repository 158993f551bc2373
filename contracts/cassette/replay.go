package cassette

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Handler serves a cassette back: each request gets the next recorded
// answer to the same method, path and query keys (values differ: tokens
// are the client's own); once they are used up, the last one again. A
// request the cassette has no answer for gets 404 with
// {"error":"not_recorded",...}, the replayer's own answer.
func Handler(c *Cassette) http.Handler {
	h := &replayer{c: c, next: map[string]int{}}
	for i, x := range c.Interactions {
		k := key(x.Request.Method, x.Request.Path, x.Request.Query)
		h.byKey = appendIndex(h.byKey, k, i)
	}
	return h
}

// BaseURL stands in a cassette for the address the client used; a replay
// puts its own in its place.
const BaseURL = "{{base_url}}"

type replayer struct {
	c     *Cassette
	byKey map[string][]int
	mu    sync.Mutex
	next  map[string]int
}

func appendIndex(m map[string][]int, k string, i int) map[string][]int {
	if m == nil {
		m = map[string][]int{}
	}
	m[k] = append(m[k], i)
	return m
}

// key is a request's method, path and sorted query keys.
func key(method, path, rawQuery string) string {
	vals, _ := url.ParseQuery(rawQuery)
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return method + " " + path + "?" + strings.Join(keys, "&")
}

func (h *replayer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	k := key(r.Method, r.URL.Path, r.URL.RawQuery)
	h.mu.Lock()
	list := h.byKey[k]
	n := h.next[k]
	if n < len(list) {
		h.next[k] = n + 1
	} else {
		n = len(list) - 1
	}
	h.mu.Unlock()
	if len(list) == 0 {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "not_recorded", "message": "the cassette has no answer to " + r.Method + " " + r.URL.Path})
		return
	}
	x := h.c.Interactions[list[n]]
	body, err := x.Response.Bytes()
	if err != nil { // Parse checked it; a cassette built in code may not be
		http.Error(w, "cassette: "+err.Error(), http.StatusInternalServerError)
		return
	}
	self := "http://" + r.Host
	// Raw and URL-escaped (a redirect's accounts-server parameter).
	base := strings.NewReplacer(BaseURL, self, url.QueryEscape(BaseURL), url.QueryEscape(self))
	body = []byte(base.Replace(string(body)))
	for name, vs := range x.Response.Header {
		for _, v := range vs {
			w.Header().Add(name, base.Replace(v))
		}
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(x.Response.Status)
	_, _ = w.Write(body)
}
