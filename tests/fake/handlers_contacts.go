package fake

import (
	"context"
	"maps"
	"net/http"
	"time"

	"github.com/leadfox-go/leadfox/generated"

	"github.com/leadfox-go/leadfox/generated/server"
	"github.com/leadfox-go/leadfox/internal/jsonobj"
)

// ListContacts answers a collection query on contacts.
func (a api) ListContacts(_ context.Context, req server.ListContactsRequestObject) (server.ListContactsResponseObject, error) {
	return listPage[server.ListContacts200JSONResponse](a.s, scope{kind: kindContact}, req.Params)
}

// CreateContact stores a new contact: 400 without an email, 409 if a
// contact has that email already.
func (a api) CreateContact(_ context.Context, req server.CreateContactRequestObject) (server.CreateContactResponseObject, error) {
	b := req.Body
	if err := checkName("email", &b.Email); err != nil {
		return nil, err
	}
	var stored generated.Contact
	err := a.s.store.update(func(w writer) (err error) {
		if _, ok := w.contactByEmail(b.Email); ok {
			return errorf(http.StatusConflict, "a contact with email %q exists", b.Email)
		}
		stored, err = insertTyped(w, kindContact, newContact(b, w.st.now()))
		return err
	})
	return contactOK(stored), err
}

// newContact is the contact that body creates at now.
func newContact(body *generated.ContactCreate, now time.Time) generated.Contact {
	c := generated.Contact{Email: &body.Email, Created: ptr(now.UTC().Truncate(time.Millisecond))}
	if len(body.Properties) > 0 {
		c.Properties = mergeValues(nil, body.Properties)
	}
	return c
}

// mergeValues returns the property values of old with the strings of add
// merged in, a property in both taking add's value.
func mergeValues(old jsonobj.Properties, add map[string]string) jsonobj.Properties {
	props := make(jsonobj.Properties, len(old)+len(add))
	maps.Copy(props, old)
	for k, v := range add {
		props[k] = jsonobj.StringValue(v)
	}
	return props
}

// UpsertContact creates the contact, or merges the properties sent into
// the one with that email.
func (a api) UpsertContact(_ context.Context, req server.UpsertContactRequestObject) (server.UpsertContactResponseObject, error) {
	b := req.Body
	if err := checkName("email", &b.Email); err != nil {
		return nil, err
	}
	var stored generated.Contact
	err := a.s.store.update(func(w writer) (err error) {
		old, ok := w.contactByEmail(b.Email)
		if !ok {
			stored, err = insertTyped(w, kindContact, newContact(b, w.st.now()))
			return err
		}
		c, err := fromJSON[generated.Contact](old)
		if err != nil {
			return err
		}
		stored, err = replaceTyped(w, kindContact, mergeProperties(c, b.Properties))
		return err
	})
	if err != nil {
		return nil, err
	}
	a.s.upserts.add(b.Email)
	return contactOK(stored), nil
}

// GetContact returns one contact.
func (a api) GetContact(_ context.Context, req server.GetContactRequestObject) (server.GetContactResponseObject, error) {
	c, err := getAs[generated.Contact](a.s, kindContact, req.ID)
	return contactOK(c), err
}

// UpdateContact merges the properties sent into the contact's.
func (a api) UpdateContact(_ context.Context, req server.UpdateContactRequestObject) (server.UpdateContactResponseObject, error) {
	c, err := modifyAs(a.s, kindContact, req.ID, func(_ writer, c generated.Contact) (generated.Contact, error) {
		return mergeProperties(c, req.Body.Properties), nil
	})
	return contactOK(c), err
}

// DeleteContact deletes a contact, and so its list memberships.
func (a api) DeleteContact(_ context.Context, req server.DeleteContactRequestObject) (server.DeleteContactResponseObject, error) {
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
	return server.DeleteContact204Response{}, nil
}

// mergeProperties returns contact c with add merged into its properties,
// a property in both taking add's value.
func mergeProperties(c generated.Contact, add map[string]string) generated.Contact {
	if len(add) == 0 {
		return c
	}
	c.Properties = mergeValues(c.Properties, add)
	return c
}
