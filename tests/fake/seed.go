package fake

import (
	"fmt"

	"github.com/leadfox-go/leadfox/generated"
)

// The Put and Insert methods store data as it is, filling in only a
// missing _id, _owner and contact created, and return the ids; they panic
// on an _id that is not an ObjectId or is taken, and on a taken contact
// email. The package doc, # Seeding, has the details.

// PutCampaign stores c as it is, for instance a campaign of another type
// than 2, and returns its id. It sends c if its status is "a". Like every
// Put method, it panics on an _id that is not an ObjectId or is taken (see
// the package's Seeding section).
func (s *Server) PutCampaign(c generated.Campaign) string {
	return put(s, kindCampaign, "PutCampaign", []generated.Campaign{c})[0]
}

// PutContact stores c as it is and returns its id; it panics on an _id or
// email that is taken (see [Server.PutCampaign]).
func (s *Server) PutContact(c generated.Contact) string {
	return put(s, kindContact, "PutContact", []generated.Contact{c})[0]
}

// InsertContacts stores cs, all or none, under one lock, and returns
// their ids in order: 10,000 contacts take about a tenth of a second. It
// panics as [Server.PutContact] does, storing none of cs.
func (s *Server) InsertContacts(cs []generated.Contact) []string {
	return put(s, kindContact, "InsertContacts", cs)
}

// PutEmail stores the email design e and returns its id (see
// [Server.PutCampaign]).
func (s *Server) PutEmail(e generated.Email) string {
	return put(s, kindEmail, "PutEmail", []generated.Email{e})[0]
}

// PutFolder stores f and returns its id (see [Server.PutCampaign]).
func (s *Server) PutFolder(f generated.Folder) string {
	return put(s, kindFolder, "PutFolder", []generated.Folder{f})[0]
}

// PutList stores l and returns its id (see [Server.PutCampaign]).
func (s *Server) PutList(l generated.List) string {
	return put(s, kindList, "PutList", []generated.List{l})[0]
}

// PutMailingList stores m and returns its id (see [Server.PutCampaign]).
// It is the only way to make mailing lists: the API has no operation that
// creates them.
func (s *Server) PutMailingList(m generated.MailingList) string {
	return put(s, kindMailingList, "PutMailingList", []generated.MailingList{m})[0]
}

// PutProperty stores p and returns its id (see [Server.PutCampaign]).
func (s *Server) PutProperty(p generated.Property) string {
	return put(s, kindProperty, "PutProperty", []generated.Property{p})[0]
}

// Contact returns the stored contact with that id, and whether there is
// one.
func (s *Server) Contact(id string) (generated.Contact, bool) {
	return lookup[generated.Contact](s, kindContact, id)
}

// ContactByEmail returns the stored contact with that email, and whether
// there is one.
func (s *Server) ContactByEmail(email string) (generated.Contact, bool) {
	var d doc
	_ = s.store.view(func(r reader) error {
		d, _ = r.contactByEmail(email)
		return nil
	})
	return docAs[generated.Contact](d)
}

// Campaign returns the stored campaign with that id, and whether there
// is one.
func (s *Server) Campaign(id string) (generated.Campaign, bool) {
	return lookup[generated.Campaign](s, kindCampaign, id)
}

func lookup[T any](s *Server, k kind, id string) (T, bool) {
	var d doc
	_ = s.store.view(func(r reader) error {
		d, _ = r.get(k, id)
		return nil
	})
	return docAs[T](d)
}

// docAs converts d to T; it reports false for a nil d.
func docAs[T any](d doc) (T, bool) {
	var zero T
	if d == nil {
		return zero, false
	}
	v, err := fromJSON[T](d)
	if err != nil {
		panic(fmt.Sprintf("fake: stored %T does not decode: %v", zero, err))
	}
	return v, true
}

// put stores vs as resources of kind k; op names the caller in panics.
func put[T any](s *Server, k kind, op string, vs []T) []string {
	docs := make([]doc, len(vs))
	for i, v := range vs {
		d, err := toDoc(v)
		if err != nil {
			panic(fmt.Sprintf("fake: %s: %v", op, err))
		}
		docs[i] = d
	}
	var ids []string
	err := s.store.update(func(w writer) error {
		taken, err := checkSeeds(w.reader, k, docs)
		if err != nil {
			return err
		}
		ids = insertSeeds(w, k, docs, taken)
		return nil
	})
	if err != nil {
		panic(fmt.Sprintf("fake: %s: %v", op, err))
	}
	return ids
}

// checkSeeds checks the _id and, for contacts, the email of docs against
// the store and each other. It returns the _ids docs set.
func checkSeeds(r reader, k kind, docs []doc) (map[string]bool, error) {
	ids := make(map[string]bool)
	emails := make(map[string]bool)
	for _, d := range docs {
		if v, ok := d[keyID]; ok {
			id, _ := v.(string)
			if err := checkID(k, id); err != nil {
				return nil, err
			}
			if ids[id] || r.has(k, id) {
				return nil, fmt.Errorf("%s %s exists", k, id)
			}
			ids[id] = true
		}
		if email, _ := d[keyEmail].(string); k == kindContact && email != "" {
			if _, taken := r.contactByEmail(email); taken || emails[email] {
				return nil, fmt.Errorf("a contact with email %q exists", email)
			}
			emails[email] = true
		}
	}
	return ids, nil
}

// insertSeeds stores checked docs; generated ids avoid taken, the ids
// that docs set.
func insertSeeds(w writer, k kind, docs []doc, taken map[string]bool) []string {
	ids := make([]string, len(docs))
	now := w.st.now()
	for i, d := range docs {
		for d[keyID] == nil {
			if id := w.newID(); !taken[id] {
				d[keyID] = id
			}
		}
		if _, ok := d[keyCreated]; !ok && k == kindContact {
			d[keyCreated] = formatTime(now)
		}
		stored := w.insert(k, d)
		ids[i] = stored[keyID].(string)
		if c, ok := docAs[generated.Campaign](stored); ok && k == kindCampaign {
			applyLifecycle(w, c, now)
		}
	}
	return ids
}
