// Package optable is the SDK's one operation table: every operation of
// the effective spec (api/openapi.effective.yaml) with its method, path
// template, retry class and the facade functions that send it, generated
// into table.gen.go by go generate, and the router that finds the
// operation of a request from its method and path.
package optable

import (
	"net/url"
	"strings"
)

// Operation is one API operation. The service method that sends it puts
// it in the request's context for the transport chain.
type Operation struct {
	ID     string // the operationId, pinned by api/overlay.yaml
	Method string // the HTTP method, upper case
	Path   string // the path template, such as "/v1/contact/{id}"
	// Idempotent is the retry class: true for an operation that has the
	// same effect sent once or twice (a GET, HEAD, PUT or DELETE, or one
	// the effective spec marks x-idempotent: true), which is also retried
	// after a connection error and a 408 or 5xx; false for one that is
	// retried only after a 429, which the server sent without acting.
	Idempotent bool
	// Methods are the facade functions that send the operation, as
	// "Type.Method" or "Func" (x-leadfox-methods of api/overlay.yaml).
	Methods []string
}

// Name returns the operationId, or "" for a nil op.
func (op *Operation) Name() string {
	if op == nil {
		return ""
	}
	return op.ID
}

// byID is All keyed by operationId.
var byID = func() map[string]*Operation {
	m := make(map[string]*Operation, len(All))
	for _, op := range All {
		m[op.ID] = op
	}
	return m
}()

// ByID returns the operation of id, or nil if the spec has none.
func ByID(id string) *Operation { return byID[id] }

// route is an operation with its path template split into segments; a
// segment "{...}" is a parameter.
type route struct {
	op       *Operation
	segments []string
}

// routes is All, split for matching, and byOp the same keyed by operation.
var routes, byOp = newRoutes(All)

func newRoutes(ops []*Operation) ([]route, map[*Operation][]string) {
	all := make([]route, len(ops))
	by := make(map[*Operation][]string, len(ops))
	for i, op := range ops {
		segs := strings.Split(strings.TrimPrefix(op.Path, "/"), "/")
		all[i] = route{op: op, segments: segs}
		by[op] = segs
	}
	return all, by
}

// Match returns the operation of a request with method whose escaped
// path, below the base URL's path prefix, is path, and the resource id
// it names (see [ResourceOf]); nil and "" if none. A literal segment wins
// over a parameter, so POST /v1/contact/upsert is upsertContact whatever
// the table's order.
func Match(method, path string) (*Operation, string) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	var best *route
	bestParams := -1
	for i := range routes {
		rt := &routes[i]
		if rt.op.Method != method {
			continue
		}
		if n, ok := fits(rt.segments, segs); ok && (best == nil || n < bestParams) {
			best, bestParams = rt, n
		}
	}
	if best == nil {
		return nil, ""
	}
	return best.op, lastParam(best.segments, segs)
}

// ResourceOf returns the resource id that path names for op: the value
// of the last path parameter of its template, unescaped, such as the
// contact of getContact and of addContactToList. It is "" if op has no
// path parameter or path does not fit its template. It allocates nothing
// unless the id is escaped: it runs on every call of a service method.
func ResourceOf(op *Operation, path string) string {
	tmpl := byOp[op]
	if tmpl == nil {
		return ""
	}
	rest, last := strings.TrimPrefix(path, "/"), ""
	for i, s := range tmpl {
		seg, tail, more := strings.Cut(rest, "/")
		if more != (i < len(tmpl)-1) || (!isParam(s) && s != seg) || seg == "" {
			return ""
		}
		if isParam(s) {
			last = seg
		}
		rest = tail
	}
	return unescapeSegment(last)
}

// fits reports whether segs are the path of the template tmpl, and how
// many of its segments are parameters.
func fits(tmpl, segs []string) (params int, ok bool) {
	if len(segs) != len(tmpl) {
		return 0, false
	}
	for i, s := range tmpl {
		switch {
		case isParam(s):
			if segs[i] == "" {
				return 0, false
			}
			params++
		case s != segs[i]:
			return 0, false
		}
	}
	return params, true
}

// lastParam returns the unescaped value of the last parameter of segs,
// which fit the template tmpl.
func lastParam(tmpl, segs []string) string {
	for i := len(tmpl) - 1; i >= 0; i-- {
		if isParam(tmpl[i]) {
			return unescapeSegment(segs[i])
		}
	}
	return ""
}

// unescapeSegment returns the path segment seg unescaped, or as it is if
// it is not a valid escape.
func unescapeSegment(seg string) string {
	if !strings.Contains(seg, "%") {
		return seg
	}
	v, err := url.PathUnescape(seg)
	if err != nil {
		return seg
	}
	return v
}

func isParam(seg string) bool { return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") }
