package query_test

import (
	"fmt"
	"net/url"
	"time"

	"github.com/leadfox-go/leadfox/query"
)

func ExampleAnd() {
	filter := query.And(
		query.Eq("name", "Test List"),
		query.Eq("deleted", false),
		query.Eq("properties.firstname", "John", "john"),
		query.Ge("created", time.Date(2019, 8, 24, 14, 15, 22, 0, time.UTC)),
		query.Exists("email", true),
	)
	s, err := filter.Render()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s)
	fmt.Println(url.Values{"filters": {s}}.Encode())
	// Output:
	// name = Test List,deleted = false,properties.firstname = John|john,created >= 2019-08-24T14:15:22.000Z,email exists true
	// filters=name+%3D+Test+List%2Cdeleted+%3D+false%2Cproperties.firstname+%3D+John%7Cjohn%2Ccreated+%3E%3D+2019-08-24T14%3A15%3A22.000Z%2Cemail+exists+true
}

func ExampleIn() {
	s, _ := query.And(query.In("lists.list", "5f0c1b2e3d4a5b6c7d8e9f00", "5f0c1b2e3d4a5b6c7d8e9f01")).Render()
	fmt.Println(s)
	// Output:
	// lists.list = 5f0c1b2e3d4a5b6c7d8e9f00|5f0c1b2e3d4a5b6c7d8e9f01
}

func ExampleFilter_Render_injection() {
	// A value containing ',' would smuggle in a second condition; the
	// filter refuses to render instead.
	_, err := query.And(query.Eq("properties.company", "Acme,deleted = true")).Render()
	fmt.Println(err)
	// Output:
	// query: filter "properties.company": value "Acme,deleted = true" contains ','; the API has no escape for ',' or '|'
}

func ExampleFilter_And() {
	active := query.And(query.Eq("deleted", false))
	inAcme := active.And(query.Eq("properties.company", "Acme"))
	a, _ := active.Render()
	b, _ := inAcme.Render()
	fmt.Println(a)
	fmt.Println(b)
	// Output:
	// deleted = false
	// deleted = false,properties.company = Acme
}

func ExampleParseFilter() {
	filter, err := query.ParseFilter("status = d|s,properties.age >= 18")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range filter.Conditions() {
		fmt.Printf("%s %s %q\n", c.Path(), c.Op(), c.Values())
	}
	_, err = query.ParseFilter("status = d,,name = x")
	fmt.Println(err)
	// Output:
	// status = ["d" "s"]
	// properties.age >= ["18"]
	// query: filter: condition 2 "": empty condition
}

func ExampleSortBy() {
	s, err := query.SortBy(query.Desc("created"), query.Asc("name")).Render()
	fmt.Println(s, err)
	// Output:
	// -created,name <nil>
}

func ExampleSelect() {
	s, err := query.Select("name", "description").Render()
	fmt.Println(s, err)
	_, err = query.Select("name", "first name").Render()
	fmt.Println(err)
	// Output:
	// name,description <nil>
	// query: fields "first name": path contains ' '; paths have no white space or control characters
}
