package fake

import (
	"encoding/json"
	"maps"
	"net/http"

	"github.com/leadfox-go/leadfox/generated"

	"github.com/leadfox-go/leadfox/generated/server"
)

// api implements the generated strict server interface on a Server. Its
// methods are in handlers_*.go, one file per resource.
type api struct{ s *Server }

var _ server.StrictServerInterface = api{}

func ptr[T any](v T) *T { return &v }

// isObjectID reports whether s is 24 hexadecimal digits.
func isObjectID(s string) bool {
	if len(s) != 24 {
		return false
	}
	for _, c := range []byte(s) {
		if ('0' > c || c > '9') && ('a' > c || c > 'f') && ('A' > c || c > 'F') {
			return false
		}
	}
	return true
}

// checkID returns a 400 error unless id is an ObjectId. what names it in
// the message.
func checkID[K ~string](what K, id string) error {
	if !isObjectID(id) {
		return badRequest("invalid %s id %q: want 24 hexadecimal digits", what, id)
	}
	return nil
}

// checkName returns a 400 error if a name that must not be empty is.
func checkName(field string, name *string) error {
	if name != nil && *name == "" {
		return badRequest("%s must not be empty", field)
	}
	return nil
}

// getAs returns the resource of kind k with that id as T: 400 for an id
// that is not an ObjectId, 404 for one that is not stored.
func getAs[T any](s *Server, k kind, id string) (T, error) {
	var zero T
	if err := checkID(k, id); err != nil {
		return zero, err
	}
	var d doc
	err := s.store.view(func(r reader) (err error) {
		d, err = r.get(k, id)
		return err
	})
	if err != nil {
		return zero, err
	}
	return fromJSON[T](d)
}

// createAs stores body, in its JSON form, as a new resource of kind k and
// returns it as T. prepare, if not nil, runs under the store's lock before
// the insert: it may check the store and add fields to d.
func createAs[T any](s *Server, k kind, body any, prepare func(w writer, d doc) error) (T, error) {
	var zero T
	d, err := toDoc(body)
	if err != nil {
		return zero, err
	}
	err = s.store.update(func(w writer) error {
		if prepare != nil {
			if err := prepare(w, d); err != nil {
				return err
			}
		}
		d = w.insert(k, d)
		return nil
	})
	if err != nil {
		return zero, err
	}
	return fromJSON[T](d)
}

// patchFunc returns old changed by patch, the JSON form of an update body
// (the fields sent). It runs under the store's lock and must not modify
// old or patch.
type patchFunc func(w writer, old, patch doc) (doc, error)

// setFields is the patchFunc of a plain partial update: the fields sent
// replace the stored ones, the others stay.
func setFields(_ writer, old, patch doc) (doc, error) {
	d := copyDoc(old)
	maps.Copy(d, patch)
	return d, nil
}

// patchAs applies body to the resource of kind k with that id and
// returns the result as T: 400 for a bad id, 404 for an unknown one.
func patchAs[T any](s *Server, k kind, id string, body any, apply patchFunc) (T, error) {
	var zero T
	if err := checkID(k, id); err != nil {
		return zero, err
	}
	patch, err := toDoc(body)
	if err != nil {
		return zero, err
	}
	var d doc
	err = s.store.update(func(w writer) error {
		old, err := w.get(k, id)
		if err != nil {
			return err
		}
		if d, err = apply(w, old, patch); err != nil {
			return err
		}
		w.replace(k, d)
		return nil
	})
	if err != nil {
		return zero, err
	}
	return fromJSON[T](d)
}

// modifyAs replaces the resource of kind k with that id by what change
// makes of it, typed, and returns the result: 400 for a bad id, 404 for
// an unknown one. change runs under the store's lock.
func modifyAs[T any](s *Server, k kind, id string, change func(w writer, v T) (T, error)) (T, error) {
	var out T
	if err := checkID(k, id); err != nil {
		return out, err
	}
	err := s.store.update(func(w writer) error {
		d, err := w.get(k, id)
		if err != nil {
			return err
		}
		v, err := fromJSON[T](d)
		if err != nil {
			return err
		}
		if v, err = change(w, v); err != nil {
			return err
		}
		out, err = replaceTyped(w, k, v)
		return err
	})
	return out, err
}

// insertTyped stores v, one of the generated models, as a new resource
// of kind k and returns it as stored.
func insertTyped[T any](w writer, k kind, v T) (T, error) {
	d, err := toDoc(v)
	if err != nil {
		var zero T
		return zero, err
	}
	return fromJSON[T](w.insert(k, d))
}

// replaceTyped stores v, which carries its id, in place of the resource
// of kind k with that id and returns it as stored.
func replaceTyped[T any](w writer, k kind, v T) (T, error) {
	d, err := toDoc(v)
	if err != nil {
		var zero T
		return zero, err
	}
	w.replace(k, d)
	return fromJSON[T](d)
}

// writeJSON answers 200 with v encoded as JSON.
func writeJSON(w http.ResponseWriter, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	writeBody(w, http.StatusOK, "application/json", append(body, '\n'))
	return nil
}

// The generated 200 responses for one resource are defined types such as
// "type GetCampaign200JSONResponse Campaign". A defined type does not have
// the methods of its underlying type, so encoding one skips the model's
// MarshalJSON and drops its AdditionalProperties: fields the spec does not
// name would vanish (oapi-codegen v2.8.2 generates them this way). The
// types below answer 200 with the model itself, so every stored field is
// returned.

// campaignOK answers 200 with a Campaign.
type campaignOK generated.Campaign

func (c campaignOK) VisitCreateCampaignResponse(w http.ResponseWriter) error {
	return writeJSON(w, generated.Campaign(c))
}

func (c campaignOK) VisitGetCampaignResponse(w http.ResponseWriter) error {
	return writeJSON(w, generated.Campaign(c))
}

func (c campaignOK) VisitUpdateCampaignResponse(w http.ResponseWriter) error {
	return writeJSON(w, generated.Campaign(c))
}

// contactOK answers 200 with a Contact.
type contactOK generated.Contact

func (c contactOK) VisitCreateContactResponse(w http.ResponseWriter) error {
	return writeJSON(w, generated.Contact(c))
}

func (c contactOK) VisitUpsertContactResponse(w http.ResponseWriter) error {
	return writeJSON(w, generated.Contact(c))
}

func (c contactOK) VisitGetContactResponse(w http.ResponseWriter) error {
	return writeJSON(w, generated.Contact(c))
}

func (c contactOK) VisitUpdateContactResponse(w http.ResponseWriter) error {
	return writeJSON(w, generated.Contact(c))
}

// emailOK answers 200 with an Email.
type emailOK generated.Email

func (e emailOK) VisitCreateEmailResponse(w http.ResponseWriter) error {
	return writeJSON(w, generated.Email(e))
}

func (e emailOK) VisitGetEmailResponse(w http.ResponseWriter) error {
	return writeJSON(w, generated.Email(e))
}

func (e emailOK) VisitUpdateEmailResponse(w http.ResponseWriter) error {
	return writeJSON(w, generated.Email(e))
}

// folderOK answers 200 with a Folder.
type folderOK generated.Folder

func (f folderOK) VisitCreateFolderResponse(w http.ResponseWriter) error {
	return writeJSON(w, generated.Folder(f))
}

func (f folderOK) VisitUpdateFolderResponse(w http.ResponseWriter) error {
	return writeJSON(w, generated.Folder(f))
}

// listOK answers 200 with a List.
type listOK generated.List

func (l listOK) VisitCreateListResponse(w http.ResponseWriter) error {
	return writeJSON(w, generated.List(l))
}

func (l listOK) VisitUpdateListResponse(w http.ResponseWriter) error {
	return writeJSON(w, generated.List(l))
}

// propertyOK answers 200 with a Property.
type propertyOK generated.Property

func (p propertyOK) VisitCreatePropertyResponse(w http.ResponseWriter) error {
	return writeJSON(w, generated.Property(p))
}

func (p propertyOK) VisitUpdatePropertyResponse(w http.ResponseWriter) error {
	return writeJSON(w, generated.Property(p))
}
