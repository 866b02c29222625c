// Package exampleapi gives the examples their Client: one for the live API
// when credentials are in the environment, and otherwise one for an
// embedded fake server.
package exampleapi

import (
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// Connect returns a Client for the live API when getenv has
// [facade.EnvAPIKey] or [facade.EnvSecret] (and [facade.EnvBaseURL], if
// set, as its base URL), and otherwise for a [fake.Server] started with
// fakeOpts. userAgent is the example's User-Agent suffix. where says which
// API it is, for the example's first line; fakeNote, if not empty, is
// added to it for the fake. closeFn stops the fake, and does nothing for
// the live API; it is nil with an error.
func Connect(getenv func(string) string, userAgent, fakeNote string, fakeOpts ...fake.Option) (c *facade.Client, where string, closeFn func(), err error) {
	key, secret := getenv(facade.EnvAPIKey), getenv(facade.EnvSecret)
	if key != "" || secret != "" {
		where = getenv(facade.EnvBaseURL)
		if where == "" {
			where = facade.DefaultBaseURL
		}
		c, err = facade.New(key, secret, facade.WithBaseURL(where), facade.WithUserAgent(userAgent))
		if err != nil {
			return nil, "", nil, err
		}
		return c, where + " (live)", func() {}, nil
	}
	srv := fake.NewServer(fakeOpts...)
	c, err = facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()), facade.WithUserAgent(userAgent))
	if err != nil {
		srv.Close()
		return nil, "", nil, err
	}
	if fakeNote != "" {
		fakeNote = ", " + fakeNote
	}
	where = srv.URL() + " (embedded fake server" + fakeNote + "; set " + facade.EnvAPIKey + " and " + facade.EnvSecret + " for the live API)"
	return c, where, srv.Close, nil
}
