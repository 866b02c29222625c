package fake

import (
	"context"

	"github.com/leadfox-go/leadfox/generated"

	"github.com/leadfox-go/leadfox/generated/server"
)

// ListFolders answers a collection query on folders.
func (a api) ListFolders(_ context.Context, req server.ListFoldersRequestObject) (server.ListFoldersResponseObject, error) {
	return listPage[server.ListFolders200JSONResponse](a.s, scope{kind: kindFolder}, req.Params)
}

// CreateFolder stores a folder; name is required.
func (a api) CreateFolder(_ context.Context, req server.CreateFolderRequestObject) (server.CreateFolderResponseObject, error) {
	if err := checkName("name", &req.Body.Name); err != nil {
		return nil, err
	}
	f, err := createAs[generated.Folder](a.s, kindFolder, req.Body, nil)
	return folderOK(f), err
}

// UpdateFolder changes the fields sent.
func (a api) UpdateFolder(_ context.Context, req server.UpdateFolderRequestObject) (server.UpdateFolderResponseObject, error) {
	if err := checkName("name", req.Body.Name); err != nil {
		return nil, err
	}
	f, err := patchAs[generated.Folder](a.s, kindFolder, req.ID, req.Body, setFields)
	return folderOK(f), err
}
