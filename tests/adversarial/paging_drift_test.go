package adversarial

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/leadfox-go/leadfox/facade"
)

// TestPagingWalkAndDelete deletes every contact met by a walk with the
// default options, as the walk goes (four deletes in flight at a time).
// A skip/limit walk moves past items that shifted down under it; the
// default walk must delete them all, over a few pages and over ten.
func TestPagingWalkAndDelete(t *testing.T) {
	for _, n := range []int{250, 1_000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			e := pagingSetup(t, nil)
			e.seed(n)
			p, err := e.client.Contacts.List(nil)
			if err != nil {
				t.Fatal(err)
			}
			ids := make(chan string, 64)
			var deleted atomic.Int64
			var wg sync.WaitGroup
			var failed sync.Map
			for range 4 {
				wg.Go(func() {
					for id := range ids {
						if err := e.client.Contacts.Delete(e.ctx, id); err != nil {
							failed.Store(id, err)
							continue
						}
						deleted.Add(1)
					}
				})
			}
			var walkErr error
			for c, err := range p.All(e.ctx) {
				if err != nil {
					walkErr = err
					break
				}
				ids <- *c.ID
			}
			close(ids)
			wg.Wait()
			if walkErr != nil {
				t.Fatalf("walk after %d deletes: %v", deleted.Load(), walkErr)
			}
			failed.Range(func(id, err any) bool {
				t.Errorf("Delete %s: %v", id, err)
				return true
			})
			if got := deleted.Load(); got != int64(n) {
				t.Errorf("deleted %d contacts, want %d", got, n)
			}
			if left := pagingRemaining(t, e); left != 0 {
				t.Errorf("%d contacts left after walk-and-delete, want 0", left)
			}
		})
	}
}

// TestPagingWalkDuringInsertsAndDeletes walks 2,000 contacts while,
// between pages, a concurrent writer deletes contacts both behind and
// ahead of the walk and inserts contacts both behind it (ids below the
// cursor) and ahead of it. Every contact present throughout the walk must
// be yielded exactly once; contacts inserted or deleted during it may or
// may not be.
func TestPagingWalkDuringInsertsAndDeletes(t *testing.T) {
	const (
		n        = 2000
		pageSize = 50
		perPage  = 6 // writes between two pages
	)
	e := pagingSetup(t, nil)
	// Seed with gaps in the ids, so that inserts can land behind the cursor.
	seeded := make([]string, n)
	cs := make([]facade.Contact, n)
	for i := range cs {
		seeded[i] = pagingGapID(i, 0)
		cs[i] = facade.Contact{ID: facade.Ptr(seeded[i]), Email: facade.Ptr(fmt.Sprintf("drift%06d@example.com", i))}
	}
	e.fake.InsertContacts(cs)
	writes := make(chan int) // the number of items yielded so far
	wrote := make(chan bool) // a round of writes is done
	stop := sync.OnceFunc(func() { close(writes) })
	defer func() {
		stop()
		for range wrote { // let the writer end, even after a failure
		}
	}()
	deleted := map[string]bool{}
	go func() { // the concurrent writer, told when to run so that every page sees changes
		defer close(wrote)
		rng := rand.New(rand.NewPCG(11, 2026))
		inserted := 0
		for at := range writes {
			for range perPage / 2 {
				victim := seeded[rng.IntN(n)]
				if !deleted[victim] && e.client.Contacts.Delete(e.ctx, victim) == nil {
					deleted[victim] = true
				}
			}
			for range perPage / 2 {
				slot := rng.IntN(max(at/2, 1)) // behind the walk, at its first half
				if rng.IntN(2) == 0 {
					slot = at + rng.IntN(n-at) // ahead of it
				}
				inserted++
				e.fake.PutContact(facade.Contact{ID: facade.Ptr(pagingGapID(slot, inserted)),
					Email: facade.Ptr(fmt.Sprintf("new%06d@example.com", inserted))})
			}
			wrote <- true
		}
	}()
	p, err := e.client.Contacts.List(&facade.ListOptions{PageSize: pageSize})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for page, err := range p.Pages(e.ctx) {
		if err != nil {
			t.Fatalf("walk after %d items: %v", len(ids), err)
		}
		ids = append(ids, pagingIDs(t, page)...)
		writes <- min(len(ids), n-1)
		<-wrote
	}
	stop()
	for range wrote {
	}
	pagingNoDuplicates(t, ids)
	got := make(map[string]bool, len(ids))
	for _, id := range ids {
		got[id] = true
	}
	missing := 0
	for _, id := range seeded {
		if !deleted[id] && !got[id] {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d contacts present throughout the walk were not yielded (of %d; %d deleted during it)", missing, n, len(deleted))
	}
}

// pagingGapID is the ObjectId of seeded contact i (k = 0), or of the k-th
// contact inserted just after it: ids sort by i, then k.
func pagingGapID(i, k int) string {
	return fmt.Sprintf("5f0c8a3b%08x%08x", i, k)
}
