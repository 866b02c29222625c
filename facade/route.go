package facade

import (
	"net/url"
	"strings"
)

// route is the method and path template of one operation, as
// openapi.yaml states them. A test holds routes against the spec.
type route struct {
	op     *operation
	method string
	// segments of the path template; a segment "{...}" is a parameter.
	segments []string
}

// routeTable maps each operation to its method and path.
var routeTable = newRouter(map[*operation]string{
	opAuthenticate:          "POST /v1/auth",
	opListCampaigns:         "GET /v1/campaign",
	opCreateCampaign:        "POST /v1/campaign",
	opGetCampaign:           "GET /v1/campaign/{id}",
	opUpdateCampaign:        "PUT /v1/campaign/{id}",
	opListContacts:          "GET /v1/contact",
	opCreateContact:         "POST /v1/contact",
	opUpsertContact:         "POST /v1/contact/upsert",
	opGetContact:            "GET /v1/contact/{id}",
	opUpdateContact:         "PUT /v1/contact/{id}",
	opDeleteContact:         "DELETE /v1/contact/{id}",
	opListEmails:            "GET /v1/email",
	opCreateEmail:           "POST /v1/email",
	opGetEmail:              "GET /v1/email/{id}",
	opUpdateEmail:           "PUT /v1/email/{id}",
	opListFolders:           "GET /v1/folder",
	opCreateFolder:          "POST /v1/folder",
	opUpdateFolder:          "PUT /v1/folder/{id}",
	opListLists:             "GET /v1/list",
	opCreateList:            "POST /v1/list",
	opUpdateList:            "PUT /v1/list/{id}",
	opListListContacts:      "GET /v1/list/{list_id}/contact",
	opAddContactToList:      "POST /v1/list/{list_id}/contact/{contact_id}",
	opRemoveContactFromList: "DELETE /v1/list/{list_id}/contact/{contact_id}",
	opListMailingLists:      "GET /v1/mailinglist",
	opGetMetrics:            "GET /v1/metric/{element_type}/{element_id}",
	opListProperties:        "GET /v1/property",
	opCreateProperty:        "POST /v1/property",
	opUpdateProperty:        "PUT /v1/property/{id}",
})

// router finds the operation of a request from its method and path.
type router struct {
	byOp map[*operation]*route
	all  []*route
}

func newRouter(m map[*operation]string) *router {
	r := &router{byOp: make(map[*operation]*route, len(m))}
	for op, s := range m {
		method, path, _ := strings.Cut(s, " ")
		rt := &route{op: op, method: method, segments: strings.Split(strings.TrimPrefix(path, "/"), "/")}
		r.byOp[op] = rt
		r.all = append(r.all, rt)
	}
	return r
}

// match returns the operation of a request with method whose escaped path,
// below the base URL's path prefix, is path, and the resource id it
// names; nil if none. A literal segment wins over a parameter, so POST
// /v1/contact/upsert is upsertContact whatever the table's order.
func (r *router) match(method, path string) (*operation, string) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	var best *route
	bestParams := -1
	for _, rt := range r.all {
		if rt.method != method {
			continue
		}
		if n, ok := rt.fits(segs); ok && (best == nil || n < bestParams) {
			best, bestParams = rt, n
		}
	}
	if best == nil {
		return nil, ""
	}
	return best.op, best.resource(segs)
}

// resourceOf returns the resource id that path names for op, or "" if op
// has no route or path does not fit it. It allocates nothing unless the
// id is escaped: it runs on every call of a service method.
func (r *router) resourceOf(op *operation, path string) string {
	rt := r.byOp[op]
	if rt == nil {
		return ""
	}
	rest, last := strings.TrimPrefix(path, "/"), ""
	for i, s := range rt.segments {
		seg, tail, more := strings.Cut(rest, "/")
		if more != (i < len(rt.segments)-1) || (!isParam(s) && s != seg) || seg == "" {
			return ""
		}
		if isParam(s) {
			last = seg
		}
		rest = tail
	}
	return unescapeSegment(last)
}

// fits reports whether segs are the route's path, and how many of its
// segments are parameters.
func (rt *route) fits(segs []string) (params int, ok bool) {
	if len(segs) != len(rt.segments) {
		return 0, false
	}
	for i, s := range rt.segments {
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

// resource returns the unescaped value of the last parameter of segs,
// which fit the route.
func (rt *route) resource(segs []string) string {
	for i := len(rt.segments) - 1; i >= 0; i-- {
		if isParam(rt.segments[i]) {
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
