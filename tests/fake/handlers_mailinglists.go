package fake

import (
	"context"

	"github.com/leadfox-go/leadfox/generated/server"
)

// ListMailingLists answers a collection query on mailing lists. The API
// cannot create them; seed them with Server.PutMailingList.
func (a api) ListMailingLists(_ context.Context, req server.ListMailingListsRequestObject) (server.ListMailingListsResponseObject, error) {
	return listPage[server.ListMailingLists200JSONResponse](a.s, scope{kind: kindMailingList}, req.Params)
}
