package adversarial

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// bulkOrderServer is a hostile server for bulk upserts: it answers every
// upsert with the contact, except that it holds the upsert of hold (by
// exact email) until release is closed, by the test or, if releaseAfter
// is not 0, once that many other upserts are applied. It records the emails in the
// order it applied them (answered), and any email whose upsert arrived
// while another with the same email, in any case, was in flight.
type bulkOrderServer struct {
	hold         string
	releaseAfter int
	release      chan struct{}
	once         sync.Once

	mu       sync.Mutex
	applied  []string
	inFlight map[string]bool
	overlaps []string
}

func newBulkOrderServer(hold string, releaseAfter int) *bulkOrderServer {
	return &bulkOrderServer{hold: hold, releaseAfter: releaseAfter, release: make(chan struct{}), inFlight: map[string]bool{}}
}

// open releases the held upsert.
func (s *bulkOrderServer) open() { s.once.Do(func() { close(s.release) }) }

func (s *bulkOrderServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var row struct{ Email string }
	if err := json.NewDecoder(r.Body).Decode(&row); err != nil || r.URL.Path != "/v1/contact/upsert" {
		http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
		return
	}
	key := strings.ToLower(row.Email)
	s.mu.Lock()
	if s.inFlight[key] {
		s.overlaps = append(s.overlaps, row.Email)
	}
	s.inFlight[key] = true
	s.mu.Unlock()
	if row.Email == s.hold {
		<-s.release
	}
	s.mu.Lock()
	s.applied = append(s.applied, row.Email)
	delete(s.inFlight, key)
	if len(s.applied) == s.releaseAfter {
		s.open()
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = fmt.Fprintf(w, `{"_id":%q,"email":%q}`, secretsID, row.Email)
}

// state returns the emails applied so far, in order, and the overlaps.
func (s *bulkOrderServer) state() (applied, overlaps []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.applied), slices.Clone(s.overlaps)
}

// bulkOrderRows yields a contact per email.
func bulkOrderRows(emails ...string) []*facade.ContactCreate {
	rows := make([]*facade.ContactCreate, len(emails))
	for i, e := range emails {
		rows[i] = &facade.ContactCreate{Email: e}
	}
	return rows
}

// bulkOrderSetup starts a bulkOrderServer and returns it with a client.
func bulkOrderSetup(t *testing.T, hold string, releaseAfter int) (*bulkOrderServer, *facade.Client) {
	t.Helper()
	srv := newBulkOrderServer(hold, releaseAfter)
	hs := secretsServer(t, srv.ServeHTTP)
	t.Cleanup(srv.open) // before hs.Close, which waits for the held upsert
	return srv, secretsNewClient(t, hs.URL, &testsupport.LogRecorder{})
}

// TestBulkAppliesRowsOfOneEmailInInputOrder sends Old, then New for the
// same email (in another case), with other rows around them, to a server
// that holds Old until every other row has been applied: New must still
// be applied after Old, and never be in flight with it.
func TestBulkAppliesRowsOfOneEmailInInputOrder(t *testing.T) {
	const old, new = "same@example.com", "Same@Example.COM"
	others := []string{"a@example.com", "b@example.com", "c@example.com", "d@example.com"}
	srv, c := bulkOrderSetup(t, old, len(others))
	rows := bulkOrderRows(old, others[0], new, others[1], others[2], others[3])
	job, err := c.Contacts.UpsertMany(slices.Values(rows), &facade.BulkOptions{Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	for r := range job.Results(t.Context()) {
		if r.Err != nil {
			t.Errorf("row %d: %v", r.Index, r.Err)
		}
	}
	applied, overlaps := srv.state()
	if len(overlaps) > 0 {
		t.Errorf("rows with one email in flight at once: %q", overlaps)
	}
	if i, j := slices.Index(applied, old), slices.Index(applied, new); i < 0 || j < i {
		t.Errorf("applied %q: want %q before %q", applied, old, new)
	}
}

// TestBulkProgressShowsRowsHeldBehindASlowOne holds the first row of a
// job while the others complete: Progress shows them done and the first
// in flight while Results has yielded nothing, and every row done at the
// end.
func TestBulkProgressShowsRowsHeldBehindASlowOne(t *testing.T) {
	const n, concurrency = 20, 4
	emails := make([]string, n)
	for i := range emails {
		emails[i] = bulkEmail(i)
	}
	srv, c := bulkOrderSetup(t, emails[0], 0)
	job, err := c.Contacts.UpsertMany(slices.Values(bulkOrderRows(emails...)), &facade.BulkOptions{Concurrency: concurrency})
	if err != nil {
		t.Fatal(err)
	}
	results := make(chan int, 1)
	go func() {
		count := 0
		for range job.Results(t.Context()) {
			count++
		}
		results <- count
	}()
	// The job reads 4 rows per worker ahead of the held one, 16 in all.
	held := facade.BulkProgress{Read: 16, InFlight: 1, Done: 15, Succeeded: 15}
	var got facade.BulkProgress
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if got = job.Progress(); got.Done == held.Done {
			break
		}
	}
	if got != held {
		t.Errorf("Progress() with the first row held = %+v, want %+v", got, held)
	}
	srv.open()
	if count := <-results; count != n {
		t.Fatalf("%d results, want %d", count, n)
	}
	if got, want := job.Progress(), (facade.BulkProgress{Read: n, Done: n, Succeeded: n, Yielded: n}); got != want {
		t.Errorf("Progress() at the end = %+v, want %+v", got, want)
	}
}
