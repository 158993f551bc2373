package httpx

import "net/http"

// SharedWriter is a ResponseWriter that can take a body part by
// reference: the part is never changed afterwards (a cached page), so the
// writer may keep it and recognise it again by its identity.
type SharedWriter interface {
	http.ResponseWriter
	WriteShared(p []byte) (int, error)
}

// WriteShared writes p, an immutable part of a body, by reference when w
// takes it so, else as Write does.
func WriteShared(w http.ResponseWriter, p []byte) (int, error) {
	if sw, ok := w.(SharedWriter); ok {
		return sw.WriteShared(p)
	}
	return w.Write(p)
}
