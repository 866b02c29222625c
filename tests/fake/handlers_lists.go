package fake

import (
	"context"
	"slices"
	"time"

	"github.com/leadfox-go/leadfox/generated"

	"github.com/leadfox-go/leadfox/generated/server"
)

// ListLists answers a collection query on lists.
func (a api) ListLists(_ context.Context, req server.ListListsRequestObject) (server.ListListsResponseObject, error) {
	return listPage[server.ListLists200JSONResponse](a.s, scope{kind: kindList}, req.Params)
}

// CreateList stores a list; name is required.
func (a api) CreateList(_ context.Context, req server.CreateListRequestObject) (server.CreateListResponseObject, error) {
	if err := checkName("name", &req.Body.Name); err != nil {
		return nil, err
	}
	l, err := createAs[generated.List](a.s, kindList, req.Body, nil)
	return listOK(l), err
}

// UpdateList changes the fields sent.
func (a api) UpdateList(_ context.Context, req server.UpdateListRequestObject) (server.UpdateListResponseObject, error) {
	if err := checkName("name", req.Body.Name); err != nil {
		return nil, err
	}
	l, err := patchAs[generated.List](a.s, kindList, req.ID, req.Body, setFields)
	return listOK(l), err
}

// ListListContacts answers a collection query on the contacts of a list:
// those with an entry for it in their lists.
func (a api) ListListContacts(_ context.Context, req server.ListListContactsRequestObject) (server.ListListContactsResponseObject, error) {
	if err := checkID(kindList, req.ListID); err != nil {
		return nil, err
	}
	err := a.s.store.view(func(r reader) error {
		_, err := r.get(kindList, req.ListID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return listPage[server.ListListContacts200JSONResponse](a.s, scope{kindContact, req.ListID}, req.Params)
}

// AddContactToList adds {list, time} to the contact's lists, unless the
// contact is in the list already, which changes nothing.
func (a api) AddContactToList(_ context.Context, req server.AddContactToListRequestObject) (server.AddContactToListResponseObject, error) {
	err := a.membership(req.ListID, req.ContactID, func(w writer, c generated.Contact) generated.Contact {
		if slices.ContainsFunc(c.Lists, isEntryOf(req.ListID)) {
			return c
		}
		entry := generated.ContactListMembership{ListID: ptr(req.ListID), Time: ptr(w.st.now().UTC().Truncate(time.Millisecond))}
		c.Lists = append(slices.Clip(c.Lists), entry)
		return c
	})
	if err != nil {
		return nil, err
	}
	return server.AddContactToList200Response{}, nil
}

// RemoveContactFromList removes the list from the contact's lists. A
// contact that is not in the list is left as it is, also with 204.
func (a api) RemoveContactFromList(_ context.Context, req server.RemoveContactFromListRequestObject) (server.RemoveContactFromListResponseObject, error) {
	err := a.membership(req.ListID, req.ContactID, func(_ writer, c generated.Contact) generated.Contact {
		c.Lists = slices.DeleteFunc(slices.Clone(c.Lists), isEntryOf(req.ListID))
		if len(c.Lists) == 0 {
			c.Lists = nil
		}
		return c
	})
	if err != nil {
		return nil, err
	}
	return server.RemoveContactFromList204Response{}, nil
}

// membership replaces contact contactID with change(contact), after
// checking both ids (400) and that both resources exist (404).
func (a api) membership(listID, contactID string, change func(writer, generated.Contact) generated.Contact) error {
	if err := checkID(kindList, listID); err != nil {
		return err
	}
	if err := checkID(kindContact, contactID); err != nil {
		return err
	}
	return a.s.store.update(func(w writer) error {
		if _, err := w.get(kindList, listID); err != nil {
			return err
		}
		d, err := w.get(kindContact, contactID)
		if err != nil {
			return err
		}
		c, err := fromJSON[generated.Contact](d)
		if err != nil {
			return err
		}
		_, err = replaceTyped(w, kindContact, change(w, c))
		return err
	})
}

// isEntryOf returns a test for a lists entry of that list.
func isEntryOf(listID string) func(generated.ContactListMembership) bool {
	return func(m generated.ContactListMembership) bool {
		return m.ListID != nil && *m.ListID == listID
	}
}
