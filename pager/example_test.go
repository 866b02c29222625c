package pager_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/leadfox-go/leadfox/pager"
)

// names stands in for a collection endpoint: GET /v1/list?skip=..&limit=..
// Its items have no keys, so it is walked by skip/limit.
func names(_ context.Context, r pager.Request) (pager.Page[string], error) {
	all := []string{"ada", "brian", "chen", "dana", "emil"}
	if r.Skip >= len(all) {
		return pager.Page[string]{}, nil
	}
	return pager.Page[string]{Items: all[r.Skip:min(r.Skip+r.Limit, len(all))]}, nil
}

func ExamplePager_All() {
	p, err := pager.New(names, pager.Options{PageSize: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	for name, err := range p.All(context.Background()) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(name)
	}
	// Output:
	// ada
	// brian
	// chen
	// dana
	// emil
}

func ExamplePager_Pages() {
	p, err := pager.New(names, pager.Options{PageSize: 2, Offset: 1, Max: 3, Prefetch: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for page, err := range p.Pages(context.Background()) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(page)
	}
	// Output:
	// [brian chen]
	// [dana]
}

func ExamplePager_NextPage() {
	p, err := pager.New(names, pager.Options{PageSize: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	for {
		page, err := p.NextPage(ctx)
		if errors.Is(err, pager.Done) {
			break
		}
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(page)
	}
	// Output:
	// [ada brian chen]
	// [dana emil]
}

func ExamplePager_Collect() {
	p, err := pager.New(names, pager.Options{Max: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	all, err := p.Collect(context.Background())
	fmt.Println(all, err)
	// Output:
	// [ada brian] <nil>
}

func ExampleNew_invalid() {
	_, err := pager.New(names, pager.Options{PageSize: -5})
	fmt.Println(err)
	// Output:
	// pager: page size -5 is below 1 (0 means DefaultPageSize)
}

// users stands in for a collection walked by keyset on its ids, one of
// whose items could not be decoded.
func users(_ context.Context, r pager.Request) (pager.Page[string], error) {
	all := []struct{ id, name string }{{"a1", "ada"}, {"b2", ""}, {"c3", "chen"}}
	var pg pager.Page[string]
	i := 0
	for i < len(all) && all[i].id <= r.After {
		i++
	}
	for n := 0; i < len(all) && n < r.Limit; i, n = i+1, n+1 {
		if all[i].name == "" {
			pg.Errors = append(pg.Errors, &pager.ItemError{Index: n, ID: all[i].id, Err: errors.New(`field "name": missing`)})
			continue
		}
		pg.Items, pg.IDs = append(pg.Items, all[i].name), append(pg.IDs, all[i].id)
	}
	return pg, nil
}

func ExampleItemError() {
	p, err := pager.New(users, pager.Options{Mode: pager.Keyset, PageSize: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	for name, err := range p.All(context.Background()) {
		if ie, ok := errors.AsType[*pager.ItemError](err); ok {
			fmt.Println("skipped", ie.ID+":", ie.Err)
			continue
		}
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(name)
	}
	// Output:
	// ada
	// skipped b2: field "name": missing
	// chen
}
