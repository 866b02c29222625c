package fake_test

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"strings"
	"time"

	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// Limits the API to four requests a minute, in fixed windows on a clock
// the example moves, then halves the limit in the middle of a window, as
// another job of the same tenant would, and restores it.
func ExampleServer_SetWindowLimit() {
	clk := clocktest.New(time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC))
	srv := fake.NewServer(fake.WithClock(clk), fake.WithFixedWindow(4, time.Minute))
	defer srv.Close()

	res, err := http.Post(srv.URL()+"/v1/auth", "application/json",
		strings.NewReader(fmt.Sprintf(`{"apikey": %q, "secret": %q}`, srv.APIKey(), srv.Secret())))
	if err != nil {
		log.Fatal(err)
	}
	var auth struct{ JWT string }
	if err := json.NewDecoder(res.Body).Decode(&auth); err != nil {
		log.Fatal(err)
	}
	_ = res.Body.Close()
	get := func() {
		req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/v1/contact", nil)
		req.Header.Set("Authorization", "JWT "+auth.JWT)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		_ = res.Body.Close()
		fmt.Println(strings.TrimSpace(fmt.Sprint(res.StatusCode, " ", res.Header.Get("Retry-After"))))
	}

	get()
	get()
	srv.SetWindowLimit(2, time.Minute) // the two requests of this window count
	clk.Advance(15 * time.Second)
	get()
	clk.Advance(45 * time.Second) // the next window
	srv.SetWindowLimit(4, time.Minute)
	get()
	fmt.Println(srv.RateLimited(), "refused")
	// Output:
	// 200
	// 200
	// 429 45
	// 200
	// 1 refused
}
