package facade_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strconv"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/query"
)

// newExampleServer starts a tiny stand-in for the Leadfox API: it issues
// a token and serves three contacts.
func newExampleServer() *httptest.Server {
	contacts := []map[string]any{
		{"_id": "5f0c8a3b9d1e2a0012345601", "email": "ada@example.com", "properties": map[string]string{"firstname": "Ada"}},
		{"_id": "5f0c8a3b9d1e2a0012345602", "email": "grace@example.com", "properties": map[string]string{"firstname": "Grace"}},
		{"_id": "5f0c8a3b9d1e2a0012345603", "email": "john@example.com", "properties": map[string]string{"firstname": "John"}},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/auth", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]string{"jwt": "example-token", "mode": "apikey", "client": "Example", "clientid": "c1"})
	})
	mux.HandleFunc("GET /v1/contact", func(w http.ResponseWriter, r *http.Request) {
		skip, _ := strconv.Atoi(r.URL.Query().Get("skip"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		writeJSON(w, 200, contacts[min(skip, len(contacts)):min(skip+limit, len(contacts))])
	})
	mux.HandleFunc("POST /v1/contact/upsert", func(w http.ResponseWriter, r *http.Request) {
		var c map[string]any
		_ = json.NewDecoder(r.Body).Decode(&c)
		c["_id"] = "5f0c8a3b9d1e2a0012345604"
		writeJSON(w, 200, c)
	})
	mux.HandleFunc("GET /v1/contact/{id}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, map[string]string{"error": "contact not found"})
	})
	return httptest.NewServer(mux)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// exampleClient returns a Client of the example server.
func exampleClient(srv *httptest.Server) *facade.Client {
	client, err := facade.New("my-api-key", "my-secret",
		facade.WithBaseURL(srv.URL),
		facade.WithHTTPClient(srv.Client()),
		facade.WithUserAgent("example/1.0"),
	)
	if err != nil {
		log.Fatal(err)
	}
	return client
}

func Example() {
	srv := newExampleServer()
	defer srv.Close()
	client := exampleClient(srv)

	contact, err := client.Contacts.Upsert(context.Background(), &facade.ContactCreate{
		Email:      "alan@example.com",
		Properties: facade.ContactProperties{"firstname": "Alan"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(*contact.ID, *contact.Email, contact.Properties["firstname"])
	// Output: 5f0c8a3b9d1e2a0012345604 alan@example.com Alan
}

func ExampleContactsService_List() {
	srv := newExampleServer()
	defer srv.Close()
	client := exampleClient(srv)

	pages, err := client.Contacts.List(&facade.ListOptions{
		Filter:   query.And(query.Exists("email", true)),
		PageSize: 2,
	})
	if err != nil {
		log.Fatal(err)
	}
	for contact, err := range pages.All(context.Background()) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(*contact.Email)
	}
	// Output:
	// ada@example.com
	// grace@example.com
	// john@example.com
}

func ExampleAPIError() {
	srv := newExampleServer()
	defer srv.Close()
	client := exampleClient(srv)

	_, err := client.Contacts.Get(context.Background(), "5f0c8a3b9d1e2a00123456ff")
	if errors.Is(err, facade.ErrNotFound) {
		fmt.Println("not found")
	}
	var apiErr *facade.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
	}
	fmt.Println(err)
	// Output:
	// not found
	// 404 contact not found
	// facade: GET /v1/contact/5f0c8a3b9d1e2a00123456ff: 404 Not Found: contact not found
}

func ExampleCampaignsService_Create() {
	client, err := facade.New("my-api-key", "my-secret")
	if err != nil {
		log.Fatal(err)
	}
	// Type 3 is not an EmailCampaign: the facade refuses it before any
	// request is sent.
	_, err = client.Campaigns.Create(context.Background(), &facade.CampaignCreate{
		Name:     "Spring sale",
		FolderID: "5f0c8a3b9d1e2a00123456cc",
		Type:     3,
	})
	fmt.Println(errors.Is(err, facade.ErrUnsupportedCampaignType))
	// Output: true
}

func ExampleIncludeList() {
	target, err := facade.IncludeList("5f0c8a3b9d1e2a00123456aa")
	if err != nil {
		log.Fatal(err)
	}
	update := facade.CampaignUpdate{
		Lists:              []facade.CampaignList{target, facade.AllContacts()},
		BatchConfiguration: facade.NoBatching(),
		Status:             facade.Ptr(facade.CampaignDraft),
	}
	body, _ := json.Marshal(update)
	fmt.Println(string(body))
	// Output: {"batchConfiguration":{"type":"none"},"lists":[{"list":"5f0c8a3b9d1e2a00123456aa"},{"list":null}],"status":"d"}
}
