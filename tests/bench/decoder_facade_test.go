package bench

import (
	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/internal/jsonobj"
)

// facadeDecodePage decodes a page body as the facade does, and returns
// the number of contacts decoded.
func facadeDecodePage(body []byte, limit int) (int, error) {
	page, err := jsonobj.DecodePage[generated.Contact](body, limit)
	return len(page.Items), err
}
