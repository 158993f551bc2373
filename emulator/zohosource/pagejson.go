package zohosource

import (
	"encoding/json"
	"strings"
)

// fastPage decodes a page of records as jsonUnmarshal into a page does,
// for the answer Zoho sends: one object whose "data" is an array of
// records and whose "info" holds more_records and next_page_token. It
// reads the answer once, without reflection, and the records' plain
// strings (printable ASCII without escapes) are views of one copy of the
// answer. ok is false for anything else (another spelling of a member
// name, a repeated "data" or "info", a value of another type, malformed
// JSON): jsonUnmarshal then decides. FuzzFastPage holds it to
// jsonUnmarshal.
func fastPage(body []byte) (page, bool) {
	d := &pageDecoder{doc: string(body)}
	var p page
	i := d.space(0)
	if i == len(d.doc) || d.doc[i] != '{' {
		return p, false
	}
	seen := map[string]bool{}
	ok := d.members(i, func(key string, i int) (int, bool) {
		switch {
		case key == "data" || key == "info":
			if seen[key] {
				return i, false
			}
			seen[key] = true
		case strings.EqualFold(key, "data") || strings.EqualFold(key, "info"):
			return i, false // encoding/json would match it, case-insensitively
		default:
			_, end, ok := d.value(i, 0)
			return end, ok
		}
		if strings.HasPrefix(d.doc[i:], "null") {
			return i + len("null"), true
		}
		if key == "data" {
			return d.records(i, &p)
		}
		return d.info(i, &p)
	})
	return p, ok
}

// maxPageDepth bounds the nesting fastPage follows; deeper answers take
// the long way (encoding/json refuses them past 10000 levels).
const maxPageDepth = 256

type pageDecoder struct{ doc string }

func (d *pageDecoder) space(i int) int {
	for i < len(d.doc) && (d.doc[i] == ' ' || d.doc[i] == '\t' || d.doc[i] == '\n' || d.doc[i] == '\r') {
		i++
	}
	return i
}

// members walks the object at doc[i], handing each member's key and the
// index of its value to f, which returns the index just past the value.
// It returns the index just past the object.
func (d *pageDecoder) members(i int, f func(key string, i int) (int, bool)) bool {
	_, ok := d.object(i, f)
	return ok
}

func (d *pageDecoder) object(i int, f func(key string, i int) (int, bool)) (int, bool) {
	i = d.space(i + 1)
	if i < len(d.doc) && d.doc[i] == '}' {
		return i + 1, true
	}
	for {
		key, j, ok := d.str(i)
		if !ok {
			return i, false
		}
		if i = d.space(j); i == len(d.doc) || d.doc[i] != ':' {
			return i, false
		}
		if i, ok = f(key, d.space(i+1)); !ok {
			return i, false
		}
		if i = d.space(i); i == len(d.doc) {
			return i, false
		}
		switch d.doc[i] {
		case '}':
			return i + 1, true
		case ',':
			i = d.space(i + 1)
		default:
			return i, false
		}
	}
}

// records decodes the data array: records are objects (null leaves a nil
// map, as encoding/json does).
func (d *pageDecoder) records(i int, p *page) (int, bool) {
	if i >= len(d.doc) || d.doc[i] != '[' {
		return i, false
	}
	p.Data = []map[string]any{}
	return d.elements(i, func(i int) (int, bool) {
		if strings.HasPrefix(d.doc[i:], "null") {
			p.Data = append(p.Data, nil)
			return i + len("null"), true
		}
		if i >= len(d.doc) || d.doc[i] != '{' {
			return i, false
		}
		v, end, ok := d.value(i, 1)
		if ok {
			p.Data = append(p.Data, v.(map[string]any))
		}
		return end, ok
	})
}

// info decodes more_records (a boolean) and next_page_token (a string);
// null leaves either as it is, other members are skipped.
func (d *pageDecoder) info(i int, p *page) (int, bool) {
	if i >= len(d.doc) || d.doc[i] != '{' {
		return i, false
	}
	return d.object(i, func(key string, i int) (int, bool) {
		v, end, ok := d.value(i, 1)
		if !ok {
			return end, false
		}
		switch {
		case key == "more_records":
			switch b := v.(type) {
			case nil:
			case bool:
				p.Info.MoreRecords = b
			default:
				return end, false
			}
		case key == "next_page_token":
			switch s := v.(type) {
			case nil:
			case string:
				p.Info.NextPageToken = s
			default:
				return end, false
			}
		case strings.EqualFold(key, "more_records") || strings.EqualFold(key, "next_page_token"):
			return end, false
		}
		return end, true
	})
}

// elements walks the array at doc[i], f decoding each element.
func (d *pageDecoder) elements(i int, f func(i int) (int, bool)) (int, bool) {
	i = d.space(i + 1)
	if i < len(d.doc) && d.doc[i] == ']' {
		return i + 1, true
	}
	for {
		var ok bool
		if i, ok = f(i); !ok {
			return i, false
		}
		if i = d.space(i); i == len(d.doc) {
			return i, false
		}
		switch d.doc[i] {
		case ']':
			return i + 1, true
		case ',':
			i = d.space(i + 1)
		default:
			return i, false
		}
	}
}

// value decodes the value at doc[i] as encoding/json decodes into an
// interface with UseNumber.
func (d *pageDecoder) value(i, depth int) (any, int, bool) {
	if depth > maxPageDepth || i >= len(d.doc) {
		return nil, i, false
	}
	switch c := d.doc[i]; {
	case c == '{':
		m := map[string]any{}
		end, ok := d.object(i, func(key string, i int) (int, bool) {
			v, end, ok := d.value(i, depth+1)
			m[key] = v
			return end, ok
		})
		return m, end, ok
	case c == '[':
		a := []any{}
		end, ok := d.elements(i, func(i int) (int, bool) {
			v, end, ok := d.value(i, depth+1)
			a = append(a, v)
			return end, ok
		})
		return a, end, ok
	case c == '"':
		return d.str(i)
	case strings.HasPrefix(d.doc[i:], "true"):
		return true, i + 4, true
	case strings.HasPrefix(d.doc[i:], "false"):
		return false, i + 5, true
	case strings.HasPrefix(d.doc[i:], "null"):
		return nil, i + 4, true
	}
	end := numberEnd(d.doc, i)
	if end == i {
		return nil, i, false
	}
	return json.Number(d.doc[i:end]), end, true
}

// str decodes the string at doc[i]: a view of the document when plain,
// else encoding/json's decoding of it. A raw control character is not
// JSON.
func (d *pageDecoder) str(i int) (string, int, bool) {
	if i >= len(d.doc) || d.doc[i] != '"' {
		return "", i, false
	}
	plain := true
	for j := i + 1; j < len(d.doc); j++ {
		switch c := d.doc[j]; {
		case c == '"':
			if plain {
				return d.doc[i+1 : j], j + 1, true
			}
			var s string
			if json.Unmarshal([]byte(d.doc[i:j+1]), &s) != nil {
				return "", i, false
			}
			return s, j + 1, true
		case c == '\\':
			plain = false
			j++
		case c < 0x20:
			return "", i, false
		case c > 0x7e:
			plain = false
		}
	}
	return "", i, false
}

// numberEnd returns the end of the JSON number at s[i], or i when there is
// none.
func numberEnd(s string, i int) int {
	j := i
	if j < len(s) && s[j] == '-' {
		j++
	}
	switch {
	case j < len(s) && s[j] == '0':
		j++
	case j < len(s) && s[j] >= '1' && s[j] <= '9':
		j = digitsEnd(s, j)
	default:
		return i
	}
	if j < len(s) && s[j] == '.' {
		k := digitsEnd(s, j+1)
		if k == j+1 {
			return i
		}
		j = k
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		e := digitsEnd(s, k)
		if e == k {
			return i
		}
		j = e
	}
	return j
}

func digitsEnd(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
