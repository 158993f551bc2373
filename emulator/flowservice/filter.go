package flowservice

import (
	"strconv"
	"strings"
)

// The `property` filter of list requests, as Adobe documents it:
// https://experienceleague.adobe.com/docs/experience-platform/dataflows/api/sort-and-filter.html
//
//	property=name=="CRMToAEP"                      equality, quoted string
//	property=state==enabled                        equality, bare value
//	property=id==736873,9485095                    any of several values
//	property=lastRunDetails.startedAtUTC>=1670880253121
//	property=sourceConnectionIds[]==9874984        any element of an array
//	property=transformations[].params.mappingId==x nested paths through arrays
//	property=state==enabled&property=name==x       repeated params: AND
//	property=state==enabled,flowSpec.id==x         comma-separated clauses: AND
//
// A comma-separated piece that is not a clause of its own (no operator) is
// one more value of the clause before it. Operators: ==, != (also = for ==,
// as one of Adobe's examples spells it), <, >, <=, >=; "~" is answered
// 1440 "not implemented", as Adobe's catalogue lists. Values compare as
// numbers when both sides are numbers and the value is not quoted, as
// booleans likewise, and as strings otherwise.

// Filter is a parsed `property` filter: every clause must hold.
type Filter []Clause

// Clause is one comparison: a path, an operator and its values.
type Clause struct {
	Path   []Segment
	Op     string // "==", "!=", "<", ">", "<=", ">="
	Values []Value
}

// Segment is one step of a path; Array says it was written "name[]".
type Segment struct {
	Name  string
	Array bool
}

// Value is one operand; Quoted values always compare as strings.
type Value struct {
	Text   string
	Quoted bool
}

const opChars = "=!<>~"

// ParseFilter parses the values of every `property` parameter of a request.
// fields, when not nil, are the top-level fields the resource has (others
// are 1449); values of the timestamp fields must be integers (1452).
func ParseFilter(params []string, fields map[string]bool) (Filter, error) {
	var f Filter
	for _, p := range params {
		clauses, err := parseProperty(p)
		if err != nil {
			return nil, err
		}
		for _, c := range clauses {
			if err := c.check(fields); err != nil {
				return nil, err
			}
		}
		f = append(f, clauses...)
	}
	return f, nil
}

// parseProperty parses one `property` parameter.
func parseProperty(p string) ([]Clause, error) {
	pieces, ok := splitOutsideQuotes(p)
	if !ok {
		return nil, errQueryValue(p)
	}
	var out []Clause
	for _, piece := range pieces {
		i := strings.IndexAny(piece, opChars)
		if i < 0 {
			// One more value of the clause before.
			if len(out) == 0 || piece == "" {
				return nil, errQueryValue(p)
			}
			v, err := parseValue(piece, p)
			if err != nil {
				return nil, err
			}
			last := &out[len(out)-1]
			if last.Op != "==" && last.Op != "!=" {
				return nil, errMultipleValues(last.Op)
			}
			last.Values = append(last.Values, v)
			continue
		}
		c, err := parseClause(piece, i, p)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errQueryValue(p)
	}
	return out, nil
}

// parseClause parses "path op value", the operator starting at i.
func parseClause(piece string, i int, whole string) (Clause, error) {
	j := i
	for j < len(piece) && strings.IndexByte(opChars, piece[j]) >= 0 {
		j++
	}
	op := piece[i:j]
	switch op {
	case "==", "!=", "<", ">", "<=", ">=":
	case "=":
		op = "=="
	case "~":
		return Clause{}, errOperatorNotImplemented(op)
	default:
		return Clause{}, errFilterOperator(op)
	}
	path, ok := parsePath(piece[:i])
	if !ok {
		return Clause{}, errQueryValue(piece)
	}
	if j == len(piece) {
		return Clause{}, errQueryValue(piece)
	}
	v, err := parseValue(piece[j:], whole)
	if err != nil {
		return Clause{}, err
	}
	return Clause{Path: path, Op: op, Values: []Value{v}}, nil
}

// parsePath parses "a.b[].c": names of letters, digits and _ $ @ - :.
func parsePath(s string) ([]Segment, bool) {
	if s == "" {
		return nil, false
	}
	parts := strings.Split(s, ".")
	out := make([]Segment, 0, len(parts))
	for _, part := range parts {
		seg := Segment{Name: part}
		if name, ok := strings.CutSuffix(part, "[]"); ok {
			seg = Segment{Name: name, Array: true}
		}
		if seg.Name == "" {
			return nil, false
		}
		for _, r := range seg.Name {
			if !(r == '_' || r == '$' || r == '@' || r == '-' || r == ':' ||
				r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				return nil, false
			}
		}
		out = append(out, seg)
	}
	return out, true
}

func parseValue(s, whole string) (Value, error) {
	switch {
	case s == "":
		return Value{}, errQueryValue(whole)
	case s[0] == '"':
		if len(s) < 2 || s[len(s)-1] != '"' || strings.Count(s, `"`) != 2 {
			return Value{}, errQueryValue(whole)
		}
		return Value{Text: s[1 : len(s)-1], Quoted: true}, nil
	case s[0] == '{' || s[0] == '[':
		return Value{}, errFilterValueType()
	case strings.ContainsRune(s, '"'):
		return Value{}, errQueryValue(whole)
	}
	return Value{Text: s}, nil
}

// splitOutsideQuotes splits on commas that are not inside double quotes;
// ok is false when a quote is left open.
func splitOutsideQuotes(s string) ([]string, bool) {
	var out []string
	quoted, start := false, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:]), !quoted
}

// numericFields are the fields whose filter values must be numbers (1452).
var numericFields = map[string]bool{
	"createdAt": true, "updatedAt": true, "startedAtUTC": true, "completedAtUTC": true,
	"created": true, "updated": true, "createdDate": true, "modifiedDate": true,
}

// check applies Adobe's field rules to a parsed clause.
func (c Clause) check(fields map[string]bool) error {
	root := c.Path[0].Name
	if fields != nil && !fields[root] {
		return errFilterField(root)
	}
	if root == "id" && len(c.Path) == 1 && c.Op != "==" && c.Op != "!=" {
		return errOperatorForField(c.Op, "id")
	}
	if last := c.Path[len(c.Path)-1].Name; numericFields[last] {
		for _, v := range c.Values {
			if _, err := strconv.ParseInt(v.Text, 10, 64); err != nil {
				texts := make([]string, len(c.Values))
				for i, v := range c.Values {
					texts[i] = v.Text
				}
				return errFilterValue(strings.Join(texts, ","), last)
			}
		}
	}
	return nil
}

// String renders the clause back in filter syntax.
func (c Clause) String() string {
	var b strings.Builder
	for i, s := range c.Path {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.Name)
		if s.Array {
			b.WriteString("[]")
		}
	}
	b.WriteString(c.Op)
	for i, v := range c.Values {
		if i > 0 {
			b.WriteByte(',')
		}
		if v.Quoted {
			b.WriteString(`"` + v.Text + `"`)
		} else {
			b.WriteString(v.Text)
		}
	}
	return b.String()
}
