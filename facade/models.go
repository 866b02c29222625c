package facade

import (
	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/internal/jsonobj"
)

// The resource and request types are those generated from openapi.yaml
// (package [generated]), so that a spec change reaches the facade by
// regeneration; follow a type to its generated twin for its fields.
// Optional fields are pointers (see [Ptr]); date-times are [time.Time].
// Resources keep the fields the spec does not name in
// AdditionalProperties, as the raw JSON the server sent (a
// map[string]json.RawMessage; GetAny decodes one into an any, numbers as
// [encoding/json.Number]), so a resource read, changed and written back
// loses nothing: no digit of a number, no nesting.
type (
	// Campaign is an email campaign (type 2, EmailCampaign), as
	// [CampaignsService] returns it.
	Campaign = generated.Campaign
	// CampaignCreate is the body of [CampaignsService.Create]. Type may be left
	// zero: the facade always sends 2.
	CampaignCreate = generated.CampaignCreate
	// CampaignUpdate is the body of [CampaignsService.Update]; only the fields set
	// change.
	CampaignUpdate = generated.CampaignUpdate
	// CampaignStatus is a campaign's status: [CampaignDraft],
	// [CampaignActive] or [CampaignInactive].
	CampaignStatus = generated.EmailCampaignStatus
	// CampaignList is one target of a campaign: [AllContacts](),
	// [IncludeList](id), or an exclusion built with
	// [generated.CampaignList.FromCampaignListExclude].
	CampaignList = generated.CampaignList
	// CampaignMailingList is the GDPR mailing list that gates who
	// receives a campaign.
	CampaignMailingList = generated.CampaignMailingList
	// MailingListStatusFilter says which contacts of a mailing list a
	// campaign reaches: [StatusFilterOptedIn], [StatusFilterUndecided] or
	// [StatusFilterOptedInOrUndecided].
	MailingListStatusFilter = generated.MailingListStatusFilter
	// BatchConfiguration is how a campaign's send is split: [NoBatching](),
	// or a fixed-count or fixed-size batching built with its From methods
	// ([generated.BatchConfiguration.FromBatchFixedCount],
	// [generated.BatchConfiguration.FromBatchFixedSize]).
	BatchConfiguration = generated.BatchConfiguration
	// EmailVariant is an email design a campaign sends, with its A/B
	// weight.
	EmailVariant = generated.EmailVariant
	// CampaignCreateType is the type of [CampaignCreate].Type, a campaign
	// type code; [EmailCampaignType] (2) is the only one the facade sends.
	CampaignCreateType = generated.EmailCampaignType
	// CampaignListAll is the variant of a [CampaignList] that selects
	// every contact ({"list": null}; its List is always nil); build one
	// with [AllContacts], read one with [CampaignList.AsCampaignListAll].
	CampaignListAll = generated.CampaignListAll
	// CampaignListInclude is the variant of a [CampaignList] that selects
	// the contacts of the list ListID ({"list": id}); build one with
	// [IncludeList], read one with [CampaignList.AsCampaignListInclude].
	CampaignListInclude = generated.CampaignListInclude
	// CampaignListExclude is the variant of a [CampaignList] that
	// excludes the contacts of a list. The API documents none of its
	// fields: it is the raw JSON object, key by key, kept as sent.
	CampaignListExclude = generated.CampaignListExclude
	// BatchNone is the variant of a [BatchConfiguration] that sends to
	// everyone at once: Type is [BatchNoneTypeNone] ("none"). Build one
	// with [NoBatching].
	BatchNone = generated.BatchNone
	// BatchNoneType is the Type of a [BatchNone]: [BatchNoneTypeNone].
	BatchNoneType = generated.BatchNoneType
	// BatchFixedCount is the variant of a [BatchConfiguration] that
	// splits the send into a fixed number of batches. Only Type (the
	// vendor's variant name) is known of its shape; the other fields are
	// in AdditionalProperties, as sent.
	BatchFixedCount = generated.BatchFixedCount
	// BatchFixedSize is the variant of a [BatchConfiguration] that
	// splits the send into batches of a fixed size. Only Type (the
	// vendor's variant name) is known of its shape; the other fields are
	// in AdditionalProperties, as sent.
	BatchFixedSize = generated.BatchFixedSize

	// Contact is a person in the marketing database, unique by email, as
	// [ContactsService] returns it: ID is set on every contact the API
	// returns, Email unless a projection ([ListOptions.Fields]) leaves it
	// out; Properties holds the values of the custom
	// properties by shortcode (see [PropertyValues]), and Lists the
	// lists the contact is in. Create or merge one with
	// [ContactsService.Upsert].
	// Its MailingLists (opt-in state for GDPR mailing lists) and Lists
	// are read-only here: the API writes opt-in state through no
	// operation, and list membership only through [ListsService].
	Contact = generated.Contact
	// Consent is a contact's tracking consent (Contact.EmailTrackingConsent
	// and Contact.SessionTrackingConsent): Status is [ConsentGranted] or
	// [ConsentDenied], nil when the contact never answered; Updated is
	// when it was last set.
	Consent = generated.Consent
	// ConsentStatus is the Status of a [Consent]: [ConsentGranted] or
	// [ConsentDenied].
	ConsentStatus = generated.ConsentStatus
	// ContactListMembership is one entry of Contact.Lists: ListID is a
	// [List] the contact is in, Time when it was added. Change
	// membership with [ListsService].
	ContactListMembership = generated.ContactListMembership
	// ContactMailingList is one entry of Contact.MailingLists, the
	// contact's choice for a GDPR [MailingList]: MailingListID is the
	// mailing list, Status is [MailingListOptIn] or [MailingListOptOut]
	// (no entry means undecided), Updated is when it was made.
	ContactMailingList = generated.ContactMailingList
	// MailingListStatus is the Status of a [ContactMailingList]:
	// [MailingListOptIn] or [MailingListOptOut].
	MailingListStatus = generated.MailingListStatus
	// ContactCreate is the body of [ContactsService.Create] and
	// [ContactsService.Upsert].
	ContactCreate = generated.ContactCreate
	// ContactUpdate is the body of [ContactsService.Update]: the properties merged
	// into the contact's.
	ContactUpdate = generated.ContactUpdate
	// ContactProperties maps [Property] shortcodes to values, in the body
	// of [ContactsService.Create], [ContactsService.Upsert] and
	// [ContactsService.Update].
	ContactProperties = generated.ContactProperties
	// PropertyValues are the property values of a [Contact], keyed by
	// Property shortcode (Contact.Properties). Read one with its String
	// method: c.Properties["firstname"].String(). The API documents
	// strings; a value the server sends as a number, a boolean or null is
	// kept as its JSON text ("42", "true", "null") and written back as that
	// JSON value, never as a string. Its Strings method returns a
	// [ContactProperties] for an update. An object or an array as a value
	// is an error for that contact only.
	PropertyValues = jsonobj.Properties
	// PropertyValue is one value of [PropertyValues]: String returns the
	// string or the JSON text of another value; IsString reports whether
	// the server sent a string. The zero value is the empty string; build
	// one with [PropertyString]. Values compare with == and go-cmp.
	PropertyValue = jsonobj.PropertyValue

	// Email is an email design, as [EmailsService] returns it.
	Email = generated.Email
	// EmailCreate is the body of [EmailsService.Create].
	EmailCreate = generated.EmailCreate
	// EmailUpdate is the body of [EmailsService.Update]; only the fields set change.
	EmailUpdate = generated.EmailUpdate
	// EmailEditor is the design editor of an email; [EmailEditorBee] is the
	// only one.
	EmailEditor = generated.EmailEditor

	// Folder groups campaigns and email designs; see [FoldersService].
	Folder = generated.Folder
	// FolderCreate is the body of [FoldersService.Create].
	FolderCreate = generated.FolderCreate
	// FolderUpdate is the body of [FoldersService.Update]; only the fields set change.
	FolderUpdate = generated.FolderUpdate

	// List is a list of contacts; see [ListsService].
	List = generated.List
	// ListCreate is the body of [ListsService.Create].
	ListCreate = generated.ListCreate
	// ListUpdate is the body of [ListsService.Update]; only the fields set change.
	ListUpdate = generated.ListUpdate

	// MailingList is a GDPR subscription category; see
	// [MailingListsService].
	MailingList = generated.MailingList

	// Metrics is one row of delivery and engagement counters, as
	// [MetricsService] returns them (one row per element, in a slice):
	// ID is the campaign or email design the row counts; Sent, Bounce,
	// Spam, Open, Click are event counts, UniqueOpen and UniqueClick the
	// contacts who opened or clicked at least once, Unsubscribe the
	// unsubscriptions. A counter the server
	// left out is nil (GetSent and the like read it as 0).
	Metrics = generated.Metrics

	// Property is a custom contact property; see [PropertiesService].
	Property = generated.Property
	// PropertyCreate is the body of [PropertiesService.Create].
	PropertyCreate = generated.PropertyCreate
	// PropertyUpdate is the body of [PropertiesService.Update]; only the fields set
	// change.
	PropertyUpdate = generated.PropertyUpdate
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
// [CampaignCreate].Type, and an int, for [Campaign].Type (read as
// [Campaign.GetType]); it equals generated.EmailCampaignTypeEmail.
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
