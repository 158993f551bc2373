package journal

import (
	"time"

	"github.com/zohoaep/zohoaep/contracts"
)

// record is an Entry as the ring keeps it: numbers and ids into the
// journal's string table, and no pointer at all, so that the garbage
// collector does not scan the ring (TestRecordHasNoPointers).
type record struct {
	seq           uint64
	time, virtual stamp
	durationMS    float64
	status        int
	strs          [numFields]uint32 // ids in the stringTable
	flags         uint8
}

// The strings of a record, by their index in record.strs.
const (
	fService = iota
	fOperation
	fTenant
	fClient
	fLocation
	fSourceIP
	fMethod
	fPath
	fQuery
	fBody
	fRespBody
	fFault
	fHeader     // PackedHeader
	fRespHeader // PackedHeader
	fContract   // the verdict's
	fVerdictOp  // the verdict's operation
	fViolations // the verdict's violations, packed (packViolations)
	fTimeZone   // Time's zone name, when neither UTC nor Local
	fVirtualZone
	numFields
)

// views are the fields that may be views into a request's buffers: the
// table keeps a copy of their text instead.
var views = [numFields]bool{fMethod: true, fPath: true, fClient: true}

const (
	hasVerdict    = 1 << iota
	hasViolations // Violations is not nil (it may be empty)
)

// stamp is a time.Time without its pointer: the instant, and its zone as
// UTC, Local, or a fixed offset whose name is a string of the record.
// Times come back as they went in, but for a monotonic clock reading,
// which is dropped, and a zone other than UTC and Local, which comes back
// as the fixed zone (name and offset) it had at that instant.
type stamp struct {
	sec    int64
	nsec   int32
	offset int32
	zone   uint8
}

const (
	zoneUTC = iota
	zoneLocal
	zoneFixed
)

func stampOf(t time.Time) (s stamp, zoneName string) {
	s = stamp{sec: t.Unix(), nsec: int32(t.Nanosecond())}
	switch t.Location() {
	case time.UTC:
		s.zone = zoneUTC
	case time.Local:
		s.zone = zoneLocal
	default:
		name, offset := t.Zone()
		s.zone, s.offset = zoneFixed, int32(offset)
		return s, name
	}
	return s, ""
}

func (s stamp) time(zoneName string) time.Time {
	t := time.Unix(s.sec, int64(s.nsec))
	switch s.zone {
	case zoneUTC:
		return t.UTC()
	case zoneLocal:
		return t
	default:
		return t.In(time.FixedZone(zoneName, int(s.offset)))
	}
}

// before reports whether s is before t.
func (s stamp) before(t time.Time) bool {
	sec := t.Unix()
	return s.sec < sec || s.sec == sec && int(s.nsec) < t.Nanosecond()
}

// after reports whether s is after t.
func (s stamp) after(t time.Time) bool {
	sec := t.Unix()
	return s.sec > sec || s.sec == sec && int(s.nsec) > t.Nanosecond()
}

// pack makes e a record, interning its strings in t; hint is the previous
// record, whose strings e most often repeats. Its headers come packed.
func pack(t *stringTable, e *Entry, header, respHeader PackedHeader, hint *record) record {
	var strs [numFields]string
	strs[fService], strs[fOperation], strs[fTenant], strs[fClient] = e.Service, e.Operation, e.Tenant, e.Client
	strs[fLocation], strs[fSourceIP], strs[fMethod], strs[fPath] = e.Location, e.SourceIP, e.Method, e.Path
	strs[fQuery], strs[fBody], strs[fRespBody], strs[fFault] = e.Query, e.Body, e.RespBody, e.Fault
	r := record{seq: e.Seq, durationMS: e.DurationMS, status: e.Status}
	r.time, strs[fTimeZone] = stampOf(e.Time)
	r.virtual, strs[fVirtualZone] = stampOf(e.VirtualTime)
	strs[fHeader], strs[fRespHeader] = string(header), string(respHeader)
	if v := e.Verdict; v != nil {
		r.flags |= hasVerdict
		strs[fContract], strs[fVerdictOp] = v.Contract, v.Operation
		if v.Violations != nil {
			r.flags |= hasViolations
			var buf [256]byte
			strs[fViolations] = t.text(packViolations(buf[:0], v.Violations))
		}
	}
	for f, s := range strs {
		r.strs[f] = t.intern(s, hint.strs[f], views[f])
	}
	return r
}

// release gives r's strings back to t.
func (r *record) release(t *stringTable) {
	for _, id := range r.strs {
		t.release(id)
	}
}

// violated reports a verdict that broke a rule.
func (r *record) violated() bool { return r.strs[fViolations] != 0 }

// fields is the record as an Entry, but for Header, RespHeader and
// Verdict, which stay nil: no allocation.
func (r *record) fields(t *stringTable) Entry {
	s := func(f int) string { return t.str(r.strs[f]) }
	return Entry{
		Seq: r.seq, Time: r.time.time(s(fTimeZone)), VirtualTime: r.virtual.time(s(fVirtualZone)),
		DurationMS: r.durationMS, Service: s(fService), Operation: s(fOperation), Tenant: s(fTenant),
		Client: s(fClient), Location: s(fLocation), SourceIP: s(fSourceIP), Method: s(fMethod),
		Path: s(fPath), Query: s(fQuery), Body: s(fBody), Status: r.status, RespBody: s(fRespBody),
		Fault: s(fFault),
	}
}

// entry is the record as an Entry of its own: maps and verdict are fresh.
func (r *record) entry(t *stringTable) Entry {
	e := r.fields(t)
	e.Header, e.RespHeader = unpackHeader(t.str(r.strs[fHeader])), unpackHeader(t.str(r.strs[fRespHeader]))
	if r.flags&hasVerdict != 0 {
		e.Verdict = &contracts.Verdict{Contract: t.str(r.strs[fContract]), Operation: t.str(r.strs[fVerdictOp])}
		if r.flags&hasViolations != 0 {
			e.Verdict.Violations = unpackViolations(t.str(r.strs[fViolations]))
		}
	}
	return e
}

// packViolations packs vs as PackHeader packs headers: side, rule, where
// and message of each, length-prefixed.
func packViolations(b []byte, vs []contracts.Violation) []byte {
	for _, v := range vs {
		b = appendPair(b, string(v.Side), v.Rule)
		b = appendPair(b, v.Where, v.Message)
	}
	return b
}

func unpackViolations(p string) []contracts.Violation {
	vs := []contracts.Violation{}
	for p != "" {
		var side, rule, where, message string
		side, p = next(p)
		rule, p = next(p)
		where, p = next(p)
		message, p = next(p)
		vs = append(vs, contracts.Violation{Side: contracts.Side(side), Rule: rule, Where: where, Message: message})
	}
	return vs
}
