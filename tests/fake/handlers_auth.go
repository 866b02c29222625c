package fake

import (
	"context"
	"net/http"

	"github.com/leadfox-go/leadfox/generated/server"
)

// Authenticate exchanges the Server's API key and secret for a new JWT:
// 400 if either is missing, 401 if either is wrong.
func (a api) Authenticate(_ context.Context, req server.AuthenticateRequestObject) (server.AuthenticateResponseObject, error) {
	b := req.Body
	if b.APIKey == "" || b.Secret == "" {
		return nil, badRequest("apikey and secret are required")
	}
	if !a.s.credentialsMatch(b.APIKey, b.Secret) {
		return nil, errorf(http.StatusUnauthorized, "invalid apikey or secret")
	}
	token := a.s.tokens.issue()
	return server.Authenticate200JSONResponse{
		JWT:      &token,
		Mode:     ptr("apikey"),
		Client:   ptr(ClientName),
		ClientID: ptr(a.s.cfg.clientID),
	}, nil
}
