// Package fake is an in-memory Leadfox API server for tests: yours and
// this module's.
//
// It implements every operation of the module's openapi.yaml through the
// strict server interface generated from it, so it follows the spec: a
// spec change that it does not follow breaks its build.
//
// # Starting it
//
// In a test, Start returns a running Server and closes it at the end of
// the test:
//
//	srv := fake.Start(t)
//	// srv.URL() is the base URL; srv.APIKey() and srv.Secret() are the
//	// credentials POST /v1/auth accepts.
//
// NewServer does the same without a testing.TB (call Close yourself), and
// NewHandler returns a Server that is not listening, whose Handler you
// mount on a server of your own. Options set the credentials, the client
// id, the token lifetime and the clock.
//
// # Authentication
//
// POST /v1/auth with the Server's API key and secret returns an HS256 JWT,
// signed with a key of the Server's own, with iat, exp and jti claims.
// Every other request must carry "Authorization: JWT <token>": a missing,
// malformed, wrongly signed, expired or revoked token, or another scheme
// such as Bearer, gets 401. WithTokenLifetime and WithClock let a test
// expire tokens; ExpireTokens revokes every token issued so far.
//
// # Behaviour
//
// Data lives in memory, per Server. Ids are ObjectIds, generated from a
// per-server counter (deterministic: the first is
// 5f0c8a3b0000000000000001). Every resource carries _owner, the client
// id; contacts carry created. Contacts are unique by email: a second
// create is 409, an upsert merges its properties into the existing
// contact, and an update merges properties. Other updates change only the
// fields sent. List membership changes through the add and remove
// operations and shows both in the contact's lists (with time) and in
// GET /v1/list/{list_id}/contact. Creating or updating a campaign checks
// that it is type 2 and that its folder, emails, lists and mailing list
// exist. Metrics are derived from what a campaign sent; metrics.go has
// the formula.
//
// Collection GETs take filters, sort, fields, skip and limit as the API
// documents, with filters parsed by package query. A condition compares
// by the stored value's JSON type: numbers as numbers, booleans with true
// and false, date-time strings as instants, other strings as strings,
// case-sensitively. A dotted path walks into objects and arrays of
// objects: lists.list = <id> matches a contact any of whose lists entries
// is for that list. "!=" is the negation of "=": it also matches a
// document without the field, and with alternatives (a|b) it means none
// of them. Sorting is stable, so ties keep insertion order and paging is
// consistent.
//
// Bad requests get the status an API would give, with a JSON body
// {"error": "..."}: 400 for a malformed body, a missing required field, a
// bad ObjectId, a filter that does not parse, a limit below 1, a negative
// skip, or a reference to a resource that does not exist; 401 as above;
// 404 for an unknown id or path; 405 for a known path with the wrong
// method; 409 for a duplicate contact email or property shortcode.
//
// # Misbehaving
//
// Inject makes the next requests (of a method and path, or any) fail with
// a status and Retry-After, wait, get a malformed or truncated body, lose
// their connection halfway, or hang. Requests, CountRequests and
// AuthCount tell a test what the Server received.
//
// # Seeding
//
// PutCampaign, InsertContacts and the other Put methods store data
// directly, unchecked, for instance a campaign of a type the API would
// refuse, or ten thousand contacts at once.
//
// A Server and all its methods are safe for concurrent use, and Servers
// share no state.
package fake
