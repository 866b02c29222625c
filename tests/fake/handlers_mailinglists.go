package fake

import (
	"context"

	"github.com/leadfox-go/leadfox/generated"
)

// ListMailingLists answers a collection query on mailing lists. The API
// cannot create them; seed them with Server.PutMailingList.
func (a api) ListMailingLists(_ context.Context, req generated.ListMailingListsRequestObject) (generated.ListMailingListsResponseObject, error) {
	return listPage[generated.ListMailingLists200JSONResponse](a.s, scope{kind: kindMailingList}, req.Params)
}
