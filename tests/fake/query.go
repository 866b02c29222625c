package fake

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/pager"
	"github.com/leadfox-go/leadfox/query"
)

// DefaultLimit is the page size of a collection GET without a limit, the
// API's default: it is [pager.DefaultPageSize].
const DefaultLimit = pager.DefaultPageSize

// collectionParams are the five query parameters of every collection GET.
// Each generated List...Params type converts to it; a spec change that
// makes one differ breaks that conversion at compile time.
type collectionParams struct {
	Filters *generated.Filters
	Sort    *generated.Sort
	Fields  *generated.Fields
	Skip    *generated.Skip
	Limit   *generated.Limit
}

// listParams is the type set of the generated collection parameters.
type listParams interface {
	generated.ListCampaignsParams | generated.ListContactsParams |
		generated.ListEmailsParams | generated.ListFoldersParams |
		generated.ListListsParams | generated.ListListContactsParams |
		generated.ListMailingListsParams | generated.ListPropertiesParams
}

// scope is what a collection query runs on: the resources of a kind, or,
// with list set, the contacts in that list.
type scope struct {
	kind kind
	list string
}

// collectionQuery is a parsed collection query: which documents, in which
// order, which page of them, and which of their fields.
type collectionQuery struct {
	key   string // identifies the documents and their order (see resultCache)
	conds []condition
	sort  []sortKey
	proj  projection // nil: whole documents
	skip  int
	limit int
}

// parseQuery parses p as a query on sc; any error is a 400.
func parseQuery(sc scope, p collectionParams) (collectionQuery, error) {
	q := collectionQuery{limit: DefaultLimit}
	q.key = strings.Join([]string{string(sc.kind), sc.list, deref(p.Filters), deref(p.Sort)}, "\x00")
	var err error
	if q.conds, err = compileFilter(deref(p.Filters)); err != nil {
		return q, err
	}
	if sc.list != "" {
		q.conds = append(q.conds, equals("lists.list", sc.list))
	}
	if q.sort, err = compileSort(deref(p.Sort)); err != nil {
		return q, err
	}
	if q.proj, err = compileFields(deref(p.Fields)); err != nil {
		return q, err
	}
	if p.Skip != nil {
		q.skip = *p.Skip
	}
	if p.Limit != nil {
		q.limit = *p.Limit
	}
	if q.skip < 0 {
		return q, badRequest("skip must be 0 or more, got %d", q.skip)
	}
	if q.limit < 1 {
		return q, badRequest("limit must be 1 or more, got %d", q.limit)
	}
	return q, nil
}

// match filters and sorts docs, reusing its storage.
func (q collectionQuery) match(docs []doc) []doc {
	matched := docs[:0]
	for _, d := range docs {
		if q.matches(d) {
			matched = append(matched, d)
		}
	}
	sortDocs(matched, q.sort)
	return matched
}

// page returns the page of matched documents, projected. The result is
// never nil, so it encodes as [] when empty.
func (q collectionQuery) page(matched []doc) []doc {
	page := []doc{}
	if q.skip < len(matched) {
		page = matched[q.skip : q.skip+min(q.limit, len(matched)-q.skip)]
	}
	if q.proj == nil {
		return page
	}
	out := make([]doc, len(page))
	for i, d := range page {
		out[i] = q.proj.object(d)
	}
	return out
}

func (q collectionQuery) matches(d doc) bool {
	for _, c := range q.conds {
		if !c.matches(d) {
			return false
		}
	}
	return true
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// splitPath splits a dotted path into its segments.
func splitPath(p string) []string { return strings.Split(p, ".") }

// eachValue calls fn with every value at path in v, until fn returns true,
// and reports whether it did. Arrays are walked into at every step, the
// last included: a path reaches each element of an array, and through it
// into arrays of objects ("lists.list").
func eachValue(v any, path []string, fn func(any) bool) bool {
	if arr, ok := v.([]any); ok {
		for _, e := range arr {
			if eachValue(e, path, fn) {
				return true
			}
		}
		return false
	}
	if len(path) == 0 {
		return fn(v)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return false
	}
	child, ok := obj[path[0]]
	if !ok {
		return false
	}
	return eachValue(child, path[1:], fn)
}

// condition is one compiled filter condition.
type condition struct {
	path   []string
	op     query.Op
	alts   []operand // the OR alternatives
	exists bool      // for query.OpExists: the wanted presence
}

// compileFilter parses and compiles the filters parameter. The parser
// checks paths, operators, values and the true or false of exists.
func compileFilter(s string) ([]condition, error) {
	if s == "" {
		return nil, nil
	}
	f, err := query.ParseFilter(s)
	if err != nil {
		return nil, badRequest("invalid filters: %v", err)
	}
	var conds []condition
	for _, c := range f.Conditions() {
		cond := condition{path: splitPath(c.Path()), op: c.Op()}
		for _, v := range c.Values() {
			cond.alts = append(cond.alts, parseOperand(v))
		}
		cond.exists = c.Op() == query.OpExists && c.Values()[0] == "true"
		conds = append(conds, cond)
	}
	return conds, nil
}

// equals returns the condition "path = value".
func equals(path, value string) condition {
	return condition{path: splitPath(path), op: query.OpEq, alts: []operand{parseOperand(value)}}
}

// matches reports whether d satisfies c. "=" and the comparisons hold if
// any value at the path compares so with any alternative; "!=" is the
// negation of "=" (it holds when no value equals any alternative, a
// missing field included); "exists" tests whether the path reaches any
// value.
func (c condition) matches(d doc) bool {
	switch c.op {
	case query.OpExists:
		return eachValue(d, c.path, func(any) bool { return true }) == c.exists
	case query.OpNe:
		return !eachValue(d, c.path, func(v any) bool { return c.holds(v, query.OpEq) })
	default:
		return eachValue(d, c.path, func(v any) bool { return c.holds(v, c.op) })
	}
}

// holds reports whether stored value v compares with an alternative as
// op says.
func (c condition) holds(v any, op query.Op) bool {
	for _, a := range c.alts {
		n, ok := compareTo(v, a)
		if !ok {
			continue
		}
		switch {
		case op == query.OpEq && n == 0,
			op == query.OpGt && n > 0,
			op == query.OpGe && n >= 0,
			op == query.OpLt && n < 0,
			op == query.OpLe && n <= 0:
			return true
		}
	}
	return false
}

// operand is a filter value with its readings as each JSON type.
type operand struct {
	text   string
	num    float64
	isNum  bool
	b      bool
	isBool bool
	t      time.Time
	isTime bool
}

func parseOperand(s string) operand {
	a := operand{text: s}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		a.num, a.isNum = f, true
	}
	if s == "true" || s == "false" {
		a.b, a.isBool = s == "true", true
	}
	a.t, a.isTime = parseTime(s)
	return a
}

// compareTo compares stored value v with a, by v's JSON type: a number
// with a number, a bool with true or false, a date-time string with a
// date-time as instants, any other string with the text. null equals
// "null". ok is false when a has no reading of v's type.
func compareTo(v any, a operand) (n int, ok bool) {
	switch v := v.(type) {
	case float64:
		return cmp.Compare(v, a.num), a.isNum
	case bool:
		return compareBools(v, a.b), a.isBool
	case string:
		if a.isTime {
			if t, isTime := parseTime(v); isTime {
				return t.Compare(a.t), true
			}
		}
		return strings.Compare(v, a.text), true
	case nil:
		return 0, a.text == "null"
	}
	return 0, false
}

func compareBools(x, y bool) int {
	switch {
	case x == y:
		return 0
	case y:
		return -1
	}
	return 1
}

// parseTime reads s as an RFC 3339 date-time, or as a date (midnight UTC).
func parseTime(s string) (time.Time, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// sortKey is one field of the sort parameter.
type sortKey struct {
	path []string
	desc bool
}

func compileSort(s string) ([]sortKey, error) {
	if s == "" {
		return nil, nil
	}
	parsed, err := query.ParseSort(s)
	if err != nil {
		return nil, badRequest("invalid sort: %v", err)
	}
	var keys []sortKey
	for _, k := range parsed.Keys() {
		keys = append(keys, sortKey{path: splitPath(k.Path()), desc: k.Descending()})
	}
	return keys, nil
}

// sortDocs sorts docs by keys, stably: documents that tie keep their
// order, which is insertion order, so paging through a sorted collection
// is consistent. Each document's sort values are computed once.
func sortDocs(docs []doc, keys []sortKey) {
	if len(keys) == 0 || len(docs) < 2 {
		return
	}
	type row struct {
		d    doc
		pos  int // position in docs, the final tie-breaker
		vals []sortValue
	}
	vals := make([]sortValue, len(docs)*len(keys))
	rows := make([]row, len(docs))
	for i, d := range docs {
		rows[i] = row{d: d, pos: i, vals: vals[i*len(keys) : (i+1)*len(keys)]}
		for j, k := range keys {
			rows[i].vals[j] = sortValueOf(d, k.path)
		}
	}
	slices.SortFunc(rows, func(a, b row) int {
		for j, k := range keys {
			if n := a.vals[j].compare(b.vals[j]); n != 0 {
				return n * boolSign(k.desc)
			}
		}
		return cmp.Compare(a.pos, b.pos)
	})
	for i, r := range rows {
		docs[i] = r.d
	}
}

func boolSign(desc bool) int {
	if desc {
		return -1
	}
	return 1
}

// sortValue is the value a document sorts by for one key.
type sortValue struct {
	rank int // the type order, below
	num  float64
	str  string
	t    time.Time
}

// The order of values of different types, ascending.
const (
	rankMissing = iota
	rankNull
	rankNumber
	rankTime
	rankString
	rankFalse
	rankTrue
	rankOther
)

// sortValueOf returns the first value at path in d.
func sortValueOf(d doc, path []string) sortValue {
	sv := sortValue{rank: rankMissing}
	eachValue(d, path, func(v any) bool {
		sv = toSortValue(v)
		return true
	})
	return sv
}

func toSortValue(v any) sortValue {
	switch v := v.(type) {
	case nil:
		return sortValue{rank: rankNull}
	case float64:
		return sortValue{rank: rankNumber, num: v}
	case string:
		if t, ok := parseTime(v); ok {
			return sortValue{rank: rankTime, t: t}
		}
		return sortValue{rank: rankString, str: v}
	case bool:
		if v {
			return sortValue{rank: rankTrue}
		}
		return sortValue{rank: rankFalse}
	}
	return sortValue{rank: rankOther}
}

func (a sortValue) compare(b sortValue) int {
	if a.rank != b.rank {
		return cmp.Compare(a.rank, b.rank)
	}
	switch a.rank {
	case rankNumber:
		return cmp.Compare(a.num, b.num)
	case rankTime:
		return a.t.Compare(b.t)
	case rankString:
		return strings.Compare(a.str, b.str)
	}
	return 0
}

// projection is the tree of fields to return. A nil child keeps the whole
// value at that key; a non-nil one keeps those of its fields.
type projection map[string]projection

// compileFields parses the fields parameter. An empty one returns nil:
// whole documents. Otherwise _id and _owner are always kept.
func compileFields(s string) (projection, error) {
	if s == "" {
		return nil, nil
	}
	parsed, err := query.ParseFields(s)
	if err != nil {
		return nil, badRequest("invalid fields: %v", err)
	}
	p := projection{keyID: nil, keyOwner: nil}
	for _, name := range parsed.Paths() {
		p.add(splitPath(name))
	}
	return p, nil
}

func (p projection) add(path []string) {
	key := path[0]
	if len(path) == 1 {
		p[key] = nil
		return
	}
	child, ok := p[key]
	if ok && child == nil {
		return // the whole value is kept already
	}
	if !ok {
		child = projection{}
		p[key] = child
	}
	child.add(path[1:])
}

// object returns the fields of d that p keeps.
func (p projection) object(d map[string]any) doc {
	out := make(doc, len(p))
	for key, child := range p {
		v, ok := d[key]
		if !ok {
			continue
		}
		if child == nil {
			out[key] = v
		} else if pv, ok := child.value(v); ok {
			out[key] = pv
		}
	}
	return out
}

// value projects v, an object or an array of objects; anything else has
// no fields to keep.
func (p projection) value(v any) (any, bool) {
	switch v := v.(type) {
	case map[string]any:
		return p.object(v), true
	case []any:
		out := make([]any, 0, len(v))
		for _, e := range v {
			if pe, ok := p.value(e); ok {
				out = append(out, pe)
			}
		}
		return out, true
	}
	return nil, false
}

// listPage answers a collection GET on sc as R, the generated 200
// response type.
func listPage[R any, P listParams](s *Server, sc scope, params P) (R, error) {
	var zero R
	q, err := parseQuery(sc, collectionParams(params))
	if err != nil {
		return zero, err
	}
	var (
		docs    []doc
		version uint64
		cached  bool
	)
	_ = s.store.view(func(r reader) error {
		version = r.st.version
		if docs, cached = s.results.get(q.key, version); !cached {
			docs = r.all(sc.kind)
		}
		return nil
	})
	if !cached {
		docs = q.match(docs)
		s.results.put(q.key, version, docs)
	}
	return fromJSON[R](q.page(docs))
}

// resultCache keeps the filtered and sorted documents of the last
// collection query, so that paging through a collection filters and
// sorts it once, not once per page. An entry is valid while the store's
// version is unchanged. It is safe for concurrent use; the slice it
// holds is never modified.
type resultCache struct {
	mu      sync.Mutex
	key     string
	version uint64
	docs    []doc
}

func (c *resultCache) get(key string, version uint64) ([]doc, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.docs == nil || c.key != key || c.version != version {
		return nil, false
	}
	return c.docs, true
}

func (c *resultCache) put(key string, version uint64, docs []doc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.key, c.version, c.docs = key, version, docs
}
