// Package fake is an in-memory Leadfox API server for tests: yours and
// this module's. Import it as github.com/leadfox-go/leadfox/tests/fake and
// point a [github.com/leadfox-go/leadfox/facade.Client] at it:
//
//	srv := fake.Start(t) // closed when the test ends
//	client, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()))
//
// It implements every operation of the module's openapi.yaml through the
// strict server interface generated from it
// ([github.com/leadfox-go/leadfox/generated/server.StrictServerInterface]), so it
// follows the spec: a spec change that it does not follow breaks its
// build.
//
// # Starting it
//
// In a test, [Start] returns a running [Server] and closes it when the
// test ends: [Server.URL] is the base URL; [Server.APIKey] and
// [Server.Secret] are the credentials POST /v1/auth accepts.
//
// [NewServer] does the same without a [testing.TB] (call [Server.Close]
// yourself), and [NewHandler] returns a Server that is not listening,
// whose [Server.Handler] you mount on a server of your own. Options set
// the credentials ([WithCredentials]), the client id ([WithClientID]), the token lifetime
// and the clock. The package Example talks to a Server with plain
// [net/http].
//
// # Authentication
//
// POST /v1/auth with the Server's API key and secret returns an HS256 JWT,
// signed with a random key of the Server's own, with iat, exp and jti
// claims; a wrong key or secret is 401. Every other request must carry
// "Authorization: JWT <token>": a missing, malformed, wrongly signed,
// expired or revoked token, or another scheme such as Bearer, gets 401.
// [WithTokenLifetime] and [WithClock] let a test expire tokens;
// [Server.ExpireTokens] revokes every token issued so far.
//
// # Data
//
// Data lives in memory, per Server. Ids are ObjectIds made from a
// per-server counter, so they are deterministic (the first is
// 5f0c8a3b0000000000000001) and unique across a Server's resources, but
// two Servers make the same ones. Every resource carries _owner, the
// client id, and contacts carry created. Date-times are returned as the
// generated types encode them: RFC 3339 in UTC, with a fraction of a
// second only when it is not zero.
//
// Contacts are unique by email, case-sensitively: a second create is 409,
// an upsert merges its properties into the existing contact, and an update
// merges properties. Other updates change only the fields sent; as in the
// generated types, an empty array counts as not sent. List membership
// changes through the add and remove operations, both idempotent, and
// shows both in the contact's lists (with time) and in
// GET /v1/list/{list_id}/contact. Creating or updating a campaign checks
// that it is type 2 and that its folder, emails, lists and mailing list
// exist, and sending it (status "a") that it has lists and an email.
// Mailing lists cannot be created through the API: seed them.
//
// # Collection queries
//
// Collection GETs take filters, sort, fields, skip (default 0) and limit
// (default 100, no maximum) as the API documents them, with filters, sort
// and fields parsed by package [github.com/leadfox-go/leadfox/query]. A condition compares by the stored
// value's JSON type: numbers as numbers, booleans with true and false,
// date-time strings (and dates) as instants, other strings as strings,
// case-sensitively; contact property values are strings, so
// properties.score > 90 compares text ("100" < "90"), as package query
// documents. A dotted path walks into objects and arrays of
// objects: lists.list = <id> matches a contact any of whose lists entries
// is for that list. "!=" is the negation of "=": it also matches a
// document without the field, and with alternatives (a|b) it means none
// of them. Sorting orders missing values first, then null, numbers,
// date-times, other strings, false and true, each reversed by "-"; it is
// stable, so ties keep insertion order and paging is consistent.
// Projection keeps _id and _owner, and walks dotted paths the same way.
//
// Keyset paging, which the SDK walks by default, works as the module's
// contract infers the API does: sort=_id with the condition
// "_id > <last id>" ANDed to the filter. Ids are fixed-length lowercase
// hex, so they compare as strings in ObjectId order. To test a server
// that does not honour it, put a handler in front of the one of
// [NewHandler] that drops or refuses the condition.
//
// # Campaigns
//
// The fake models the lifecycle on its clock ([WithClock]): a campaign
// with status "a" and no start, or a start not after now, goes out when it
// is activated (by create, update or [Server.PutCampaign]); one with a later start is
// scheduled and goes out once the clock has passed its start (checked at
// the next request or seeding, and counted as of its start); a draft or
// inactive campaign never goes out, and one set back to "d" or "i" before
// its start is not scheduled any more. A campaign goes out once. Once it
// has, an update that changes what it sends (emails, lists, mailinglist,
// batchConfiguration, start) or sets it back to draft gets 409; its name,
// description and status "a" or "i" may still change. The API does not
// document this: it is the fake's choice of what it plausibly does.
//
// # Metrics
//
// Metrics are made up, deterministically, from what a campaign sent, and
// are zero until it has gone out. Its targets are counted when it goes
// out: the contacts in any list it includes ({"list": null} includes
// every contact), except those with subscribed false and those its
// mailing list keeps out (opted out, or not what statusFilter, 2 by
// default, selects). The targets are split among the email variants by
// weight (a missing weight is 100; if all are 0, equally), by largest
// remainder, ties to the earlier variant. From the n contacts a variant
// was sent to, with integer division:
//
//	sent        = n
//	bounce      = n / 20
//	delivered   = n - bounce          (not returned)
//	uniqueopen  = delivered * 2 / 5
//	open        = uniqueopen * 3 / 2
//	uniqueclick = uniqueopen / 4
//	click       = uniqueclick * 2
//	unsubscribe = delivered / 100
//	spam        = delivered / 500
//
// GET /v1/metric/campaign/{id} returns one row per email variant, in the
// order of the campaign's emails, with _id the campaign id. GET
// /v1/metric/target/{id} returns one row per variant of each campaign
// that uses the email design, in the order the campaigns were created,
// with _id the email id. Rows carry only the fields of the spec's Metrics
// (the fake never teaches a field the spec does not have). A row counts
// zero when its campaign has not gone out, or went out outside
// [startdate, enddate]. With compile=true the rows are summed into one
// row with only _id, even when there are none.
//
// # Validation
//
// Every request is checked against the effective spec (package
// [github.com/leadfox-go/leadfox/api]) with kin-openapi's openapi3filter
// before any handler runs, unless [WithValidation](false): an unknown operation, a bad path or query
// parameter, or a body the schema refuses (an enum value, a missing
// required field, a wrong type or format, a field a closed schema does
// not allow) is answered 400 with a [ValidationError] body naming the
// rule and the field, and logged in [Request.Invalid]. [Server.CheckValid]
// fails a test for each such request.
//
// # Errors
//
// Bad requests get the status an API would give, with a JSON body
// {"error": "..."}: 400 for a malformed body, a missing required field, a
// bad ObjectId, a filters, sort or fields parameter that does not parse, a
// limit below 1, a negative skip, or a reference to a resource that does
// not exist; 401 as above; 404 for an unknown id; 409 for a duplicate
// contact email or property shortcode, or a change to what a sent
// campaign sends. With validation on (the default), what the spec refuses,
// an unknown path or method included, is a 400 of # Validation; with it
// off, an unknown path is 404 and a known path with the wrong method 405.
//
// # Rate limits
//
// The vendor documents no rate limit, so the fake can run any of the
// laws a Leadfox could: a token bucket ([WithRateLimit]), a fixed window
// ([WithFixedWindow]), a sliding window ([WithSlidingWindow]) or a limit
// on the requests in flight ([WithConcurrencyLimit]); at most one per
// Server. A request the limit refuses is answered 429 with a Retry-After
// the limit computes (or [WithRateLimitRetryAfter] fixes), POST /v1/auth
// is never limited, and injected faults apply first. [Server.SetRateLimit],
// [Server.SetWindowLimit] and [Server.SetConcurrencyLimit] change the limit
// while requests run, as another job of the same tenant would;
// [Server.RateLimited] counts the refusals.
//
// # Misbehaving
//
// [Server.Inject] makes the next requests (of a method and path, or any)
// fail with a status and Retry-After, wait, get a malformed or truncated
// body, lose their connection halfway, or hang (see [Fault]).
// [Server.Requests], [Server.CountRequests] and [Server.AuthCount] tell a
// test what the Server received; the log keeps the last
// [MaxLoggedRequests] requests, and [Server.ResetRequests] empties it.
//
// # Seeding
//
// [Server.PutCampaign], [Server.InsertContacts] and the other Put methods store data
// directly, as it is, without the checks the API makes: a campaign of a
// type the API refuses, references to resources that do not exist, fields
// the spec does not name, list memberships set in the Lists field of a
// [github.com/leadfox-go/leadfox/generated.Contact], or ten
// thousand contacts at once. They fill in only what is missing: _id (a
// generated id), _owner (the client id), and a contact's created (now). A
// campaign stored with status "a" goes out as # Campaigns says. They return the ids and
// panic if an _id is not an ObjectId or is taken, or a contact's email is
// taken: those are mistakes in the test. [Server.Contact],
// [Server.ContactByEmail] and [Server.Campaign] read stored data back.
// [Server.LoadFixtures] reads the same from JSON (see [Fixtures]), as the
// standalone server in cmd/leadfox-fake does.
//
// A contact's opt-in state for a GDPR mailing list cannot be written
// through the API; seed it in the MailingLists field of a
// [github.com/leadfox-go/leadfox/generated.Contact] (each entry a
// mailing-list id and a status, opt-in or opt-out; no entry is
// undecided) with [Server.PutContact], [Server.InsertContacts] or
// [Server.LoadFixtures].
//
// # Concurrency
//
// A Server and all its methods are safe for concurrent use, and Servers
// share no state.
package fake
