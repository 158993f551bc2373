package zohocrm

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The query parsers are pure functions: fuzz them for panics and for
// answers outside Zoho's vocabulary.

var queryCodes = map[string]bool{
	CodeAmbiguity: true, CodeRequiredParamMissing: true, CodeLimitExceeded: true, CodeInvalidData: true,
	CodeDiscretePaginationLim: true,
}

func FuzzParseList(f *testing.F) {
	for _, seed := range []struct {
		v     int
		query string
		ims   string
	}{
		{1, "", ""},
		{7, "fields=Last_Name,Email&per_page=200&page=10", ""},
		{8, "fields=a,,b, c ,A&page_token=abc123&sort_by=Modified_Time&sort_order=ASC", "2024-07-16T05:56:33-07:00"},
		{4, "page=11&per_page=200&converted=both&ids=1,2,3", "Mon, 02 Jan 2006 15:04:05 GMT"},
		{5, "cvid=1&sort_by=id", "junk"},
		{3, "page=0&per_page=-1&ids=x", ""},
		{6, "page=1&page_token=ff", ""},
		{2, "per_page=999999999999", "2019-07-25T15:26:49+05:30"},
	} {
		f.Add(seed.v, seed.query, seed.ims)
	}
	cfg := Config{}.withDefaults()
	f.Fuzz(func(t *testing.T, vn int, rawQuery, ims string) {
		v := Version(1 + (vn%8+8)%8)
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			return
		}
		p, err := parseList(v, cfg, q, ims)
		if err != nil {
			var e *Error
			require.True(t, errors.As(err, &e), "%v is not a Zoho error", err)
			assert.Equal(t, http.StatusBadRequest, e.Status())
			assert.True(t, queryCodes[e.Code], e.Code)
			return
		}
		assert.GreaterOrEqual(t, p.Page, 1)
		assert.True(t, p.PerPage >= 1 && p.PerPage <= cfg.MaxPerPage)
		assert.LessOrEqual(t, len(p.Fields), cfg.MaxFields)
		assert.LessOrEqual(t, len(p.IDs), cfg.MaxIDs)
		for _, id := range p.IDs {
			assert.True(t, digits(id) && len(id) <= 19, id)
		}
		assert.Contains(t, sortFields, p.SortBy)
		assert.Contains(t, sortOrders, p.SortOrder)
		assert.Contains(t, converteds, p.Converted)
		if v >= cfg.FieldsRequiredFrom {
			assert.NotEmpty(t, p.Fields)
		}
		if p.PageToken != "" {
			assert.True(t, validToken(p.PageToken))
			assert.GreaterOrEqual(t, v, cfg.PageTokenFrom)
		} else if v >= cfg.DiscreteCapFrom {
			assert.LessOrEqual(t, p.Page*p.PerPage, cfg.DiscreteLimit)
		}
		assert.GreaterOrEqual(t, p.Offset(), 0)
	})
}

// parseFieldsRef is parseFields as it was first written: duplicates by a
// map of lower-cased names.
func parseFieldsRef(raw string, max int) ([]string, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	var out []string
	seen := map[string]bool{}
	for name := range strings.SplitSeq(raw, ",") {
		name = strings.TrimSpace(name)
		key := strings.ToLower(name)
		if name == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, name)
		if len(out) > max {
			return nil, limitExceeded("fields", max)
		}
	}
	return out, nil
}

func FuzzParseFields(f *testing.F) {
	for _, s := range []string{"", "Last_Name", "a,b,,c", " x , X ,y", strings.Repeat("f,", 60), ",,,", "\x00,é",
		"\u212a,k,K", "\u017f,s,S", "İ,i̇,I", "ß,SS,ss", "Ω,ω,\u2126", "a\xff,A\xff", "\xc3,\xc3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		names, err := parseFields(raw, 50)
		refNames, refErr := parseFieldsRef(raw, 50)
		assert.Equal(t, refNames, names, "as the map of lower-cased names decides")
		assert.Equal(t, refErr, err)
		if err != nil {
			assert.True(t, errors.Is(err, limitExceeded("fields", 50)))
			return
		}
		seen := map[string]bool{}
		for _, n := range names {
			assert.NotEmpty(t, n)
			assert.Equal(t, strings.TrimSpace(n), n)
			assert.NotContains(t, n, ",")
			assert.False(t, seen[strings.ToLower(n)], "duplicate %q", n)
			seen[strings.ToLower(n)] = true
		}
		assert.LessOrEqual(t, len(names), 50)
	})
}

func FuzzParseIDs(f *testing.F) {
	for _, s := range []string{"", "1", "5725767000000002175,5725767000000002176", "1,1,1", "12345678901234567890", "a", " 7 , 8 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		ids, err := parseIDs(raw, 100)
		if err != nil {
			var e *Error
			require.True(t, errors.As(err, &e))
			assert.Contains(t, []string{CodeInvalidData, CodeLimitExceeded}, e.Code)
			return
		}
		seen := map[string]bool{}
		for _, id := range ids {
			assert.True(t, digits(id) && len(id) <= 19, id)
			assert.False(t, seen[id])
			seen[id] = true
		}
	})
}

func FuzzParseSort(f *testing.F) {
	for _, s := range []string{"", "id", "ID", "Created_Time", "modified_time", "Last_Name", "\xff"} {
		f.Add(s, "desc")
	}
	f.Fuzz(func(t *testing.T, by, order string) {
		b, err := parseChoice("sort_by", by, "id", sortFields)
		if err == nil {
			assert.Contains(t, sortFields, b)
			assert.True(t, by == "" || strings.EqualFold(by, b))
		}
		o, err := parseChoice("sort_order", order, "desc", sortOrders)
		if err == nil {
			assert.Contains(t, sortOrders, o)
		}
	})
}

func FuzzParseSince(f *testing.F) {
	for _, s := range []string{"", "2019-07-25T15:26:49+05:30", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00.123456789-07:00",
		"Mon, 02 Jan 2006 15:04:05 GMT", "2024-13-01T00:00:00Z", "garbage", "2024-01-01T00:00:00+0530"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		at, err := parseSince(raw, Refuse)
		if err != nil {
			assert.True(t, errors.Is(err, invalidData("If-Modified-Since")))
			_, err := parseSince(raw, Ignore)
			assert.NoError(t, err)
			return
		}
		if strings.TrimSpace(raw) == "" {
			assert.True(t, at.IsZero())
		}
	})
}

func FuzzRedeemPageToken(f *testing.F) {
	s := New(Config{}, nil, nil, func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) })
	now := s.now()
	live := s.pageToken("o", "u", "b", 200, now)
	for _, seed := range []string{"", live.Token, strings.ToUpper(live.Token), live.Token + "0", "zz", strings.Repeat("a", 200)} {
		f.Add(seed, "b")
	}
	f.Fuzz(func(t *testing.T, token, bind string) {
		off, err := s.redeem(token, "o", "u", bind, now)
		if token == live.Token && bind == "b" {
			require.NoError(t, err)
			assert.Equal(t, 200, off)
			return
		}
		require.Error(t, err)
		var e *Error
		require.True(t, errors.As(err, &e))
		assert.Contains(t, []string{CodeInvalidData, CodeTokenBoundDataMismatch}, e.Code)
	})
}

// FuzzAppendString: the hand-written JSON string encoder agrees with
// encoding/json.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", `q"uote\`, "tab\tnew\nline\r", "\x00\x1f", "é€😀", "\u2028\u2029", "\xff\xfe", "<&>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := appendString(nil, s)
		require.True(t, json.Valid(out), "%q", out)
		var back string
		require.NoError(t, json.Unmarshal(out, &back))
		if utf8.ValidString(s) {
			assert.Equal(t, s, back)
		}
		want, err := json.Marshal(s)
		require.NoError(t, err)
		assert.Equal(t, strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(string(want),
			`\u003c`, "<"), `\u003e`, ">"), `\u0026`, "&"), string(out))
	})
}

func TestTruncate(t *testing.T) {
	assert.Equal(t, "abc", truncate("abcdef", 3))
	assert.Equal(t, "éé", truncate("ééé", 2))
	assert.Equal(t, "ab", truncate("ab", 5))
	assert.Equal(t, "", truncate("ab", 0))
}

func TestAppendFloat(t *testing.T) {
	for _, f := range []float64{0, 1, -1.5, 850000, 1e21, 1e-7, 123456789.125, 0.1} {
		want, _ := json.Marshal(f)
		assert.Equal(t, string(want), string(appendFloat(nil, f)))
	}
}

// FuzzBinding holds bindingOf, with the fields joined once per resolved
// read, to binding.
func FuzzBinding(f *testing.F) {
	f.Add("Leads", "Last_Name,Email", "id", "desc", "false", 200, "1,2", int64(0))
	f.Add("LEADS", "", "Modified_Time", "asc", "both", 7, "", int64(1767225600))
	f.Add("Léads", "b,a,B", "", "", "", 0, "3,1,2", int64(-1))
	f.Fuzz(func(t *testing.T, module, fields, sortBy, order, converted string, perPage int, ids string, since int64) {
		p := listParams{SortBy: sortBy, SortOrder: order, Converted: converted, PerPage: perPage}
		if ids != "" {
			p.IDs = strings.Split(ids, ",")
		}
		if since != 0 {
			p.Since = time.Unix(since, 0)
		}
		for _, names := range [][]string{nil, {}, strings.Split(fields, ",")} {
			joined := "*"
			if names != nil {
				joined = strings.Join(sortedCopy(names), ",")
			}
			assert.Equal(t, bindingRef(module, p, names), bindingOf(module, p, joined))
			assert.Equal(t, bindingRef(module, p, names), binding(module, p, names))
		}
	})
}

// bindingRef is binding as it was first written.
func bindingRef(module string, p listParams, fields []string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(module))
	b.WriteString("|f=")
	if fields == nil {
		b.WriteString("*")
	}
	b.WriteString(strings.Join(sortedCopy(fields), ","))
	b.WriteString("|s=" + p.SortBy + " " + p.SortOrder)
	b.WriteString("|c=" + p.Converted)
	b.WriteString("|n=" + strconv.Itoa(p.PerPage))
	b.WriteString("|ids=" + strings.Join(sortedCopy(p.IDs), ","))
	if !p.Since.IsZero() {
		b.WriteString("|since=" + strconv.FormatInt(p.Since.Unix(), 10))
	}
	return b.String()
}
