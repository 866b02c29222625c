package jsonobj

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// ItemError is the error of one item of a page that did not decode. The
// other items of the page are not affected.
type ItemError struct {
	// Index is the item's position in the page the server sent, from 0.
	Index int
	// ID is the item's _id, or "" when it cannot be read.
	ID string
	// Field is the path of the member that did not decode ("email",
	// "lists[1].time"), or "" when the item itself is not an object.
	Field string
	// Err is the reason.
	Err error
}

func (e *ItemError) Error() string {
	s := "item " + strconv.Itoa(e.Index)
	if e.ID != "" {
		s += " (_id " + strconv.Quote(e.ID) + ")"
	}
	if e.Field != "" {
		s += ", field " + e.Field
	}
	return s + ": " + e.reason().Error()
}

// Unwrap returns the reason.
func (e *ItemError) Unwrap() error { return e.Err }

func (e *ItemError) reason() error {
	var fe *FieldError
	if errors.As(e.Err, &fe) {
		return fe.Err
	}
	return e.Err
}

// ErrOversizedPage is the error of a page with more items than the limit
// requested.
var ErrOversizedPage = errors.New("page has more items than the limit requested")

// Page is a decoded page of a collection.
type Page[T any] struct {
	// Items are the items that decoded, in the server's order.
	Items []T
	// Errors are the items that did not, in the server's order.
	Errors []ItemError
	// Sent is the number of items the server sent: len(Items) +
	// len(Errors), unless the page was oversized, when it is limit+1 (the
	// decoder stops there).
	Sent int
	// LastID is the _id of the last item sent (limit+1th for an oversized
	// page), or "" if it has none that can be read.
	LastID string
}

// Pointer is a pointer to a generated type, which decodes and checks a
// JSON value itself.
type Pointer[T any] interface {
	*T
	json.Unmarshaler
}

// DecodePage decodes the JSON array b, a page requested with limit, item
// by item: an item that does not decode is an ItemError in the page, the
// others are its Items. JSON null is an empty page, as encoding/json
// decodes it; any other input that is not an array, or not JSON, is an
// error with no page. A page of more than limit items is
// ErrOversizedPage, returned with the first limit items decoded; the
// decoder reads no further than the item after them, so that the size of
// what it allocates is bounded by limit, whatever the server sends.
func DecodePage[T any, P Pointer[T]](b []byte, limit int) (Page[T], error) {
	var page Page[T]
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		if err := checkValue(b); err != nil {
			return page, err
		}
		return page, expect("array", b) // null is an empty page, as for encoding/json
	}
	page.Items = make([]T, 0, min(limit, len(b)/2))
	var last []byte
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return page, trailing(b, i+1)
	}
	for {
		end, err := skipItem(b, i)
		if err != nil {
			return Page[T]{}, err
		}
		item := b[i:end]
		last = item
		if page.Sent == limit {
			page.Sent++
			page.LastID = idOf(item)
			return page, fmt.Errorf("%w: more than %d", ErrOversizedPage, limit)
		}
		if err := addItem[T, P](&page, item); err != nil {
			return Page[T]{}, err
		}
		i = skipSpace(b, end)
		if i >= len(b) {
			return Page[T]{}, syntaxError(i, "unexpected end of input in array")
		}
		if b[i] == ']' {
			break
		}
		if b[i] != ',' {
			return Page[T]{}, syntaxError(i, "expected a comma or the end of the array")
		}
		i = skipSpace(b, i+1)
	}
	if err := trailing(b, i+1); err != nil {
		return Page[T]{}, err
	}
	page.LastID = idOf(last)
	return page, nil
}

// addItem decodes item, the next one sent, into a new element of p.Items, or
// records its ItemError. A syntax error is returned: the page is not JSON.
func addItem[T any, P Pointer[T]](p *Page[T], item []byte) error {
	if len(p.Items) == cap(p.Items) {
		var zero T
		p.Items = append(p.Items, zero)
	} else {
		p.Items = p.Items[:len(p.Items)+1]
	}
	dst := &p.Items[len(p.Items)-1]
	err := P(dst).UnmarshalJSON(item)
	p.Sent++
	if err == nil {
		return nil
	}
	var se *SyntaxError
	if errors.As(err, &se) {
		return err
	}
	var zero T
	*dst = zero
	p.Items = p.Items[:len(p.Items)-1]
	ie := ItemError{Index: p.Sent - 1, ID: idOf(item), Err: err}
	var fe *FieldError
	if errors.As(err, &fe) {
		ie.Field = fe.Field
	}
	p.Errors = append(p.Errors, ie)
	return nil
}

// skipItem returns the index just past the array element at b[i], whose
// structure it checks (its decoder checks the rest), within MaxDepth
// levels counting the page's array.
func skipItem(b []byte, i int) (int, error) {
	if i >= len(b) {
		return i, syntaxError(i, "unexpected end of input in array")
	}
	switch b[i] {
	case '{', '[':
	default:
		return skipValue(b, i, 2)
	}
	open := 1 // the page's array
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			end, _, err := skipString(b, i)
			if err != nil {
				return end, err
			}
			i = end - 1
		case '{', '[':
			open++
			if open > MaxDepth {
				return i, syntaxError(i, "exceeded max depth")
			}
		case '}', ']':
			open--
			if open == 1 {
				return i + 1, nil
			}
		}
	}
	return i, syntaxError(i, "unexpected end of input in array")
}

func trailing(b []byte, i int) error {
	if j := skipSpace(b, i); j != len(b) {
		return syntaxError(j, "data after the JSON value")
	}
	return nil
}

// idOf returns the string value of the top-level "_id" member of the
// JSON object item, or "".
func idOf(item []byte) string {
	if len(item) == 0 || item[0] != '{' {
		return ""
	}
	var id string
	f := NewFields("_id")
	var buf [4]member
	last := [][]byte{nil}
	if _, _, err := f.scan(item, 0, last, buf[:0]); err != nil || last[0] == nil {
		return ""
	}
	if decodeString(last[0], &id) != nil {
		return ""
	}
	return id
}
