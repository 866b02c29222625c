package fake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/leadfox-go/leadfox/generated"
)

// Fixtures are resources to seed a Server with, as JSON in the API's own
// field names: the form [Server.LoadFixtures] reads and the standalone
// fake's -fixtures flag takes. Every list may be empty or absent. Ids may
// be given (24 hex digits, unique) so that fixtures can refer to each
// other; missing ones are made up. A contact's opt-in state for a GDPR
// mailing list, which the API cannot write, is seeded here in its
// "mailinglists" field:
//
//	{"mailinglists": [{"_id": "5f0c8a3b9d1e2a00000000f1", "name": "Newsletter"}],
//	 "contacts": [{"email": "ada@example.com",
//	   "mailinglists": [{"mailinglist": "5f0c8a3b9d1e2a00000000f1", "status": "opt-in"}]}]}
type Fixtures struct {
	Folders      []generated.Folder      `json:"folders,omitempty"`
	Emails       []generated.Email       `json:"emails,omitempty"`
	Lists        []generated.List        `json:"lists,omitempty"`
	MailingLists []generated.MailingList `json:"mailinglists,omitempty"`
	Properties   []generated.Property    `json:"properties,omitempty"`
	Contacts     []generated.Contact     `json:"contacts,omitempty"`
	Campaigns    []generated.Campaign    `json:"campaigns,omitempty"`
}

// LoadFixtures reads [Fixtures] from r and stores them, in the order of
// the Fixtures fields, with the Put and Insert methods. Unknown top-level
// keys are an error. Unlike those methods it returns an error instead
// of panicking, but what it stored before the error stays.
func (s *Server) LoadFixtures(r io.Reader) (err error) {
	data, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return fmt.Errorf("fake: read fixtures: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f Fixtures
	if err := dec.Decode(&f); err != nil {
		return fmt.Errorf("fake: decode fixtures: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("fake: fixtures: %v", p)
		}
	}()
	seedAll(s, f.Folders, s.PutFolder)
	seedAll(s, f.Emails, s.PutEmail)
	seedAll(s, f.Lists, s.PutList)
	seedAll(s, f.MailingLists, s.PutMailingList)
	seedAll(s, f.Properties, s.PutProperty)
	if len(f.Contacts) > 0 {
		s.InsertContacts(f.Contacts)
	}
	seedAll(s, f.Campaigns, s.PutCampaign)
	return nil
}

func seedAll[T any](_ *Server, vs []T, put func(T) string) {
	for _, v := range vs {
		put(v)
	}
}
