package crmdata

import (
	"strconv"
	"strings"
	"time"
)

// nameOf is a record's display name.
func nameOf(m *module, r *Record) string {
	s, _ := r.Values[m.display].(string)
	return s
}

// derive recomputes the fields Zoho computes from others: Full_Name,
// Expected_Revenue, Call_Duration_in_seconds and Closed_Time (at now when
// a task is completed).
func derive(m *module, v map[string]any, now time.Time) {
	if derived(m, "Full_Name") {
		var parts []string
		for _, k := range []string{"Salutation", "First_Name", "Last_Name"} {
			if s, _ := v[k].(string); s != "" {
				parts = append(parts, s)
			}
		}
		v["Full_Name"] = strings.Join(parts, " ")
	}
	if derived(m, "Expected_Revenue") {
		amount, okA := v["Amount"].(float64)
		p, okP := v["Probability"].(int64)
		if okA && okP {
			v["Expected_Revenue"] = round2(amount * float64(p) / 100)
		} else {
			v["Expected_Revenue"] = nil
		}
	}
	if derived(m, "Call_Duration_in_seconds") {
		v["Call_Duration_in_seconds"] = seconds(v["Call_Duration"])
	}
	if derived(m, "Closed_Time") {
		if v["Status"] != "Completed" {
			v["Closed_Time"] = nil
		} else if _, ok := v["Closed_Time"].(time.Time); !ok {
			v["Closed_Time"] = now
		}
	}
}

// derived says whether derive computes field api of m.
func derived(m *module, api string) bool {
	has := func(api string) bool { _, ok := m.fieldAt[api]; return ok }
	if !has(api) {
		return false
	}
	switch api {
	case "Full_Name":
		return has("Last_Name")
	case "Expected_Revenue":
		return has("Probability") && has("Amount")
	case "Call_Duration_in_seconds":
		return has("Call_Duration")
	case "Closed_Time":
		return has("Status")
	}
	return false
}

// seconds reads a call duration "mm:ss" or "hh:mm:ss".
func seconds(v any) any {
	s, _ := v.(string)
	if s == "" {
		return nil
	}
	var total int64
	for _, part := range strings.Split(s, ":") {
		n, err := strconv.ParseInt(part, 10, 64)
		if err != nil || n < 0 || n > 1<<31 {
			return nil
		}
		total = total*60 + n
	}
	return total
}

// cloneValues copies a record's values deeply enough that neither side
// can change the other's.
func cloneValues(v map[string]any) map[string]any {
	out := make(map[string]any, len(v))
	for k, x := range v {
		out[k] = cloneValue(x)
	}
	return out
}

func cloneValue(x any) any {
	switch y := x.(type) {
	case []string:
		return append([]string{}, y...)
	case []Ref:
		return append([]Ref{}, y...)
	case []any:
		out := make([]any, len(y))
		for i, e := range y {
			out[i] = cloneValue(e)
		}
		return out
	case map[string]any:
		return cloneValues(y)
	}
	return x
}

func cloneRecord(r *Record) Record {
	return Record{ID: r.ID, Created: r.Created, Modified: r.Modified, Values: cloneValues(r.Values)}
}
