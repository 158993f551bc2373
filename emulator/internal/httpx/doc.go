// Package httpx is the small HTTP toolkit every emulated service shares:
// handlers that return (value, error), errors that carry their own wire
// form, one JSON writer, and the request facts the front door records
// (public base URL, data centre).
package httpx
