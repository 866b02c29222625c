package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/leadfox-go/leadfox/facade"
)

// The decoder's benchmarks: pages of 100 realistic contacts with 0, 4 and
// 20 unknown members, and GET one contact, over loopback and client-side
// only. The limit they are held to is the one-buffer baseline: read the
// Content-Length bytes once and json.Unmarshal them into plain structs.

// oneBuffer is the one-buffer baseline client: plain net/http, the body
// read once into a buffer of its Content-Length, json.Unmarshal into
// plain structs, a token taken once.
type oneBuffer struct{ *baseline }

// get decodes the JSON answer to GET path into v.
func (c oneBuffer) get(ctx context.Context, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return err
	}
	req.Header["Authorization"] = []string{c.authz}
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK || resp.ContentLength < 0 {
		return fmt.Errorf("GET %s: %s, Content-Length %d", path, resp.Status, resp.ContentLength)
	}
	body := make([]byte, resp.ContentLength)
	if _, err := io.ReadFull(resp.Body, body); err != nil {
		return err
	}
	return json.Unmarshal(body, v)
}

func (c oneBuffer) contact(ctx context.Context, id string) error {
	var v plainContact
	return c.get(ctx, "/v1/contact/"+id, &v)
}

func (c oneBuffer) contacts(ctx context.Context, limit int) (int, error) {
	var v []plainContact
	err := c.get(ctx, "/v1/contact?limit="+strconv.Itoa(limit), &v)
	return len(v), err
}

// newPayloadServer starts a benchmark server whose contacts have unknown
// unknown members.
func newPayloadServer(tb testing.TB, unknown int) *server {
	s := newServer(tb, pageSize, 0)
	s.contact = appendContactU(nil, 7, unknown)
	s.firstPage = appendPageU(nil, 0, pageSize, unknown)
	return s
}

// memTransport answers every request in memory, as the benchmark server
// would: the client's cost alone, without a server or a socket.
type memTransport struct{ s *server }

func (t memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	switch {
	case strings.HasSuffix(req.URL.Path, "/v1/auth"):
		body = []byte(`{"jwt":"` + testJWT + `","clientid":"bench"}`)
	case strings.HasSuffix(req.URL.Path, "/v1/contact"):
		body = t.s.firstPage
	default:
		body = t.s.contact
	}
	if req.Body != nil {
		_ = req.Body.Close()
	}
	return &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}, "Content-Length": {strconv.Itoa(len(body))}},
		ContentLength: int64(len(body)), Body: io.NopCloser(bytes.NewReader(body)), Request: req,
	}, nil
}

// decoderClients returns the one-buffer baseline and the facade, both
// over rt if not nil, else over loopback to s.
func decoderClients(tb testing.TB, s *server, rt http.RoundTripper) (oneBuffer, *facade.Client) {
	tb.Helper()
	if rt == nil {
		fc := newFacade(tb, s)
		warmUp(tb, fc)
		return oneBuffer{newBaseline(tb, s)}, fc
	}
	fc, err := facade.New("bench-key", "bench-secret", facade.WithBaseURL(s.URL), facade.WithTransport(rt))
	if err != nil {
		tb.Fatal(err)
	}
	warmUp(tb, fc)
	return oneBuffer{&baseline{hc: &http.Client{Transport: rt}, base: s.URL, authz: "JWT " + testJWT}}, fc
}

// decoderCalls returns the calls of one case: onebuf (the one-buffer
// baseline, first, so that the ratios are to it), plain (the json.Decoder
// baseline), v2 (encoding/json/v2, under GOEXPERIMENT=jsonv2 only) and
// facade.
func decoderCalls(tb testing.TB, kind string, s *server, rt http.RoundTripper) []call {
	tb.Helper()
	switch kind {
	case "page-bytes":
		body := s.firstPage
		calls := []call{
			{Client: "onebuf", Do: func(context.Context) error {
				var page []plainContact
				err := json.Unmarshal(body, &page)
				checkPage(tb, len(page), err)
				return nil
			}},
			{Client: "plain", Do: func(context.Context) error {
				var page []plainContact
				err := json.NewDecoder(bytes.NewReader(body)).Decode(&page)
				checkPage(tb, len(page), err)
				return nil
			}},
			{Client: "facade", Do: func(context.Context) error {
				n, err := facadeDecodePage(body, pageSize)
				checkPage(tb, n, err)
				return nil
			}},
		}
		return append(calls, jsonv2Calls(tb, body)...)
	case "page":
		ob, fc := decoderClients(tb, s, rt)
		p, err := fc.Contacts.List(&facade.ListOptions{Max: pageSize})
		if err != nil {
			tb.Fatal(err)
		}
		return []call{
			{Client: "onebuf", Do: func(ctx context.Context) error {
				n, err := ob.contacts(ctx, pageSize)
				checkPage(tb, n, err)
				return nil
			}},
			{Client: "facade", Do: func(ctx context.Context) error {
				p.Reset()
				page, err := p.NextPage(ctx)
				checkPage(tb, len(page), err)
				return nil
			}},
		}
	case "get":
		ob, fc := decoderClients(tb, s, rt)
		return []call{
			{Client: "onebuf", Do: func(ctx context.Context) error { return ob.contact(ctx, contactID) }},
			{Client: "facade", Do: func(ctx context.Context) error {
				_, err := fc.Contacts.Get(ctx, contactID)
				return err
			}},
		}
	}
	tb.Fatalf("no case %s", kind)
	return nil
}

// decoderCases are the cases of BenchmarkDecoder: kind, unknown members
// per contact, and whether the transport is in memory.
var decoderCases = []struct {
	kind    string
	unknown int
	mem     bool
}{
	{"page-bytes", 0, false}, {"page-bytes", 4, false}, {"page-bytes", 20, false},
	{"page", 20, false}, {"page", 20, true},
	{"get", 4, false}, {"get", 4, true}, {"get", 20, false}, {"get", 20, true},
}

func decoderCaseName(kind string, unknown int, mem bool) string {
	via := "http"
	if mem {
		via = "mem"
	}
	return fmt.Sprintf("case=%s/unknown=%d/via=%s", kind, unknown, via)
}

// BenchmarkDecoderPaired gives the time ratios of the decoder's targets
// (see BenchmarkPaired for the method): every client once per iteration,
// in turn, the ratios to the one-buffer baseline from the same seconds.
func BenchmarkDecoderPaired(b *testing.B) {
	for _, c := range decoderCases {
		b.Run(decoderCaseName(c.kind, c.unknown, c.mem), func(b *testing.B) {
			s := newPayloadServer(b, c.unknown)
			var rt http.RoundTripper
			if c.mem {
				rt = memTransport{s}
			}
			paired(b, decoderCalls(b, c.kind, s, rt))
		})
	}
}

// BenchmarkDecoder gives the allocations of each client of each case, one
// sub-benchmark per client.
func BenchmarkDecoder(b *testing.B) {
	for _, c := range decoderCases {
		s := newPayloadServer(b, c.unknown)
		var rt http.RoundTripper
		if c.mem {
			rt = memTransport{s}
		}
		for _, cl := range decoderCalls(b, c.kind, s, rt) {
			b.Run(decoderCaseName(c.kind, c.unknown, c.mem)+"/client="+cl.Client, func(b *testing.B) {
				for b.Loop() {
					if err := cl.Do(b.Context()); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestDecoderPayloads checks that every client of every case reads its
// payload, so that the benchmarks measure what they say.
func TestDecoderPayloads(t *testing.T) {
	for _, c := range decoderCases {
		s := newPayloadServer(t, c.unknown)
		var rt http.RoundTripper
		if c.mem {
			rt = memTransport{s}
		}
		for _, cl := range decoderCalls(t, c.kind, s, rt) {
			if err := cl.Do(t.Context()); err != nil {
				t.Errorf("%s, %s: %v", decoderCaseName(c.kind, c.unknown, c.mem), cl.Client, err)
			}
		}
	}
}
