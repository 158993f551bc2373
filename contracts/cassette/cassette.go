package cassette

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zohoaep/zohoaep/contracts"
)

// Version is the cassette format this build writes and reads.
const Version = 1

// Cassette is a recorded session.
type Cassette struct {
	Version int `json:"version"`
	// Upstream is the origin the proxy forwarded to, or "vendors" for the
	// vendors' hosts by the emulator's URL layout (each interaction names
	// its own).
	Upstream     string        `json:"upstream,omitempty"`
	RecordedAt   time.Time     `json:"recorded_at"`
	Interactions []Interaction `json:"interactions"`
	// Placeholders are the values redacted, in order of first appearance.
	Placeholders []Placeholder `json:"placeholders,omitempty"`
}

// Interaction is one exchange.
type Interaction struct {
	Seq        int                `json:"seq"` // from 1
	Contract   string             `json:"contract,omitempty"`
	Operation  string             `json:"operation,omitempty"`
	Upstream   string             `json:"upstream,omitempty"` // the origin that answered
	Request    Request            `json:"request"`
	Response   Response           `json:"response"`
	Verdict    *contracts.Verdict `json:"verdict,omitempty"`
	DurationMS float64            `json:"duration_ms"`
}

// Request is a recorded request.
type Request struct {
	Method string      `json:"method"`
	Path   string      `json:"path"`
	Query  string      `json:"query,omitempty"`
	Header http.Header `json:"headers,omitempty"`
	Body
}

// Response is a recorded answer.
type Response struct {
	Status int         `json:"status"`
	Header http.Header `json:"headers,omitempty"`
	Body
}

// Body is a recorded body: text as is, anything else in base64.
type Body struct {
	Text     string `json:"body,omitempty"`
	Encoding string `json:"body_encoding,omitempty"` // "" (text) or "base64"
}

// NewBody records b.
func NewBody(b []byte) Body {
	if utf8.Valid(b) {
		return Body{Text: string(b)}
	}
	return Body{Text: base64.StdEncoding.EncodeToString(b), Encoding: "base64"}
}

// Bytes is the body as sent.
func (b Body) Bytes() ([]byte, error) {
	switch b.Encoding {
	case "":
		return []byte(b.Text), nil
	case "base64":
		return base64.StdEncoding.DecodeString(b.Text)
	}
	return nil, fmt.Errorf("body encoding %q: want base64 or none", b.Encoding)
}

// Placeholder is one redacted value: its name in the cassette, its kind,
// the pseudonym that stands for it, and where it first appeared
// ("response" when the provider minted it, "request" when the client
// brought it).
type Placeholder struct {
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	Value       string `json:"value"` // the pseudonym, shaped like the original
	FirstSide   string `json:"first_side"`
	Interaction int    `json:"first_interaction"`
}

// Write writes the cassette as indented JSON.
func (c *Cassette) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(c)
}

// MaxSize bounds a cassette Parse reads.
const MaxSize = 256 << 20

// Parse reads a cassette and checks it: its version, and that every
// interaction can be replayed (a method, a path, a status, bodies that
// decode).
func Parse(data []byte) (*Cassette, error) {
	if len(data) > MaxSize {
		return nil, fmt.Errorf("cassette: over %d bytes", MaxSize)
	}
	var c Cassette
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("cassette: %w", err)
	}
	if c.Version != Version {
		return nil, fmt.Errorf("cassette: version %d, this build reads %d", c.Version, Version)
	}
	for i, x := range c.Interactions {
		if err := x.check(); err != nil {
			return nil, fmt.Errorf("cassette: interaction %d: %w", i+1, err)
		}
	}
	return &c, nil
}

func (x Interaction) check() error {
	if x.Request.Method == "" || strings.ContainsAny(x.Request.Method, " \t\r\n/") {
		return fmt.Errorf("method %q", x.Request.Method)
	}
	if !strings.HasPrefix(x.Request.Path, "/") {
		return fmt.Errorf("path %q does not start with /", x.Request.Path)
	}
	if x.Response.Status < 100 || x.Response.Status > 599 {
		return fmt.Errorf("status %d", x.Response.Status)
	}
	if _, err := x.Request.Bytes(); err != nil {
		return fmt.Errorf("request: %w", err)
	}
	if _, err := x.Response.Bytes(); err != nil {
		return fmt.Errorf("response: %w", err)
	}
	for name := range x.Response.Header {
		if name == "" || strings.ContainsAny(name, " :\r\n") {
			return fmt.Errorf("response header name %q", name)
		}
	}
	return nil
}
