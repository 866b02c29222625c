package fake

import (
	"context"
	"maps"
	"net/http"

	"github.com/leadfox-go/leadfox/generated"
)

// ListContacts answers a collection query on contacts.
func (a api) ListContacts(_ context.Context, req generated.ListContactsRequestObject) (generated.ListContactsResponseObject, error) {
	return listPage[generated.ListContacts200JSONResponse](a.s, scope{kind: kindContact}, req.Params)
}

// CreateContact stores a new contact: 400 without an email, 409 if a
// contact has that email already.
func (a api) CreateContact(_ context.Context, req generated.CreateContactRequestObject) (generated.CreateContactResponseObject, error) {
	b := req.Body
	if err := checkName("email", &b.Email); err != nil {
		return nil, err
	}
	c, err := createAs[generated.Contact](a.s, kindContact, b, func(w writer, d doc) error {
		if _, ok := w.contactByEmail(b.Email); ok {
			return errorf(http.StatusConflict, "a contact with email %q exists", b.Email)
		}
		d["created"] = a.s.store.timestamp()
		return nil
	})
	return contactOK(c), err
}

// UpsertContact creates the contact, or merges the properties sent into
// the one with that email.
func (a api) UpsertContact(_ context.Context, req generated.UpsertContactRequestObject) (generated.UpsertContactResponseObject, error) {
	b := req.Body
	if err := checkName("email", &b.Email); err != nil {
		return nil, err
	}
	fresh, err := toDoc(b)
	if err != nil {
		return nil, err
	}
	var d doc
	err = a.s.store.update(func(w writer) error {
		if old, ok := w.contactByEmail(b.Email); ok {
			d = mergeProperties(old, fresh)
			w.replace(kindContact, d)
			return nil
		}
		fresh["created"] = a.s.store.timestamp()
		d = w.insert(kindContact, fresh)
		return nil
	})
	if err != nil {
		return nil, err
	}
	c, err := fromJSON[generated.Contact](d)
	return contactOK(c), err
}

// GetContact returns one contact.
func (a api) GetContact(_ context.Context, req generated.GetContactRequestObject) (generated.GetContactResponseObject, error) {
	c, err := getAs[generated.Contact](a.s, kindContact, req.ID)
	return contactOK(c), err
}

// UpdateContact merges the properties sent into the contact's.
func (a api) UpdateContact(_ context.Context, req generated.UpdateContactRequestObject) (generated.UpdateContactResponseObject, error) {
	c, err := patchAs[generated.Contact](a.s, kindContact, req.ID, req.Body, func(_ writer, old, patch doc) (doc, error) {
		return mergeProperties(old, patch), nil
	})
	return contactOK(c), err
}

// DeleteContact deletes a contact, and so its list memberships.
func (a api) DeleteContact(_ context.Context, req generated.DeleteContactRequestObject) (generated.DeleteContactResponseObject, error) {
	if err := checkID(kindContact, req.ID); err != nil {
		return nil, err
	}
	err := a.s.store.update(func(w writer) error {
		if _, err := w.get(kindContact, req.ID); err != nil {
			return err
		}
		w.remove(kindContact, req.ID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return generated.DeleteContact204Response{}, nil
}

// mergeProperties returns contact old with the properties of patch added
// to its own, a property in both taking patch's value. Nothing else of
// patch is used.
func mergeProperties(old, patch doc) doc {
	add, _ := patch["properties"].(map[string]any)
	if len(add) == 0 {
		return old
	}
	props := make(map[string]any)
	if cur, ok := old["properties"].(map[string]any); ok {
		maps.Copy(props, cur)
	}
	maps.Copy(props, add)
	d := copyDoc(old)
	d["properties"] = props
	return d
}
