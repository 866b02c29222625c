package fake

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/leadfox-go/leadfox/query"
)

// doc is a stored resource in its JSON form, as encoding/json decodes it
// into an any: strings, float64, bool, nil, []any and map[string]any.
//
// A stored doc is never modified: an update stores a new map (and new
// nested maps and slices for what it changes). Readers may therefore keep
// and read a doc after releasing the store's lock.
type doc = map[string]any

// kind names a collection; it is also the word error messages use.
type kind string

const (
	kindCampaign    kind = "campaign"
	kindContact     kind = "contact"
	kindEmail       kind = "email"
	kindFolder      kind = "folder"
	kindList        kind = "list"
	kindMailingList kind = "mailinglist"
	kindProperty    kind = "property"
)

var kinds = []kind{kindCampaign, kindContact, kindEmail, kindFolder, kindList, kindMailingList, kindProperty}

// idPrefix is the first 8 hex digits of every generated id; the remaining
// 16 are a per-server counter. Generated ids are deterministic (the first
// is 5f0c8a3b0000000000000001) and unique across the collections of one
// Server.
const idPrefix = "5f0c8a3b"

// The JSON names of the fields the store itself reads and fills in. Every
// resource type of package generated has keyID and keyOwner, and Contact
// has keyEmail and keyCreated; TestStoreKeysAreTheSpecs checks them against
// the generated types' JSON tags, so that a renamed field fails a test
// instead of being stored under the old name.
const (
	keyID      = "_id"
	keyOwner   = "_owner"
	keyEmail   = "email"
	keyCreated = "created"
)

// store holds a Server's data. Access it through view and update, which
// hold its lock for the duration of the callback.
type store struct {
	owner string
	now   func() time.Time

	mu        sync.RWMutex
	version   uint64 // counts updates, to invalidate cached results
	seq       uint64
	colls     map[kind]*collection
	emails    map[string]string    // contact email to contact id
	sends     map[string]send      // campaign id to its send
	scheduled map[string]time.Time // campaign id to its start, until it goes out
}

// collection is one kind of resource, in insertion order.
type collection struct {
	docs  map[string]doc
	order []string
}

func newStore(owner string, now func() time.Time) *store {
	st := &store{
		owner:  owner,
		now:    now,
		colls:  make(map[kind]*collection, len(kinds)),
		emails: make(map[string]string),
		sends:  make(map[string]send),

		scheduled: make(map[string]time.Time),
	}
	for _, k := range kinds {
		st.colls[k] = &collection{docs: make(map[string]doc)}
	}
	return st
}

// view calls fn with read access to the store, after sending the
// scheduled campaigns whose start has passed (see settle).
func (st *store) view(fn func(r reader) error) error {
	st.mu.RLock()
	if st.due() {
		st.mu.RUnlock()
		st.mu.Lock()
		st.settle()
		st.mu.Unlock()
		st.mu.RLock()
	}
	defer st.mu.RUnlock()
	return fn(reader{st})
}

// update calls fn with write access to the store, after sending the
// scheduled campaigns whose start has passed. fn must check everything
// before its first write: there is no rollback.
func (st *store) update(fn func(w writer) error) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.settle()
	st.version++
	return fn(writer{reader{st}})
}

// reader reads the store; it is valid only inside view or update.
type reader struct{ st *store }

// get returns the doc with that id, or a 404 error.
func (r reader) get(k kind, id string) (doc, error) {
	d, ok := r.st.colls[k].docs[id]
	if !ok {
		return nil, notFound(k, id)
	}
	return d, nil
}

func (r reader) has(k kind, id string) bool {
	_, ok := r.st.colls[k].docs[id]
	return ok
}

// all returns the docs of k in insertion order. The slice is new; the
// docs are shared and must not be modified.
func (r reader) all(k kind) []doc {
	c := r.st.colls[k]
	out := make([]doc, len(c.order))
	for i, id := range c.order {
		out[i] = c.docs[id]
	}
	return out
}

// contactByEmail returns the contact with that email, if any.
func (r reader) contactByEmail(email string) (doc, bool) {
	id, ok := r.st.emails[email]
	if !ok {
		return nil, false
	}
	return r.st.colls[kindContact].docs[id], true
}

func (r reader) sendOf(campaignID string) (send, bool) {
	s, ok := r.st.sends[campaignID]
	return s, ok
}

// writer changes the store; it is valid only inside update.
type writer struct{ reader }

// insert stores d as a new resource of kind k and returns the stored doc.
// It sets _owner, and _id unless d has one; it does not check that a
// given _id is free (see seed.go, which does).
func (w writer) insert(k kind, d doc) doc {
	d = copyDoc(d)
	if _, ok := d[keyID]; !ok {
		d[keyID] = w.newID()
	}
	if _, ok := d[keyOwner]; !ok {
		d[keyOwner] = w.st.owner
	}
	id := d[keyID].(string)
	c := w.st.colls[k]
	c.docs[id] = d
	c.order = append(c.order, id)
	if email, ok := d[keyEmail].(string); ok && k == kindContact && email != "" {
		w.st.emails[email] = id
	}
	return d
}

// replace stores d in place of the resource with the same _id, keeping
// its position in the insertion order. The contact email never changes.
func (w writer) replace(k kind, d doc) {
	w.st.colls[k].docs[d[keyID].(string)] = d
}

// remove deletes the resource of kind k with that id, if any.
func (w writer) remove(k kind, id string) {
	c := w.st.colls[k]
	d, ok := c.docs[id]
	if !ok {
		return
	}
	delete(c.docs, id)
	c.order = slices.DeleteFunc(c.order, func(x string) bool { return x == id })
	if email, ok := d[keyEmail].(string); ok && k == kindContact {
		delete(w.st.emails, email)
	}
}

func (w writer) recordSend(campaignID string, s send) {
	w.st.sends[campaignID] = s
}

// newID returns an ObjectId no collection uses yet.
func (w writer) newID() string {
	for {
		w.st.seq++
		id := fmt.Sprintf("%s%016x", idPrefix, w.st.seq)
		if !w.idTaken(id) {
			return id
		}
	}
}

func (w writer) idTaken(id string) bool {
	for _, c := range w.st.colls {
		if _, ok := c.docs[id]; ok {
			return true
		}
	}
	return false
}

func formatTime(t time.Time) string {
	return t.UTC().Format(query.TimeLayout)
}

// copyDoc returns a shallow copy of d.
func copyDoc(d doc) doc {
	out := make(doc, len(d)+3)
	for k, v := range d {
		out[k] = v
	}
	return out
}

// toDoc returns the JSON form of v, which must encode as a JSON object.
// A top-level null is dropped: the generated types write some absent
// fields as null (Contact.properties), and a field that is null is not
// there.
func toDoc(v any) (doc, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var d doc
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, err
	}
	if d == nil {
		d = doc{}
	}
	maps.DeleteFunc(d, func(_ string, v any) bool { return v == nil })
	return d, nil
}

// fromJSON converts a JSON form (a doc, or a slice of them) to T, one of
// the generated types.
func fromJSON[T any](v any) (T, error) {
	var out T
	b, err := json.Marshal(v)
	if err != nil {
		return out, err
	}
	err = json.Unmarshal(b, &out)
	return out, err
}
