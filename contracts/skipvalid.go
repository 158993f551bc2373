package contracts

// The validating scanner of the tree walk: what the schema leaves open is
// skipped, and its syntax checked as encoding/json's scanner checks it
// (json.Valid): strings without raw control characters and with only
// JSON's escapes, numbers in JSON's grammar, the three literals, and
// objects and arrays with their colons and commas. Like the scanner, it
// does not check UTF-8. It answers false for anything else, and for
// nesting deeper than maxSkipDepth (json.Valid allows 10000 levels: such
// a body is left to kin-openapi, which is exact).

// maxSkipDepth bounds skipValid's recursion.
const maxSkipDepth = 1000

// skipValid returns the end of the JSON value at doc[i], and whether it
// is valid JSON.
func skipValid(doc string, i, depth int) (int, bool) {
	if depth > maxSkipDepth || i >= len(doc) {
		return i, false
	}
	switch c := doc[i]; {
	case c == '"':
		return skipString(doc, i)
	case c == '{':
		return skipObject(doc, i, depth)
	case c == '[':
		return skipArray(doc, i, depth)
	case c == 't':
		return literal(doc, i, "true")
	case c == 'f':
		return literal(doc, i, "false")
	case c == 'n':
		return literal(doc, i, "null")
	case c == '-' || c >= '0' && c <= '9':
		return skipNumber(doc, i)
	}
	return i, false
}

func literal(doc string, i int, lit string) (int, bool) {
	if len(doc)-i >= len(lit) && doc[i:i+len(lit)] == lit {
		return i + len(lit), true
	}
	return i, false
}

// skipString returns the end of the JSON string at doc[i].
func skipString(doc string, i int) (int, bool) {
	if i >= len(doc) || doc[i] != '"' {
		return i, false
	}
	for j := i + 1; j < len(doc); j++ {
		switch c := doc[j]; {
		case c == '"':
			return j + 1, true
		case c < 0x20:
			return j, false
		case c == '\\':
			j++
			if j == len(doc) {
				return j, false
			}
			switch doc[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(doc)-j <= 4 || !isHex(doc[j+1]) || !isHex(doc[j+2]) || !isHex(doc[j+3]) || !isHex(doc[j+4]) {
					return j, false
				}
				j += 4
			default:
				return j, false
			}
		}
	}
	return len(doc), false
}

// skipNumber returns the end of the JSON number at doc[i]:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func skipNumber(doc string, i int) (int, bool) {
	j := i
	if j < len(doc) && doc[j] == '-' {
		j++
	}
	switch {
	case j < len(doc) && doc[j] == '0':
		j++
	case j < len(doc) && doc[j] >= '1' && doc[j] <= '9':
		j = digits(doc, j)
	default:
		return j, false
	}
	if j < len(doc) && doc[j] == '.' {
		k := digits(doc, j+1)
		if k == j+1 {
			return k, false
		}
		j = k
	}
	if j < len(doc) && (doc[j] == 'e' || doc[j] == 'E') {
		j++
		if j < len(doc) && (doc[j] == '+' || doc[j] == '-') {
			j++
		}
		k := digits(doc, j)
		if k == j {
			return k, false
		}
		j = k
	}
	return j, true
}

func digits(doc string, j int) int {
	for j < len(doc) && doc[j] >= '0' && doc[j] <= '9' {
		j++
	}
	return j
}

func skipObject(doc string, i, depth int) (int, bool) {
	if i = skipSpace(doc, i+1); i < len(doc) && doc[i] == '}' {
		return i + 1, true
	}
	for {
		end, ok := skipString(doc, i)
		if !ok {
			return end, false
		}
		if i = skipSpace(doc, end); i == len(doc) || doc[i] != ':' {
			return i, false
		}
		if end, ok = skipValid(doc, skipSpace(doc, i+1), depth+1); !ok {
			return end, false
		}
		if i = skipSpace(doc, end); i == len(doc) {
			return i, false
		}
		switch doc[i] {
		case '}':
			return i + 1, true
		case ',':
			i = skipSpace(doc, i+1)
		default:
			return i, false
		}
	}
}

func skipArray(doc string, i, depth int) (int, bool) {
	if i = skipSpace(doc, i+1); i < len(doc) && doc[i] == ']' {
		return i + 1, true
	}
	for {
		end, ok := skipValid(doc, i, depth+1)
		if !ok {
			return end, false
		}
		if i = skipSpace(doc, end); i == len(doc) {
			return i, false
		}
		switch doc[i] {
		case ']':
			return i + 1, true
		case ',':
			i = skipSpace(doc, i+1)
		default:
			return i, false
		}
	}
}
