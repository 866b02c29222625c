package facade

import (
	"bytes"
	"errors"
	"strings"

	"github.com/leadfox-go/leadfox/internal/jsonobj"
	"github.com/leadfox-go/leadfox/pager"
)

// ItemError is the error of one item of a page that did not decode: its
// Index in the page the server sent, its ID (its _id, "" when it cannot
// be read), the Field that did not decode ("email", "lists[1].time"; ""
// when the item is not an object) and the reason, Err. The other items of
// the page are not affected.
type ItemError = jsonobj.ItemError

// decodedPage is a page of a collection as the server sent it, decoded
// item by item.
type decodedPage[T any] = jsonobj.Page[T]

// decodePage decodes the JSON array data, a page requested with limit,
// item by item (see [jsonobj.DecodePage]): an item that does not decode is
// an ItemError of the page, not the page's error. A page of more than
// limit items is an error wrapping jsonobj.ErrOversizedPage; the decoder
// reads no further than the item after the limit.
func decodePage[T any, P jsonobj.Pointer[T]](data []byte, limit int) (decodedPage[T], error) {
	page, err := jsonobj.DecodePage[T, P](data, limit)
	var syntax *jsonobj.SyntaxError
	if errors.As(err, &syntax) {
		var items []T
		if serr := decodeJSONStream(bytes.NewReader(data), &items); serr != nil {
			return page, serr // the decoder's error for the same cause: empty, cut short
		}
	}
	return page, err
}

// pagerPage returns the [pager.Page] of a decoded page of op, answered
// with status: each good item with its _id (read with id; an ObjectId in
// lower case, so that keys compare as strings in ObjectId order whatever
// case the server writes them in), and each item
// that did not decode as a [pager.ItemError] in its place, whose reason
// matches [ErrMalformedResponse] and is an *[ItemError].
func pagerPage[T any](op string, status int, page *decodedPage[T], id func(*T) *string) pager.Page[T] {
	ids := make([]string, len(page.Items))
	for i := range page.Items {
		if p := id(&page.Items[i]); p != nil {
			ids[i] = *p
			if checkID("", *p) == nil {
				ids[i] = strings.ToLower(*p)
			}
		}
	}
	var errs []*pager.ItemError
	for i := range page.Errors {
		e := &page.Errors[i]
		errs = append(errs, &pager.ItemError{Index: e.Index, ID: e.ID, Err: &malformedError{op: op, status: status, err: e}})
	}
	return pager.Page[T]{Items: page.Items, IDs: ids, Errors: errs, Sent: page.Sent}
}
