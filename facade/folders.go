package facade

import (
	"context"
	"net/http"

	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/generated/client"
	"github.com/leadfox-go/leadfox/internal/optable"
	"github.com/leadfox-go/leadfox/pager"
)

// FoldersService manages the folders that group campaigns and email
// designs. Get it from [Client.Folders]; it is safe for concurrent use. The
// API has no operation to get or delete one folder.
type FoldersService service

// List returns a [pager.Pager] over the folders that match opts, as
// [ContactsService.List] does.
func (s *FoldersService) List(opts *ListOptions, callOpts ...CallOption) (*pager.Pager[Folder], error) {
	return list[client.ListFoldersResponse](s.client, opts, callOpts, collection[Folder]{
		op: optable.ListFolders,
		id: func(v *Folder) *string { return v.ID },
		call: func(ctx context.Context, p *collectionParams) (*http.Response, error) {
			return s.client.api.ListFolders(ctx, (*generated.ListFoldersParams)(p))
		},
	})
}

// Create creates a folder. Name is required.
func (s *FoldersService) Create(ctx context.Context, folder *FolderCreate, opts ...CallOption) (*Folder, error) {
	return doCreate[client.CreateFolderResponse](ctx, s.client, optable.CreateFolder, "folder", folder,
		func(b *FolderCreate) error { return checkRequired("folder.Name", b.Name) },
		func(ctx context.Context, b FolderCreate) (*http.Response, error) {
			return s.client.api.CreateFolder(ctx, b)
		},
		opts)
}

// Update changes the fields set in update of the folder id and returns it.
func (s *FoldersService) Update(ctx context.Context, id string, update *FolderUpdate, opts ...CallOption) (*Folder, error) {
	return doUpdate[client.UpdateFolderResponse](ctx, s.client, optable.UpdateFolder, id, update,
		func(b *FolderUpdate) error { return checkOptional("update.Name", b.Name) },
		func(ctx context.Context, id string, b FolderUpdate) (*http.Response, error) {
			return s.client.api.UpdateFolder(ctx, id, b)
		},
		opts)
}
