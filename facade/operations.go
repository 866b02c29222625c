package facade

// The operationIds of openapi.yaml, as [Operation].ID names them to a
// [Middleware], and as [APIError].Operation and the facade's errors do:
// compare with these, not with a string, for metrics, logs or a policy
// per operation. The doc of each names the facade methods that send it.
const (
	// OpAuthenticate is POST /v1/auth, the exchange of the key and secret
	// for a token that the Client configured by [New] sends before its first
	// call and when the token expires.
	OpAuthenticate = "authenticate"
	// OpListCampaigns is GET /v1/campaign, sent by [CampaignsService.List].
	OpListCampaigns = "listCampaigns"
	// OpCreateCampaign is POST /v1/campaign, sent by
	// [CampaignsService.Create].
	OpCreateCampaign = "createCampaign"
	// OpGetCampaign is GET /v1/campaign/{id}, sent by
	// [CampaignsService.Get], [CampaignsService.Update],
	// [CampaignsService.Schedule], [CampaignsService.Send] and
	// [CampaignsService.Unschedule].
	OpGetCampaign = "getCampaign"
	// OpUpdateCampaign is PUT /v1/campaign/{id}, sent by
	// [CampaignsService.Update], [CampaignsService.Schedule],
	// [CampaignsService.Send] and [CampaignsService.Unschedule].
	OpUpdateCampaign = "updateCampaign"
	// OpListContacts is GET /v1/contact, sent by [ContactsService.List] and
	// [ContactsService.Count].
	OpListContacts = "listContacts"
	// OpCreateContact is POST /v1/contact, sent by [ContactsService.Create].
	OpCreateContact = "createContact"
	// OpUpsertContact is POST /v1/contact/upsert, sent by
	// [ContactsService.Upsert] and [ContactsService.UpsertMany].
	OpUpsertContact = "upsertContact"
	// OpGetContact is GET /v1/contact/{id}, sent by [ContactsService.Get].
	OpGetContact = "getContact"
	// OpUpdateContact is PUT /v1/contact/{id}, sent by
	// [ContactsService.Update].
	OpUpdateContact = "updateContact"
	// OpDeleteContact is DELETE /v1/contact/{id}, sent by
	// [ContactsService.Delete].
	OpDeleteContact = "deleteContact"
	// OpListEmails is GET /v1/email, sent by [EmailsService.List].
	OpListEmails = "listEmails"
	// OpCreateEmail is POST /v1/email, sent by [EmailsService.Create].
	OpCreateEmail = "createEmail"
	// OpGetEmail is GET /v1/email/{id}, sent by [EmailsService.Get].
	OpGetEmail = "getEmail"
	// OpUpdateEmail is PUT /v1/email/{id}, sent by [EmailsService.Update].
	OpUpdateEmail = "updateEmail"
	// OpListFolders is GET /v1/folder, sent by [FoldersService.List].
	OpListFolders = "listFolders"
	// OpCreateFolder is POST /v1/folder, sent by [FoldersService.Create].
	OpCreateFolder = "createFolder"
	// OpUpdateFolder is PUT /v1/folder/{id}, sent by
	// [FoldersService.Update].
	OpUpdateFolder = "updateFolder"
	// OpListLists is GET /v1/list, sent by [ListsService.List].
	OpListLists = "listLists"
	// OpCreateList is POST /v1/list, sent by [ListsService.Create].
	OpCreateList = "createList"
	// OpUpdateList is PUT /v1/list/{id}, sent by [ListsService.Update].
	OpUpdateList = "updateList"
	// OpListListContacts is GET /v1/list/{list_id}/contact, sent by
	// [ListsService.Contacts] and [ListsService.CountContacts].
	OpListListContacts = "listListContacts"
	// OpAddContactToList is POST /v1/list/{list_id}/contact/{contact_id},
	// sent by [ListsService.AddContact] and [ListsService.AddContacts].
	OpAddContactToList = "addContactToList"
	// OpRemoveContactFromList is DELETE
	// /v1/list/{list_id}/contact/{contact_id}, sent by
	// [ListsService.RemoveContact] and [ListsService.RemoveContacts].
	OpRemoveContactFromList = "removeContactFromList"
	// OpListMailingLists is GET /v1/mailinglist, sent by
	// [MailingListsService.List].
	OpListMailingLists = "listMailingLists"
	// OpGetMetrics is GET /v1/metric/{element_type}/{element_id}, sent by
	// [MetricsService.Campaign] and [MetricsService.Email].
	OpGetMetrics = "getMetrics"
	// OpListProperties is GET /v1/property, sent by
	// [PropertiesService.List].
	OpListProperties = "listProperties"
	// OpCreateProperty is POST /v1/property, sent by
	// [PropertiesService.Create].
	OpCreateProperty = "createProperty"
	// OpUpdateProperty is PUT /v1/property/{id}, sent by
	// [PropertiesService.Update].
	OpUpdateProperty = "updateProperty"
)
