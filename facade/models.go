package facade

import (
	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/internal/jsonobj"
)

// Campaign statuses, the wire values of a [CampaignStatus].
const (
	CampaignDraft    CampaignStatus = "d"
	CampaignActive   CampaignStatus = "a"
	CampaignInactive CampaignStatus = "i"
)

// Consent statuses, for the Status of a [Consent].
const (
	ConsentGranted ConsentStatus = "GRANTED"
	ConsentDenied  ConsentStatus = "DENIED"
)

// Mailing list statuses, for the Status of a [ContactMailingList].
const (
	MailingListOptIn  MailingListStatus = "opt-in"
	MailingListOptOut MailingListStatus = "opt-out"
)

// BatchNoneTypeNone is the Type of a [BatchNone], "none".
const BatchNoneTypeNone BatchNoneType = "none"

// EmailEditorBee is the Bee visual editor, the default and only editor.
const EmailEditorBee EmailEditor = "bee"

// Mailing list status filters, for the StatusFilter field of a
// [CampaignMailingList]: the contacts who opted in, those who have not
// decided, or both. The API sends them as the numbers 0, 1 and 2.
const (
	StatusFilterOptedIn            MailingListStatusFilter = 0
	StatusFilterUndecided          MailingListStatusFilter = 1
	StatusFilterOptedInOrUndecided MailingListStatusFilter = 2
)

// The unprefixed names of the mailing list status filters.
const (
	// Deprecated: use [StatusFilterOptedIn].
	OptedIn MailingListStatusFilter = 0
	// Deprecated: use [StatusFilterUndecided].
	Undecided MailingListStatusFilter = 1
	// Deprecated: use [StatusFilterOptedInOrUndecided].
	OptedInOrUndecided MailingListStatusFilter = 2
)

// EmailCampaignType (2) is the campaign type the vendor supports for API
// clients, and the only one the facade creates or touches. It is an
// untyped constant, so that it is both a [CampaignCreateType], for
// [CampaignCreate].Type, and an int, for [Campaign].Type (read with
// its GetType method); it equals generated.EmailCampaignTypeEmail.
const EmailCampaignType = 2

// PropertyString returns the [PropertyValue] of the string s.
func PropertyString(s string) PropertyValue { return jsonobj.StringValue(s) }

// Ptr returns a pointer to a copy of v, for the optional fields of the
// model types: Name: facade.Ptr("Newsletter"). It never returns nil.
func Ptr[T any](v T) *T { return &v }

// AllContacts returns the campaign target that selects every contact of
// the Client: {"list": null}.
func AllContacts() CampaignList {
	var l CampaignList
	// Marshalling a struct with one nil *string field cannot fail.
	_ = l.FromCampaignListAll(generated.CampaignListAll{})
	return l
}

// IncludeList returns the campaign target that selects the contacts of
// the list id: {"list": id}. It returns no error, so that it fits in a
// literal (Lists: []CampaignList{IncludeList(id)}): the id is checked when
// the campaign is sent, by [CampaignsService.Create] and
// [CampaignsService.Update], before any request; an id that is not an
// ObjectId is then an error matching [ErrInvalidArgument].
func IncludeList(id string) CampaignList {
	var l CampaignList
	// Marshalling a struct with one string field cannot fail.
	_ = l.FromCampaignListInclude(generated.CampaignListInclude{ListID: id})
	return l
}

// NoBatching returns the batch configuration that sends to everyone at
// once: {"type": "none"}.
func NoBatching() *BatchConfiguration {
	var b BatchConfiguration
	_ = b.FromBatchNone(BatchNone{Type: BatchNoneTypeNone})
	return &b
}
