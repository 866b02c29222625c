package jsonobj_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/internal/jsonobj"
)

// testContact returns contact i of a page, with an _id from i.
func testContact(i int, email string) string {
	return fmt.Sprintf(`{"_id":"5f0c8a3b9d1e%012x","email":%s,"score":%d}`, i, email, i)
}

func TestDecodePageOneBadItem(t *testing.T) {
	items := make([]string, 100)
	for i := range items {
		items[i] = testContact(i, `"c@example.com"`)
	}
	items[37] = testContact(37, `{"not":"a string"}`)
	page, err := jsonobj.DecodePage[generated.Contact]([]byte("["+strings.Join(items, ",")+"]"), 100)
	if err != nil {
		t.Fatalf("DecodePage: %v", err)
	}
	if len(page.Items) != 99 || page.Sent != 100 {
		t.Fatalf("got %d items of %d sent, want 99 of 100", len(page.Items), page.Sent)
	}
	if len(page.Errors) != 1 {
		t.Fatalf("got %d item errors, want 1: %v", len(page.Errors), page.Errors)
	}
	e := page.Errors[0]
	if e.Index != 37 || e.ID != "5f0c8a3b9d1e000000000025" || e.Field != "email" {
		t.Errorf("item error = index %d, id %q, field %q; want 37, 5f0c8a3b9d1e000000000025, email", e.Index, e.ID, e.Field)
	}
	var te *jsonobj.TypeError
	if !errors.As(&e, &te) {
		t.Errorf("item error %v does not wrap a *TypeError", &e)
	}
	if got := *page.Items[37].ID; got != "5f0c8a3b9d1e000000000026" {
		t.Errorf("item after the bad one has _id %s, want ...26", got)
	}
	if page.LastID != "5f0c8a3b9d1e000000000063" {
		t.Errorf("LastID = %q, want the 100th _id", page.LastID)
	}
}

func TestDecodePageErrors(t *testing.T) {
	tests := []struct {
		name, in string
		items    int
		errs     int
		wantErr  bool
		oversize bool
	}{
		{"empty array", ` [ ] `, 0, 0, false, false},
		{"not an array", `{"a":1}`, 0, 0, true, false},
		{"not JSON", `<html>`, 0, 0, true, false},
		{"cut short", `[{"_id":"a"},{"_id":`, 0, 0, true, false},
		{"syntax error inside an item fails the page", `[{"_id":"a"},{"_id":"b",}]`, 0, 0, true, false},
		{"item not an object", `[1,{"_id":"a"},"x"]`, 1, 2, false, false},
		{"null item is a zero item", `[null]`, 1, 0, false, false},
		{"data after the array", `[] []`, 0, 0, true, false},
		{"oversized", `[{},{},{},{}]`, 3, 0, true, true},
		{"deep item within the limit", `[` + strings.Repeat(`[`, 9998) + strings.Repeat(`]`, 9998) + `]`, 0, 1, false, false},
		{"deep item beyond the limit", `[` + strings.Repeat(`[`, 10000) + strings.Repeat(`]`, 10000) + `]`, 0, 0, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := jsonobj.DecodePage[generated.Contact]([]byte(tt.in), 3)
			if (err != nil) != tt.wantErr || errors.Is(err, jsonobj.ErrOversizedPage) != tt.oversize {
				t.Fatalf("DecodePage(%.40s) error = %v, want error %v (oversized %v)", tt.in, err, tt.wantErr, tt.oversize)
			}
			if len(page.Items) != tt.items || len(page.Errors) != tt.errs {
				t.Errorf("DecodePage(%.40s) = %d items, %d errors; want %d, %d", tt.in, len(page.Items), len(page.Errors), tt.items, tt.errs)
			}
		})
	}
}

// TestDecodePageMillionItems sends a million {} for a limit of 100: the
// decoder stops at the 101st and allocates what 100 need.
func TestDecodePageMillionItems(t *testing.T) {
	body := append(bytes.Repeat([]byte(`{},`), 1_000_000), []byte(`{}]`)...)
	body = append([]byte{'['}, body...)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	page, err := jsonobj.DecodePage[generated.Contact](body, 100)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, jsonobj.ErrOversizedPage) {
		t.Fatalf("DecodePage of a million items for limit 100: error %v, want ErrOversizedPage", err)
	}
	if len(page.Items) != 100 || page.Sent != 101 {
		t.Errorf("got %d items, %d sent; want 100, 101", len(page.Items), page.Sent)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got >= 10<<20 {
		t.Errorf("DecodePage allocated %d bytes, want less than 10 MiB", got)
	}
}

// FuzzDecodePage checks the page decoder against encoding/json on any
// input: it accepts exactly the valid JSON arrays, and its items and item
// errors are what decoding each element alone gives.
func FuzzDecodePage(f *testing.F) {
	for _, s := range []string{`[]`, `[{}]`, `[{"_id":"a","email":5},{"email":"e"}]`, `[1,"x",null]`, `{}`, `[{}`, `[{},]`, `[{"x":1e400}] `} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		const limit = 5
		page, err := jsonobj.DecodePage[generated.Contact](b, limit)
		var elems []json.RawMessage
		refErr := json.Unmarshal(b, &elems)
		if refErr != nil {
			if err == nil {
				t.Fatalf("DecodePage(%q) accepted what encoding/json rejects: %v", b, refErr)
			}
			if !json.Valid(b) || b[0] == '{' {
				return
			}
		}
		if errors.Is(err, jsonobj.ErrOversizedPage) {
			if len(elems) <= limit || len(page.Items)+len(page.Errors) != limit {
				t.Fatalf("DecodePage(%q): oversized with %d elements", b, len(elems))
			}
			return
		}
		if refErr == nil && err != nil {
			t.Fatalf("DecodePage(%q) = %v, encoding/json reads it", b, err)
		}
		if err != nil {
			return
		}
		k, e := 0, 0
		for i, elem := range elems {
			var c generated.Contact
			if c.UnmarshalJSON(elem) != nil {
				if e >= len(page.Errors) || page.Errors[e].Index != i {
					t.Fatalf("DecodePage(%q): element %d does not decode, but is no item error: %v", b, i, page.Errors)
				}
				e++
				continue
			}
			if k >= len(page.Items) {
				t.Fatalf("DecodePage(%q): element %d is missing", b, i)
			}
			got, _ := json.Marshal(page.Items[k])
			want, _ := json.Marshal(c)
			if string(got) != string(want) {
				t.Fatalf("DecodePage(%q): item %d = %s, want %s", b, i, got, want)
			}
			k++
		}
		if k != len(page.Items) || e != len(page.Errors) || page.Sent != len(elems) {
			t.Fatalf("DecodePage(%q): %d items, %d errors, %d sent; want %d, %d, %d", b, len(page.Items), len(page.Errors), page.Sent, k, e, len(elems))
		}
	})
}
