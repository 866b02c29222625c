package facade

import (
	"context"
	"net/http"

	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/pager"
)

// FoldersService manages the folders that group campaigns and email
// designs. Get it from [Client.Folders]; it is safe for concurrent use. The
// API has no operation to get or delete one folder.
type FoldersService service

// List returns a [pager.Pager] over the folders that match opts, as
// [ContactsService.List] does.
func (s *FoldersService) List(opts *ListOptions, callOpts ...CallOption) (*pager.Pager[Folder], error) {
	return list[generated.ListFoldersResponse](s.client, opts, callOpts, collection[Folder]{
		op: opListFolders,
		id: func(v *Folder) *string { return v.ID },
		call: func(ctx context.Context, p *collectionParams) (*http.Response, error) {
			return s.client.api.ListFolders(ctx, (*generated.ListFoldersParams)(p))
		},
	})
}

// Create creates a folder. Name is required.
func (s *FoldersService) Create(ctx context.Context, folder *FolderCreate, opts ...CallOption) (*Folder, error) {
	ctx = withCallOptions(ctx, opts)
	if err := notNil("folder", folder); err != nil {
		return nil, err
	}
	if err := checkRequired("folder.Name", folder.Name); err != nil {
		return nil, err
	}
	return do[generated.CreateFolderResponse](ctx, s.client, opCreateFolder, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.CreateFolder(ctx, *folder)
	})
}

// Update changes the fields set in update of the folder id and returns it.
func (s *FoldersService) Update(ctx context.Context, id string, update *FolderUpdate, opts ...CallOption) (*Folder, error) {
	ctx = withCallOptions(ctx, opts)
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if err := notNil("update", update); err != nil {
		return nil, err
	}
	if err := checkOptional("update.Name", update.Name); err != nil {
		return nil, err
	}
	return do[generated.UpdateFolderResponse](ctx, s.client, opUpdateFolder, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.UpdateFolder(ctx, id, *update)
	})
}
