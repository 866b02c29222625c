package fake_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/url"

	"github.com/leadfox-go/leadfox/tests/fake"
)

// Runs the fake and talks to it with plain net/http: exchange the
// credentials for a JWT, create contacts, and query them. In a test,
// fake.Start(t) does what NewServer and Close do here.
func Example() {
	srv := fake.NewServer()
	defer srv.Close()

	var auth struct {
		JWT string `json:"jwt"`
	}
	send(http.MethodPost, srv.URL()+"/v1/auth", "", map[string]string{
		"apikey": srv.APIKey(),
		"secret": srv.Secret(),
	}, &auth)

	for _, email := range []string{"ada@example.com", "grace@example.com", "alan@example.com"} {
		send(http.MethodPost, srv.URL()+"/v1/contact", auth.JWT, map[string]any{"email": email}, nil)
	}

	q := url.Values{
		"filters": {"email != grace@example.com"},
		"sort":    {"-email"},
		"fields":  {"email"},
	}
	var contacts []struct {
		ID    string `json:"_id"`
		Email string `json:"email"`
	}
	status := send(http.MethodGet, srv.URL()+"/v1/contact?"+q.Encode(), auth.JWT, nil, &contacts)
	fmt.Println(status)
	for _, c := range contacts {
		fmt.Println(c.ID, c.Email)
	}
	// Output:
	// 200
	// 5f0c8a3b0000000000000003 alan@example.com
	// 5f0c8a3b0000000000000001 ada@example.com
}

// Makes the next request to a path fail as a rate
// limited API would.
func ExampleServer_Inject() {
	srv := fake.NewServer()
	defer srv.Close()
	srv.Inject(fake.Fault{Path: "/v1/contact*", Status: http.StatusTooManyRequests, RetryAfter: "3"})

	// Faults apply before authentication: no token is needed to see it.
	res, err := http.Get(srv.URL() + "/v1/contact")
	if err != nil {
		log.Fatal(err)
	}
	_ = res.Body.Close()
	fmt.Println(res.StatusCode, res.Header.Get("Retry-After"))
	// Output:
	// 429 3
}

// send makes a request with an optional JWT and JSON body, decodes a JSON
// answer into out (if not nil), and returns the status.
func send(method, url, jwt string, body, out any) int {
	var buf bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&buf).Encode(body); err != nil {
			log.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, url, &buf)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if jwt != "" {
		req.Header.Set("Authorization", "JWT "+jwt)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	if out != nil {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			log.Fatal(err)
		}
	}
	return res.StatusCode
}
