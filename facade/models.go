package facade

import (
	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/internal/jsonobj"
)

// The resource and request types are those generated from openapi.yaml
// (package [generated]), so that a spec change reaches the facade by
// regeneration. The doc of each one ends with its fields, their JSON
// names and their meaning, from the spec's descriptions (go generate
// writes that block; the text above it is the facade's).
// Optional fields are pointers (see [Ptr]); date-times are [time.Time].
// Resources keep the fields the spec does not name in
// AdditionalProperties, as the raw JSON the server sent (a
// map[string]json.RawMessage; GetAny decodes one into an any, numbers as
// [encoding/json.Number]), so a resource read, changed and written back
// loses nothing: no digit of a number, no nesting.
type (
	// Campaign is an email campaign (type 2, EmailCampaign), as
	// [CampaignsService] returns it.
	//
	// Fields, from the spec:
	//   - ID (_id): The campaign's id, assigned by the server; read-only.
	//   - Owner (_owner): The campaign's owner, assigned by the server;
	//     read-only. Inferred: it names the Client.
	//   - BatchConfiguration (batchConfiguration): How the send is split into
	//     batches. Only the None variant's shape is known; the fixed variants
	//     accept any `type`, so the variants overlap and a value may match
	//     more than one of them.
	//   - Description (description): A free-text description of the campaign.
	//   - Emails (emails): The email designs the campaign sends, with their
	//     A/B weights.
	//   - FolderID (folder): The id of the Folder the campaign is in; it
	//     cannot change after creation.
	//   - Lists (lists): Whom the campaign targets: every contact, or Lists to
	//     include or exclude. Sending needs at least one.
	//   - MailingList (mailinglist): The GDPR mailing list that gates who
	//     receives the campaign.
	//   - Name (name): The campaign's name.
	//   - Start (start): When an active campaign goes out: a future value
	//     schedules the send; none, or a value not after now, sends it when
	//     activated. Schedule with `{start, status: a}` in one write. Whether
	//     a sent campaign's content can still change is not documented; the
	//     SDK's fake refuses it with 409.
	//   - Status (status): `d` draft, `a` active (sending), `i` inactive. An
	//     active campaign goes out at its `start`, or when activated if it has
	//     no `start` or one not after now; a draft or inactive campaign never
	//     goes out. Beyond "`a` sends, a future `start` schedules", this
	//     lifecycle is inferred.
	//   - Type (type): The campaign's type as stored. 2 is EmailCampaign; the
	//     entity has other types, which clients must not use. Example: 2
	//   - AdditionalProperties (every other member): The members the spec does
	//     not name, keyed by name, as the raw JSON the server sent, so that
	//     they are written back unchanged.
	Campaign = generated.Campaign
	// CampaignCreate is the body of [CampaignsService.Create]. Type may be left
	// zero: the facade always sends 2.
	//
	// Fields, from the spec:
	//   - BatchConfiguration (batchConfiguration): How the send is split into
	//     batches. Only the None variant's shape is known; the fixed variants
	//     accept any `type`, so the variants overlap and a value may match
	//     more than one of them.
	//   - Description (description): A free-text description of the campaign.
	//   - Emails (emails): The email designs to send, with their A/B weights;
	//     at least one, and each must exist.
	//   - FolderID (folder): The id of the Folder to put the campaign in; it
	//     must exist, and cannot change later.
	//   - Lists (lists): Whom the campaign targets: every contact, or Lists to
	//     include or exclude. Sending needs at least one.
	//   - MailingList (mailinglist): The GDPR mailing list that gates who
	//     receives the campaign.
	//   - Name (name): The campaign's name; required and not empty.
	//   - Start (start): When an active campaign goes out: a future value
	//     schedules the send; none, or a value not after now, sends it when
	//     activated. Schedule with `{start, status: a}` in one write. Whether
	//     a sent campaign's content can still change is not documented; the
	//     SDK's fake refuses it with 409.
	//   - Status (status): `d` draft, `a` active (sending), `i` inactive. An
	//     active campaign goes out at its `start`, or when activated if it has
	//     no `start` or one not after now; a draft or inactive campaign never
	//     goes out. Beyond "`a` sends, a future `start` schedules", this
	//     lifecycle is inferred.
	//   - Type (type): The campaign type to create. 2 (EmailCampaign) is the
	//     only supported type.
	CampaignCreate = generated.CampaignCreate
	// CampaignUpdate is the body of [CampaignsService.Update]; only the fields set
	// change.
	//
	// Fields, from the spec:
	//   - BatchConfiguration (batchConfiguration): How the send is split into
	//     batches. Only the None variant's shape is known; the fixed variants
	//     accept any `type`, so the variants overlap and a value may match
	//     more than one of them.
	//   - Description (description): The campaign's new description.
	//   - Emails (emails): The email designs to send, with their A/B weights.
	//     Inferred: the list sent replaces the campaign's.
	//   - Lists (lists): Whom the campaign targets: every contact, or Lists to
	//     include or exclude. Inferred: the list sent replaces the campaign's.
	//   - MailingList (mailinglist): The GDPR mailing list that gates who
	//     receives the campaign.
	//   - Name (name): The campaign's new name; not empty.
	//   - Start (start): When an active campaign goes out: a future value
	//     schedules the send; none, or a value not after now, sends it when
	//     activated. Schedule with `{start, status: a}` in one write. Whether
	//     a sent campaign's content can still change is not documented; the
	//     SDK's fake refuses it with 409.
	//   - Status (status): `d` draft, `a` active (sending), `i` inactive. An
	//     active campaign goes out at its `start`, or when activated if it has
	//     no `start` or one not after now; a draft or inactive campaign never
	//     goes out. Beyond "`a` sends, a future `start` schedules", this
	//     lifecycle is inferred.
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
	//
	// Fields, from the spec:
	//   - Language (language): A language code, such as en. Inferred: what it
	//     selects is not documented. Example: en
	//   - MailingListID (mailinglist): The id of the GDPR MailingList whose
	//     opt-in state gates the send.
	//   - StatusFilter (statusFilter): 0 opted-in only, 1 undecided only, 2
	//     opted-in or undecided. Opted-out contacts never receive.
	//   - AdditionalProperties (every other member): The members the spec does
	//     not name, keyed by name, as the raw JSON the server sent, so that
	//     they are written back unchanged.
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
	//
	// Fields, from the spec:
	//   - EmailID (email): The id of the Email design to send.
	//   - Weight (weight): This design's A/B weight among the campaign's
	//     emails; the reference's example is 100. Inferred: how weights split
	//     the send is not documented. Example: 100
	//   - AdditionalProperties (every other member): The members the spec does
	//     not name, keyed by name, as the raw JSON the server sent, so that
	//     they are written back unchanged.
	EmailVariant = generated.EmailVariant
	// CampaignCreateType is the type of [CampaignCreate].Type, a campaign
	// type code; [EmailCampaignType] (2) is the only one the facade sends.
	CampaignCreateType = generated.EmailCampaignType
	// CampaignListAll is the variant of a [CampaignList] that selects
	// every contact ({"list": null}; its List is always nil); build one
	// with [AllContacts], read one with [CampaignList.AsCampaignListAll].
	//
	// Fields, from the spec:
	//   - List (list): Always null; it selects every contact.
	CampaignListAll = generated.CampaignListAll
	// CampaignListInclude is the variant of a [CampaignList] that selects
	// the contacts of the list ListID ({"list": id}); build one with
	// [IncludeList], read one with [CampaignList.AsCampaignListInclude].
	//
	// Fields, from the spec:
	//   - ListID (list): The id of the List whose contacts the campaign
	//     targets.
	//   - AdditionalProperties (every other member): The members the spec does
	//     not name, keyed by name, as the raw JSON the server sent, so that
	//     they are written back unchanged.
	CampaignListInclude = generated.CampaignListInclude
	// CampaignListExclude is the variant of a [CampaignList] that
	// excludes the contacts of a list. The API documents none of its
	// fields: it is the raw JSON object, key by key, kept as sent.
	CampaignListExclude = generated.CampaignListExclude
	// BatchNone is the variant of a [BatchConfiguration] that sends to
	// everyone at once: Type is [BatchNoneTypeNone] ("none"). Build one
	// with [NoBatching].
	//
	// Fields, from the spec:
	//   - Type (type): The variant's name, always none.
	//   - AdditionalProperties (every other member): The members the spec does
	//     not name, keyed by name, as the raw JSON the server sent, so that
	//     they are written back unchanged.
	BatchNone = generated.BatchNone
	// BatchNoneType is the Type of a [BatchNone]: [BatchNoneTypeNone].
	BatchNoneType = generated.BatchNoneType
	// BatchFixedCount is the variant of a [BatchConfiguration] that
	// splits the send into a fixed number of batches. Only Type (the
	// vendor's variant name) is known of its shape; the other fields are
	// in AdditionalProperties, as sent.
	//
	// Fields, from the spec:
	//   - Type (type): The variant's name. Inferred: its value and the
	//     variant's other fields are not documented.
	//   - AdditionalProperties (every other member): The members the spec does
	//     not name, keyed by name, as the raw JSON the server sent, so that
	//     they are written back unchanged.
	BatchFixedCount = generated.BatchFixedCount
	// BatchFixedSize is the variant of a [BatchConfiguration] that
	// splits the send into batches of a fixed size. Only Type (the
	// vendor's variant name) is known of its shape; the other fields are
	// in AdditionalProperties, as sent.
	//
	// Fields, from the spec:
	//   - Type (type): The variant's name. Inferred: its value and the
	//     variant's other fields are not documented.
	//   - AdditionalProperties (every other member): The members the spec does
	//     not name, keyed by name, as the raw JSON the server sent, so that
	//     they are written back unchanged.
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
	//
	// Fields, from the spec:
	//   - ID (_id): The contact's id, assigned by the server; read-only.
	//   - Owner (_owner): The contact's owner, assigned by the server;
	//     read-only. Inferred: it names the Client.
	//   - Created (created): When the contact was created; assigned by the
	//     server, read-only.
	//   - Email (email): Unique within a Client; the upsert key.
	//   - EmailTrackingConsent (emailTrackingConsent): The contact's consent
	//     to the tracking of their email opens and clicks. Inferred: the
	//     reference names the field only.
	//   - Lifecycle (lifecycle): Lifecycle stage; its values are not
	//     documented.
	//   - Lists (lists): The Lists the contact is in, each with when it was
	//     added. Read-only here: the list membership operations change it.
	//   - MailingLists (mailinglists): The contact's choices for GDPR mailing
	//     lists; no entry for a mailing list means undecided. Read-only: no
	//     operation writes them.
	//   - Name (name): The contact's name. Inferred: how it relates to the
	//     firstname and lastname properties is not documented.
	//   - Properties (properties): Property values keyed by Property
	//     shortcode. The API documents strings; a number, boolean, null, array
	//     or object the server sends is kept as its JSON text and written back
	//     unchanged (see facade.PropertyValue).
	//   - SessionTrackingConsent (sessionTrackingConsent): The contact's
	//     consent to the tracking of their website sessions. Inferred: the
	//     reference names the field only.
	//   - Subscribed (subscribed): Whether the contact may receive email at
	//     all.
	//   - AdditionalProperties (every other member): The members the spec does
	//     not name, keyed by name, as the raw JSON the server sent, so that
	//     they are written back unchanged.
	Contact = generated.Contact
	// Consent is a contact's tracking consent (Contact.EmailTrackingConsent
	// and Contact.SessionTrackingConsent): Status is [ConsentGranted] or
	// [ConsentDenied], nil when the contact never answered; Updated is
	// when it was last set.
	//
	// Fields, from the spec:
	//   - Status (status): A contact's answer to a tracking consent request.
	//   - Updated (updated): When the consent was last set.
	//   - AdditionalProperties (every other member): The members the spec does
	//     not name, keyed by name, as the raw JSON the server sent, so that
	//     they are written back unchanged.
	Consent = generated.Consent
	// ConsentStatus is the Status of a [Consent]: [ConsentGranted] or
	// [ConsentDenied].
	ConsentStatus = generated.ConsentStatus
	// ContactListMembership is one entry of Contact.Lists: ListID is a
	// [List] the contact is in, Time when it was added. Change
	// membership with [ListsService].
	//
	// Fields, from the spec:
	//   - ListID (list): The id of the List the contact is in.
	//   - Time (time): When the contact was added to the list.
	//   - AdditionalProperties (every other member): The members the spec does
	//     not name, keyed by name, as the raw JSON the server sent, so that
	//     they are written back unchanged.
	ContactListMembership = generated.ContactListMembership
	// ContactMailingList is one entry of Contact.MailingLists, the
	// contact's choice for a GDPR [MailingList]: MailingListID is the
	// mailing list, Status is [MailingListOptIn] or [MailingListOptOut]
	// (no entry means undecided), Updated is when it was made.
	//
	// Fields, from the spec:
	//   - MailingListID (mailinglist): The id of the GDPR MailingList this
	//     choice is for.
	//   - Status (status): The contact's choice for a mailing list; no entry
	//     means undecided.
	//   - Updated (updated): When the contact made this choice.
	//   - AdditionalProperties (every other member): The members the spec does
	//     not name, keyed by name, as the raw JSON the server sent, so that
	//     they are written back unchanged.
	ContactMailingList = generated.ContactMailingList
	// MailingListStatus is the Status of a [ContactMailingList]:
	// [MailingListOptIn] or [MailingListOptOut].
	MailingListStatus = generated.MailingListStatus
	// ContactCreate is the body of [ContactsService.Create] and
	// [ContactsService.Upsert].
	//
	// Fields, from the spec:
	//   - Email (email): The contact's email address: required, unique within
	//     the Client, and the key an upsert matches on.
	//   - Properties (properties): Property values keyed by Property
	//     shortcode. Values are always strings. Built-in keys: email,
	//     firstname, lastname, phone, gender.
	ContactCreate = generated.ContactCreate
	// ContactUpdate is the body of [ContactsService.Update]: the properties merged
	// into the contact's.
	//
	// Fields, from the spec:
	//   - Properties (properties): Property values keyed by Property
	//     shortcode. Values are always strings. Built-in keys: email,
	//     firstname, lastname, phone, gender.
	ContactUpdate = generated.ContactUpdate
	// ContactProperties maps [Property] shortcodes to values, in the body
	// of [ContactsService.Create], [ContactsService.Upsert] and
	// [ContactsService.Update].
	ContactProperties = generated.ContactProperties
	// PropertyValues are the property values of a [Contact], keyed by
	// Property shortcode (Contact.Properties). Read one with its String
	// method: c.Properties["firstname"].String(). The API documents
	// strings; a value the server sends as a number, a boolean, null, an
	// array or an object is kept as its JSON text ("42", "true", "null",
	// `["a","b"]`) and written back as that JSON value, never as a string.
	// Its Strings method returns a [ContactProperties] for an update.
	PropertyValues = jsonobj.Properties
	// PropertyValue is one value of [PropertyValues]: String returns the
	// string or the JSON text of another value; IsString reports whether
	// the server sent a string. The zero value is the empty string; build
	// one with [PropertyString]. Values compare with == and go-cmp.
	PropertyValue = jsonobj.PropertyValue

	// Email is an email design, as [EmailsService] returns it.
	//
	// Fields, from the spec:
	//   - ID (_id): The email design's id, assigned by the server; read-only.
	//   - Owner (_owner): The email design's owner, assigned by the server;
	//     read-only. Inferred: it names the Client.
	//   - Body (body): The HTML body.
	//   - Description (description): A free-text description of the design.
	//   - Editor (editor): The design editor; `bee` is the only value.
	//   - FromEmail (fromemail): The sender's email address.
	//   - FromName (fromname): The sender's display name.
	//   - JSON (json): The visual editor's design, as a JSON string.
	//   - Name (name): The design's name.
	//   - PreHeader (preheader): The preview text mail clients show after the
	//     subject. Inferred: from the name.
	//   - Subject (subject): The email's subject line.
	//   - UnsubscribeText (unsubscribetext): The text of the email's
	//     unsubscribe link. Inferred: from the name.
	//   - AdditionalProperties (every other member): The members the spec does
	//     not name, keyed by name, as the raw JSON the server sent, so that
	//     they are written back unchanged.
	Email = generated.Email
	// EmailCreate is the body of [EmailsService.Create].
	//
	// Fields, from the spec:
	//   - Body (body): The HTML body.
	//   - Description (description): A free-text description of the design.
	//   - Editor (editor): The design editor; `bee` is the only value.
	//   - FromEmail (fromemail): The sender's email address.
	//   - FromName (fromname): The sender's display name.
	//   - JSON (json): The visual editor's design, as a JSON string.
	//   - Name (name): The design's name; required and not empty.
	//   - PreHeader (preheader): The preview text mail clients show after the
	//     subject. Inferred: from the name.
	//   - Subject (subject): The email's subject line.
	//   - UnsubscribeText (unsubscribetext): The text of the email's
	//     unsubscribe link. Inferred: from the name.
	EmailCreate = generated.EmailCreate
	// EmailUpdate is the body of [EmailsService.Update]; only the fields set change.
	//
	// Fields, from the spec:
	//   - Body (body): The new HTML body.
	//   - Description (description): The design's new description.
	//   - Editor (editor): The design editor; `bee` is the only value.
	//   - FromEmail (fromemail): The sender's new email address.
	//   - FromName (fromname): The sender's new display name.
	//   - JSON (json): The visual editor's new design, as a JSON string.
	//   - Name (name): The design's new name; not empty.
	//   - PreHeader (preheader): The new preview text mail clients show after
	//     the subject. Inferred: from the name.
	//   - Subject (subject): The email's new subject line.
	//   - UnsubscribeText (unsubscribetext): The new text of the email's
	//     unsubscribe link. Inferred: from the name.
	EmailUpdate = generated.EmailUpdate
	// EmailEditor is the design editor of an email; [EmailEditorBee] is the
	// only one.
	EmailEditor = generated.EmailEditor

	// Folder groups campaigns and email designs; see [FoldersService].
	//
	// Fields, from the spec:
	//   - ID (_id): The folder's id, assigned by the server; read-only.
	//   - Owner (_owner): The folder's owner, assigned by the server;
	//     read-only. Inferred: it names the Client.
	//   - Description (description): A free-text description of the folder.
	//   - Name (name): The folder's name.
	//   - AdditionalProperties (every other member): The members the spec does
	//     not name, keyed by name, as the raw JSON the server sent, so that
	//     they are written back unchanged.
	Folder = generated.Folder
	// FolderCreate is the body of [FoldersService.Create].
	//
	// Fields, from the spec:
	//   - Description (description): A free-text description of the folder.
	//   - Name (name): The folder's name; required and not empty.
	FolderCreate = generated.FolderCreate
	// FolderUpdate is the body of [FoldersService.Update]; only the fields set change.
	//
	// Fields, from the spec:
	//   - Description (description): The folder's new description.
	//   - Name (name): The folder's new name; not empty.
	FolderUpdate = generated.FolderUpdate

	// List is a list of contacts; see [ListsService].
	//
	// Fields, from the spec:
	//   - ID (_id): The list's id, assigned by the server; read-only.
	//   - Owner (_owner): The list's owner, assigned by the server; read-only.
	//     Inferred: it names the Client.
	//   - Description (description): A free-text description of the list.
	//   - Name (name): The list's name, such as "Webinar Attendees".
	//   - AdditionalProperties (every other member): The members the spec does
	//     not name, keyed by name, as the raw JSON the server sent, so that
	//     they are written back unchanged.
	List = generated.List
	// ListCreate is the body of [ListsService.Create].
	//
	// Fields, from the spec:
	//   - Description (description): A free-text description of the list.
	//   - Name (name): The list's name; required and not empty.
	ListCreate = generated.ListCreate
	// ListUpdate is the body of [ListsService.Update]; only the fields set change.
	//
	// Fields, from the spec:
	//   - Description (description): The list's new description.
	//   - Name (name): The list's new name; not empty.
	ListUpdate = generated.ListUpdate

	// MailingList is a GDPR subscription category; see
	// [MailingListsService].
	//
	// Fields, from the spec:
	//   - ID (_id): The mailing list's id, assigned by the server; read-only.
	//   - Owner (_owner): The mailing list's owner, assigned by the server;
	//     read-only. Inferred: it names the Client.
	//   - Description (description): A free-text description of the mailing
	//     list.
	//   - Name (name): The mailing list's name, such as "Newsletter".
	//   - AdditionalProperties (every other member): The members the spec does
	//     not name, keyed by name, as the raw JSON the server sent, so that
	//     they are written back unchanged.
	MailingList = generated.MailingList

	// Metrics is one row of delivery and engagement counters, as
	// [MetricsService] returns them (one row per element, in a slice):
	// ID is the campaign or email design the row counts; Sent, Bounce,
	// Spam, Open, Click are event counts, UniqueOpen and UniqueClick the
	// contacts who opened or clicked at least once, Unsubscribe the
	// unsubscriptions. A counter the server
	// left out is nil (GetSent and the like read it as 0).
	//
	// Fields, from the spec:
	//   - ID (_id): The id of the element the counters belong to.
	//   - Bounce (bounce): The number of emails that bounced.
	//   - Click (click): The number of link clicks, repeats included.
	//     Inferred: from the name.
	//   - Open (open): The number of opens, repeats included. Inferred: from
	//     the name.
	//   - Sent (sent): The number of emails sent.
	//   - Spam (spam): The number of spam complaints. Inferred: from the name.
	//   - UniqueClick (uniqueclick): The number of contacts who clicked at
	//     least once. Inferred: from the name.
	//   - UniqueOpen (uniqueopen): The number of contacts who opened at least
	//     once. Inferred: from the name.
	//   - Unsubscribe (unsubscribe): The number of unsubscriptions.
	//   - AdditionalProperties (every other member): The members the spec does
	//     not name, keyed by name, as the raw JSON the server sent, so that
	//     they are written back unchanged.
	Metrics = generated.Metrics

	// Property is a custom contact property; see [PropertiesService].
	//
	// Fields, from the spec:
	//   - ID (_id): The property's id, assigned by the server; read-only.
	//   - Owner (_owner): The property's owner, assigned by the server;
	//     read-only. Inferred: it names the Client.
	//   - Description (description): A free-text description of the property.
	//   - Name (name): The property's name, as people read it.
	//   - Shortcode (shortcode): The key of this property in
	//     `Contact.properties`.
	//   - AdditionalProperties (every other member): The members the spec does
	//     not name, keyed by name, as the raw JSON the server sent, so that
	//     they are written back unchanged.
	Property = generated.Property
	// PropertyCreate is the body of [PropertiesService.Create].
	//
	// Fields, from the spec:
	//   - Description (description): A free-text description of the property.
	//   - Name (name): The property's name, as people read it; required and
	//     not empty.
	//   - Shortcode (shortcode): The key of this property in
	//     Contact.properties, such as company; required and not empty.
	PropertyCreate = generated.PropertyCreate
	// PropertyUpdate is the body of [PropertiesService.Update]; only the fields set
	// change.
	//
	// Fields, from the spec:
	//   - Description (description): The property's new description.
	//   - Name (name): The property's new name; not empty.
	//   - Shortcode (shortcode): The property's new key in Contact.properties;
	//     not empty. Inferred: what becomes of values under the old key is not
	//     documented.
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
