package facade

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/leadfox-go/leadfox/generated"

	"github.com/google/go-cmp/cmp"
)

func TestUnionHelpers(t *testing.T) {
	include := IncludeList(listID)
	tests := []struct {
		name string
		v    json.Marshaler
		want string
	}{
		{"AllContacts", AllContacts(), `{"list":null}`},
		{"IncludeList", include, `{"list":"` + listID + `"}`},
		{"NoBatching", NoBatching(), `{"type":"none"}`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.v)
		noErr(t, err, tt.name)
		if string(got) != tt.want {
			t.Errorf("%s marshals to %s, want %s", tt.name, got, tt.want)
		}
	}
	back, err := include.AsCampaignListInclude()
	noErr(t, err, "AsCampaignListInclude")
	if back.ListID != listID {
		t.Errorf("AsCampaignListInclude().ListID = %q, want %q", back.ListID, listID)
	}
}

// TestUnknownFieldsRoundTrip checks that a field the spec does not name
// survives a Get and an Update of the same value: nothing is lost when a
// caller reads a resource, changes a field and writes it back.
func TestUnknownFieldsRoundTrip(t *testing.T) {
	// No properties: an absent field must stay absent, not come back null.
	const stored = `{"_id":"` + contactID + `","email":"ada@example.com","score":42,"tags":["vip"],"source":{"utm":"mail"}}`
	f := setup(t)
	f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(200, stored))
	c, err := f.client.Contacts.Get(context.Background(), contactID)
	noErr(t, err, "Get")
	wantExtra := map[string]json.RawMessage{"score": json.RawMessage(`42`), "tags": json.RawMessage(`["vip"]`), "source": json.RawMessage(`{"utm":"mail"}`)}
	if diff := cmp.Diff(wantExtra, c.AdditionalProperties); diff != "" {
		t.Errorf("AdditionalProperties (-want +got):\n%s", diff)
	}
	c.Name = Ptr("Ada")
	got, err := json.Marshal(c)
	noErr(t, err, "Marshal")
	jsonEqual(t, got, `{"_id":"`+contactID+`","email":"ada@example.com","name":"Ada","score":42,"tags":["vip"],"source":{"utm":"mail"}}`, "re-encoded contact")
}

func TestCampaignUnionsDecode(t *testing.T) {
	var c Campaign
	noErr(t, json.Unmarshal([]byte(`{"type":2,"lists":[{"list":null},{"list":"`+listID+`"},{"exclude":"`+listID+`"}],"batchConfiguration":{"type":"fixedSize","size":500}}`), &c), "Unmarshal")
	all, err := c.Lists[0].AsCampaignListAll()
	noErr(t, err, "AsCampaignListAll")
	if all.List != nil {
		t.Errorf("AllContacts list = %q, want null", *all.List)
	}
	exclude, err := c.Lists[2].AsCampaignListExclude()
	noErr(t, err, "AsCampaignListExclude")
	if string(exclude["exclude"]) != `"`+listID+`"` {
		t.Errorf("exclude = %v, want the list id", exclude)
	}
	size, err := c.BatchConfiguration.AsBatchFixedSize()
	noErr(t, err, "AsBatchFixedSize")
	if size.Type != "fixedSize" || string(size.AdditionalProperties["size"]) != "500" {
		t.Errorf("batch = %+v, want fixedSize with size 500", size)
	}
}

func TestPtr(t *testing.T) {
	v := "x"
	p := Ptr(v)
	*p = "y"
	if v != "x" {
		t.Errorf("v = %q after *Ptr(v) changed, want %q: Ptr must copy", v, "x")
	}
}

// TestAccessorsAreNilSafe reads pointer fields through the generated GetX
// accessors: a nil model and a nil field give the zero value, a set field
// its value.
func TestAccessorsAreNilSafe(t *testing.T) {
	var nilContact *Contact
	if got := nilContact.GetEmail(); got != "" {
		t.Errorf("nil Contact GetEmail = %q, want empty", got)
	}
	if got := (&Contact{}).GetSubscribed(); got {
		t.Error("Contact with no Subscribed: GetSubscribed = true, want false")
	}
	if got := (&Contact{Email: Ptr("ada@example.com")}).GetEmail(); got != "ada@example.com" {
		t.Errorf("GetEmail = %q, want ada@example.com", got)
	}
	var nilCampaign *Campaign
	if nilCampaign.GetStatus() != "" || nilCampaign.GetType() != 0 || !nilCampaign.GetStart().IsZero() {
		t.Error("nil Campaign accessors are not the zero values")
	}
	if got := (&Campaign{Status: Ptr(CampaignActive)}).GetStatus(); got != CampaignActive {
		t.Errorf("GetStatus = %q, want %q", got, CampaignActive)
	}
	var nilMetrics *Metrics
	if nilMetrics.GetSent() != 0 {
		t.Error("nil Metrics GetSent is not 0")
	}
}

// TestEmailCampaignTypeFitsBothFields uses EmailCampaignType as the type
// of CampaignCreate.Type and compares it with Campaign.Type (an int).
func TestEmailCampaignTypeFitsBothFields(t *testing.T) {
	create := CampaignCreate{Type: EmailCampaignType}
	if create.Type != generated.EmailCampaignTypeEmail {
		t.Errorf("CampaignCreate{Type: EmailCampaignType}.Type = %d, want %d", create.Type, generated.EmailCampaignTypeEmail)
	}
	var kind CampaignCreateType = EmailCampaignType
	read := Campaign{Type: Ptr(EmailCampaignType)}
	if read.GetType() != EmailCampaignType || int(kind) != read.GetType() {
		t.Errorf("Campaign.Type = %d, want %d", read.GetType(), EmailCampaignType)
	}
	if StatusFilterOptedIn != OptedIn || StatusFilterUndecided != Undecided || StatusFilterOptedInOrUndecided != OptedInOrUndecided {
		t.Error("the deprecated status filter names differ from the prefixed ones")
	}
}

// TestConstantsMatchGenerated fails when a facade constant, written with
// its literal value so that go doc shows it, differs from its twin in
// package generated: a spec change cannot drift them apart.
func TestConstantsMatchGenerated(t *testing.T) {
	tests := []struct {
		name      string
		got, want any
	}{
		{"CampaignDraft", CampaignDraft, generated.EmailCampaignStatusDraft},
		{"CampaignActive", CampaignActive, generated.EmailCampaignStatusActive},
		{"CampaignInactive", CampaignInactive, generated.EmailCampaignStatusInactive},
		{"ConsentGranted", ConsentGranted, generated.ConsentStatusGranted},
		{"ConsentDenied", ConsentDenied, generated.ConsentStatusDenied},
		{"MailingListOptIn", MailingListOptIn, generated.MailingListStatusOptIn},
		{"MailingListOptOut", MailingListOptOut, generated.MailingListStatusOptOut},
		{"BatchNoneTypeNone", BatchNoneTypeNone, generated.BatchNoneTypeNone},
		{"EmailEditorBee", EmailEditorBee, generated.EmailEditorBee},
		{"StatusFilterOptedIn", StatusFilterOptedIn, generated.MailingListStatusFilterOptedIn},
		{"StatusFilterUndecided", StatusFilterUndecided, generated.MailingListStatusFilterUndecided},
		{"StatusFilterOptedInOrUndecided", StatusFilterOptedInOrUndecided, generated.MailingListStatusFilterOptedInOrUndecided},
		{"OptedIn", OptedIn, generated.MailingListStatusFilterOptedIn},
		{"Undecided", Undecided, generated.MailingListStatusFilterUndecided},
		{"OptedInOrUndecided", OptedInOrUndecided, generated.MailingListStatusFilterOptedInOrUndecided},
		{"EmailCampaignType", CampaignCreateType(EmailCampaignType), generated.EmailCampaignTypeEmail},
		{"MetricsElementCampaign", MetricsElementCampaign, generated.MetricsElementTypeCampaign},
		{"MetricsElementTarget", MetricsElementTarget, generated.MetricsElementTypeTarget},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %v, but its generated twin is %v", tt.name, tt.got, tt.want)
		}
	}
}
