package zohocrm

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
)

// Records are rendered by hand, straight into bytes: a 200-record page is
// the hottest answer of the emulator. Keys come in a fixed order: "id",
// then the fields in the module's metadata order (the ones asked for, or
// all of them), then, when all fields are read, the record's `$` system
// keys in name order (Zoho's v8 examples put id first; its key order is
// otherwise unspecified). Values are typed as crmdata stores them;
// datetimes are shown in the reader's time zone.

// dateTimeLayout is how Zoho writes instants: ISO 8601 with the offset,
// no fraction ("2024-07-16T05:56:33-07:00").
const dateTimeLayout = "2006-01-02T15:04:05-07:00"

// renderer renders one module's records for one reader.
type renderer struct {
	fields    []crmdata.Field // in output order
	system    bool            // also the `$` keys
	tz        *time.Location
	textLimit int // truncate textareas to this many characters; <0 never
	synth     synthesized

	keys    [][]byte // `,"api_name":` of each field, rendered once
	scratch []string // the `$` keys of a record
}

// record appends one record as a JSON object.
func (rd *renderer) record(b []byte, r crmdata.Record) []byte {
	if rd.keys == nil {
		rd.keys = make([][]byte, len(rd.fields))
		for i := range rd.fields {
			k := appendString([]byte{','}, rd.fields[i].APIName)
			rd.keys[i] = append(k, ':')
		}
	}
	b = append(b, `{"id":`...)
	b = appendString(b, r.ID)
	for i := range rd.fields {
		f := &rd.fields[i]
		b = append(b, rd.keys[i]...)
		v, ok := r.Values[f.APIName]
		if !ok {
			v = rd.synth.value(f.APIName, r)
		}
		if rd.textLimit >= 0 && f.DataType == "textarea" {
			if s, ok := v.(string); ok {
				v = truncate(s, rd.textLimit)
			}
		}
		b = rd.value(b, v)
	}
	if rd.system {
		keys := rd.scratch[:0]
		for k := range r.Values {
			if len(k) > 0 && k[0] == '$' {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			b = append(b, ',')
			b = appendString(b, k)
			b = append(b, ':')
			b = rd.value(b, r.Values[k])
		}
		rd.scratch = keys
	}
	return append(b, '}')
}

// value appends one value.
func (rd *renderer) value(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendString(b, x)
	case bool:
		return strconv.AppendBool(b, x)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case float64:
		return appendFloat(b, x)
	case time.Time:
		if x.IsZero() {
			return append(b, "null"...)
		}
		b = append(b, '"')
		b = x.In(rd.tz).AppendFormat(b, dateTimeLayout)
		return append(b, '"')
	case crmdata.Date:
		return appendString(b, string(x))
	case crmdata.Ref:
		return appendRef(b, x)
	case []crmdata.Ref:
		b = append(b, '[')
		for i, r := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendRef(b, r)
		}
		return append(b, ']')
	case []string:
		b = append(b, '[')
		for i, s := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
		return append(b, ']')
	}
	data, err := json.Marshal(v)
	if err != nil {
		return append(b, "null"...)
	}
	return append(b, data...)
}

func appendRef(b []byte, r crmdata.Ref) []byte {
	if r.ID == "" {
		return append(b, "null"...)
	}
	b = append(b, `{"name":`...)
	b = appendString(b, r.Name)
	b = append(b, `,"id":`...)
	b = appendString(b, r.ID)
	if r.Email != "" {
		b = append(b, `,"email":`...)
		b = appendString(b, r.Email)
	}
	return append(b, '}')
}

// appendFloat writes a number as encoding/json would (integers without a
// fraction); NaN and infinities, which JSON lacks, as null.
func appendFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1] // e-07 to e-7, as encoding/json
		b = b[:n-1]
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string, as encoding/json does without
// HTML escaping: invalid UTF-8 becomes U+FFFD, U+2028 and U+2029 are
// escaped.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// truncate keeps the first n characters of s.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

// appendTime writes an instant in tz, or null.
func appendTime(b []byte, t time.Time, tz *time.Location) []byte {
	if t.IsZero() {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = t.In(tz).AppendFormat(b, dateTimeLayout)
	return append(b, '"')
}

// zohoTime is an instant that marshals in Zoho's form in a time zone.
type zohoTime struct {
	t  time.Time
	tz *time.Location
}

func (z zohoTime) MarshalJSON() ([]byte, error) { return appendTime(nil, z.t, z.tz), nil }

func (c *call) time(t time.Time) zohoTime { return zohoTime{t, c.tz} }
