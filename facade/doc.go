// Package facade is the Go client of the Leadfox REST API: one service
// per resource, typed models, errors for errors.Is, retries and the
// campaign-type guard.
//
//	client, err := facade.NewFromEnv()
//	if err != nil {
//		return err
//	}
//	contact, err := client.Contacts.Upsert(ctx, &facade.ContactCreate{
//		Email:      "ada@example.com",
//		Properties: facade.ContactProperties{"firstname": "Ada"},
//	})
//
// Start with [NewFromEnv] (or [New]), then call the services of the
// [Client]: [Client.Contacts], [Client.Campaigns], [Client.Lists] and the
// others. To run your code without the live API, point a Client at the
// in-memory fake server of package
// [github.com/leadfox-go/leadfox/tests/fake] (see Testing below).
//
// The package follows the module's openapi.yaml, rebuilt from the
// vendor's public reference and guides, which marks what the vendor
// leaves undocumented (x-leadfox-inferred). Model types are the ones generated from
// that file (package [generated]), aliased here; the doc of each lists its
// fields with their Go types and JSON names. Optional fields are pointers:
// set them with [Ptr], read them with their Get methods (c.GetEmail()),
// which return the zero value when the field is nil. Date-times are
// [time.Time], and fields the
// spec does not name are kept in AdditionalProperties as the raw JSON the
// server sent (GetAny decodes one, numbers as [encoding/json.Number]), so a
// resource read, changed and written back loses nothing: no digit of a
// number, no nesting. A contact property the server sends as a number, a
// boolean or null is kept as that JSON value (see [PropertyValues]).
//
// A [Client] is safe for concurrent use; create one and share it. Every
// method that may do I/O takes a context first. Arguments are checked
// before any request: a nil context, an empty or malformed id (ObjectIds
// are 24 hex digits, in either case), a nil body, an empty required field or a negative page size is
// an error matching [ErrInvalidArgument] that names the argument.
//
// # Authentication
//
// [New] takes the API key of a Leadfox Client (the tenant) and the secret of
// one of its users; [NewFromEnv] reads them from LEADFOX_APIKEY and
// LEADFOX_SECRET ([EnvAPIKey], [EnvSecret]), and the base URL from
// LEADFOX_BASE_URL ([EnvBaseURL]) if set. The
// first call exchanges them for a JWT at POST /v1/auth; every request then
// carries "Authorization: JWT <token>". The token is cached and exchanged
// again shortly before it expires; its lifetime is read on the server's
// clock (exp minus iat, or minus the answer's Date), so a local clock
// hours off neither rejects good tokens nor keeps dead ones. On a 401 the
// request is replayed once with a newer token (package [auth] does this):
// the one that already replaced the refused token, or else one from a new
// exchange, shared by every request refused with the same token; a token
// refused even then gives an error matching [ErrUnauthorized]. The exchange is retried like
// a GET after a connection error or a 5xx, once for all the calls waiting
// for it.
//
// Rejected credentials give an error matching [ErrInvalidCredentials]
// that is an [*ExchangeError]. After a rejection no new exchange is made for one
// second, doubling with each rejection in a row up to a minute and reset
// by a successful exchange: calls in that time fail at once with the same
// error, so a loop with a bad secret makes a handful of exchanges (4 in
// ten seconds), not one per call.
//
// The key, the secret and the current and previous tokens never appear in
// an error, an [APIError]'s Message, Body or Path, a log record or any fmt
// verb of a value this package returns, in whatever encoding a server
// echoes them (plain, JSON-escaped, URL- or form-encoded, base64 or
// base64url, alone or inside a larger blob); anything shaped like a JWT is
// removed too.
//
// # Filtering
//
// List methods take a [ListOptions] whose Filter, Sort and Fields come from
// package [query]:
//
//	client.Contacts.List(&facade.ListOptions{
//		Filter: query.And(query.Eq("properties.firstname", "John", "john"), query.Exists("email", true)),
//		Sort:   query.SortBy(query.Desc("created")),
//		Fields: query.Select("email", "properties"),
//	})
//
// The filter is rendered and sent as one URL-encoded filters value. A
// filter that cannot be expressed (a value holding ',' or '|', which the
// API cannot escape) makes List fail at once, before any request, with an
// error wrapping the [*query.Error].
//
// # Pagination
//
// A List method returns a *pager.Pager and sends nothing itself. Range
// over All for items, Pages for pages, or call NextPage or Collect:
//
//	p, err := client.Contacts.List(&facade.ListOptions{PageSize: 200, Max: 1000})
//	if err != nil {
//		return err
//	}
//	for contact, err := range p.All(ctx) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(contact.GetEmail())
//	}
//
// The API answers each page with a bare array and no total count; the
// walk ends at the first page shorter than the page size (at most
// [MaxPageSize], 1000). Prefetch fetches the next page while the loop
// works on the current one; a loop that ends early returns at once and
// lets that page arrive in the background for up to
// [pager.DefaultPrefetchGrace] before canceling it, so that its
// connection is kept.
//
// A List with no Sort and no Offset walks by keyset: sort=_id, the
// filter ANDed with "_id > <last _id of the previous page>", no skip. A
// collection that changes during the walk then loses and repeats
// nothing: every item present throughout the walk is yielded exactly
// once, so a loop may delete or insert items as it goes. The API does not
// document "_id >": this mode is inferred (from the contract the module
// is built on, not from the vendor), so every page is verified (each _id
// above the cursor, increasing) before any of its items is yielded. If the server does not honour it, the walk goes on by
// skip/limit sorted by _id from where it stands, never yielding an item
// twice, logs one warning through [WithLogger], and the Client walks that
// operation by skip/limit from then on. [pager.Pager.FellBack] then
// reports true on the Pager of that walk and of every later one, so that
// a job that must see every item knows to walk again; [PagingKeyset]
// makes it an error matching [pager.ErrKeysetUnsupported] instead.
//
// An explicit Sort or Offset, or [PagingSkipLimit], walks by skip/limit,
// which drifts when the collection changes under it: an item deleted
// before the walk's position makes it skip one, an item inserted there
// makes it meet one again (a repeat of the previous page is not yielded
// twice). A server that ignores skip ends such a walk with an error
// matching [pager.ErrSkipIgnored] instead of looping. A page longer than
// the page size is cut to it and logged at warn.
//
// A page is decoded item by item: an item the decoder cannot read (a
// known field of an unexpected type) never costs the others. All yields
// it as the zero value and a *[pager.ItemError] at its place, whose
// reason is a *[ItemError] (its index in the page, its _id, the field and
// what was wrong) matching [ErrMalformedResponse], and the walk goes on;
// Collect returns the good items and those errors joined. Any other
// error ends the walk. The decoder reads no further than the item after
// the page size, so a page of a million items for a limit of 100 costs
// the memory of 101.
//
// # Campaigns
//
// The vendor supports only the EmailCampaign type (2) for API clients.
// [CampaignsService] guards it: [CampaignsService.Create] always sends
// type 2, [CampaignsService.List] asks for type 2 only,
// [CampaignsService.Get] refuses another type, and
// [CampaignsService.Update], [CampaignsService.Schedule],
// [CampaignsService.Send] and [CampaignsService.Unschedule] read the
// campaign first and write nothing unless it is of type 2. Writes never
// follow a redirect, and the answer of every write must be the campaign
// written, of type 2. Each refusal matches [ErrUnsupportedCampaignType].
//
// The lifecycle, as the SDK models it: an active campaign goes out at its
// start, or when activated if it has none or one not after now; drafts
// and inactive campaigns never go out. [CampaignsService.Schedule] makes a
// campaign go out at a time (one write of start and status "a"),
// [CampaignsService.Send] makes it go out now (a future start is moved to
// now), and [CampaignsService.Unschedule] takes a scheduled campaign back
// to draft. Schedule refuses a start that is not in the future or that the
// API cannot encode ([ErrInvalidArgument]); Schedule and Send refuse a
// campaign without an email design or a target list
// ([ErrCampaignNotReady]). Build targets with [AllContacts] and
// [IncludeList], and the batch configuration with [NoBatching].
//
// A contact's opt-in or opt-out for a GDPR mailing list
// (Contact.MailingLists) is read-only through the API: no operation
// writes it, so a campaign gated by a mailing list reaches only the
// contacts whose state was set in Leadfox itself. Tests seed it in the
// fake server (see package tests/fake, # Seeding).
//
// # Errors
//
// A response whose status is not 2xx is an [*APIError] with the status, the
// method, the URL path (never the query), the operation (one of the Op
// constants, such as [OpGetContact]), the server's message, the first 64
// KiB of the body, RetryAfter and the server's RequestID. It matches one
// sentinel: [ErrNotFound] (404), [ErrUnauthorized] (401), [ErrForbidden] (403),
// [ErrConflict] (409), [ErrInvalidRequest] (400, 422), [ErrRateLimited] (429)
// or [ErrServer] (5xx). A 2xx body that does not decode is an error naming
// the operation and the status, matching [ErrMalformedResponse]. A transport
// failure is returned wrapped, with the URL cut to its path; one of the
// network (refused, reset, unresolved host, an answer cut short) matches
// [ErrNetwork]; an attempt
// that outlived its bound matches [ErrAttemptTimeout] and ErrNetwork; a 2xx body past the
// size limit matches ErrResponseTooLarge and ErrMalformedResponse; a
// redirected write matches ErrRedirect. See the transport chain below
// for what is retried.
//
// # Transport chain
//
// Each call goes through one chain of [http.RoundTripper] layers,
// outermost first, each with one job:
//
//	call -> retry -> middleware -> attempt -> auth -> drain -> base
//
// What each layer does:
//
//   - call puts the request's operation in its context (found from the
//     method and path for a call through [Client.Raw]), sets
//     "User-Agent: leadfox-go/<Version> go/<version>" plus the product of
//     [WithUserAgent], on every attempt and redirect, and adds the
//     headers of the call's [WithHeader] options.
//   - retry applies the [RetryPolicy] per operation: GET, PUT and DELETE,
//     and the POSTs the spec marks idempotent (Contacts.Upsert,
//     Lists.AddContact), and the token exchange, are retried after any transport error that may
//     come after the request was sent (a connection reset or cut, a status
//     line cut short, an attempt timeout) and after a 408, 429, 500, 502,
//     503 or 504; any other POST only after a 429. Waits grow
//     exponentially with jitter, or follow Retry-After up to
//     RetryPolicy.MaxRetryAfter and the context's deadline (a longer one
//     returns the response at once; one too large to parse, such as 1e30,
//     counts as [RetryAfterLimit]), and end early when the context does.
//     [WithLogger] records one debug line per attempt and one warn line
//     per retry, through a hook of this layer. Each attempt is bounded by
//     [WithAttemptTimeout] (default [DefaultAttemptTimeout], one minute),
//     from the moment the rate limiter lets it go: the context the
//     middleware and the layers below see carries its deadline.
//   - middleware is yours: the [Middleware] of [WithMiddleware], around
//     each attempt (see Extending), within its attempt timeout.
//   - attempt reads a 2xx body whole within the attempt timeout, up to
//     [WithMaxResponseBytes] (default
//     [DefaultMaxResponseBytes], 32 MiB): a body cut or stalled while it
//     streams fails the attempt, which may be retried; a body past the
//     cap fails the call with an error matching [ErrResponseTooLarge].
//   - auth (package auth) sets a fresh JWT on every attempt, and on a 401
//     replays the request once with a newer token (one exchange per
//     refused token, however many requests it refused).
//   - drain reads a small error body (at most 64 KiB) to its end when it
//     is closed, so that a retry or a replay reuses the connection.
//   - base sends the request: [WithTransport], or the Transport of
//     [WithHTTPClient], or else a transport of the Client's own from
//     [NewTransport], with a pool of [DefaultMaxIdleConnsPerHost] idle
//     connections and a response header timeout of
//     [DefaultResponseHeaderTimeout].
//
// The token exchange goes through user agent -> retry -> attempt ->
// drain -> base: no call options, middleware, limiter or auth layer
// apply to it, and it follows no redirect. Nor does a write (PUT, POST, DELETE): the
// error matches [ErrRedirect] and names the status and the Location
// path. A GET follows redirects on the same scheme and host
// only, so the token never leaves for another server.
//
// With the default options and a context without deadline, a server that
// never answers, or dribbles its body, ends a call with an error matching
// [ErrAttemptTimeout] after at most [DefaultMaxAttempts] attempts of
// [DefaultAttemptTimeout] and the waits between them (about 3 minutes);
// a page that legitimately takes longer to arrive needs a longer
// [WithAttemptTimeout], or 0 to leave the bound to the context.
//
// # Rate limits and bulk jobs
//
// A Client has one rate limiter, shared by all its goroutines, that waits
// before each attempt. [WithRateLimit] paces every call to a fixed rate;
// [WithAdaptiveRateLimit] paces every call adaptively: a 429 pauses every
// caller for its Retry-After and lowers the rate for all at once to just
// under what the server accepted, and the rate probes higher again
// after a hold. Without either option,
// single calls are not paced. [WithLimiter] installs a [Limiter] of your
// own instead, such as one that several processes of one tenant share;
// [NewLimiter] returns the in-process one, to fall back on or wrap.
//
// The bulk helpers, [ContactsService.UpsertMany], [ListsService.AddContacts]
// and [ListsService.RemoveContacts], take their rows as an [iter.Seq], so
// a CSV of any length is streamed, and run [DefaultBulkConcurrency] rows
// at once, paced adaptively unless [BulkOptions].DisableAdaptive. Their
// [Bulk.Results] yields one result per row in input order; a failed row
// never stops the others unless [BulkOptions].StopOnError; a row that
// still gets a 429 after its retries is sent again. [Bulk.Totals] counts
// the rows and says where a canceled job stopped, so it can be resumed:
//
//	job, err := client.Contacts.UpsertMany(rows, nil)
//	if err != nil {
//		return err
//	}
//	for r := range job.Results(ctx) {
//		if r.Err != nil {
//			log.Printf("row %d (%s): %v", r.Index, r.Input.Email, r.Err)
//		}
//	}
//	fmt.Println(job.Totals())
//
// The API has no count operation: [ContactsService.Count] and
// [ListsService.CountContacts] walk the collection with a projection of
// _id only, 1000 per page.
//
// # Extending
//
// Wrappers of this package have three ways in, each through the whole
// chain:
//
//   - A [Middleware] given to [WithMiddleware] wraps every attempt, retries
//     included, between the retry and attempt layers: it measures what the
//     server does, not the waits between attempts, and [OperationFrom]
//     gives it the operation's id, the resource id and the attempt number.
//     It sees neither the token exchange nor the Authorization header. To
//     observe a whole call, retries and waits included, wrap the service
//     method instead.
//   - Call options ([CallOption]) after a service method's arguments
//     change that one call: [WithHeader], [WithCallAttemptTimeout],
//     [WithCallMaxAttempts], [WithResponseInto]. A List method applies
//     them to every page request.
//   - [Client.Raw] is the generated client wired to the chain, the way to
//     reach an operation before the facade shapes it; [Decode] and
//     [DecodeNoContent] turn its answers into a typed value or the
//     facade's errors, and [CallContext] gives its calls call options.
//
// # Testing
//
// Point a [Client] at a test server with [WithBaseURL], or keep the real
// transport chain and swap only the bottom of it with [WithTransport], for
// instance an httpmock transport that also answers POST /v1/auth. Package
// [github.com/leadfox-go/leadfox/tests/fake] is an in-memory Leadfox server
// for such tests:
//
//	srv := fake.Start(t) // closed when the test ends
//	client, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()))
//
// [WithClock] makes retry waits and schedule checks run on a fake clock,
// so tests never sleep: the Clock of package
// [github.com/leadfox-go/leadfox/facade/facadetest] is a ready one, whose
// waits end at once and move its time forward.
package facade
