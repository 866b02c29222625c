package benchkit

import "time"

// Plain is the baseline's contact: the same fields as
// generated.Contact, without pointers and without keeping unknown fields,
// for encoding/json.
type Plain struct {
	ID                     string             `json:"_id"`
	Owner                  string             `json:"_owner"`
	Email                  string             `json:"email"`
	Name                   string             `json:"name"`
	Properties             map[string]string  `json:"properties"`
	Subscribed             bool               `json:"subscribed"`
	Created                time.Time          `json:"created"`
	Lifecycle              string             `json:"lifecycle"`
	Lists                  []PlainMembership  `json:"lists"`
	MailingLists           []PlainMailingList `json:"mailinglists"`
	SessionTrackingConsent PlainConsent       `json:"sessionTrackingConsent"`
	EmailTrackingConsent   PlainConsent       `json:"emailTrackingConsent"`
}

// PlainMembership is a list of a Plain contact.
type PlainMembership struct {
	List string    `json:"list"`
	Time time.Time `json:"time"`
}

// PlainMailingList is a mailing list of a Plain contact.
type PlainMailingList struct {
	MailingList string    `json:"mailinglist"`
	Status      string    `json:"status"`
	Updated     time.Time `json:"updated"`
}

// PlainConsent is a consent of a Plain contact.
type PlainConsent struct {
	Status  string    `json:"status"`
	Updated time.Time `json:"updated"`
}
