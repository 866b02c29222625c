package fake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	leadfoxapi "github.com/leadfox-go/leadfox/api"
)

// WithValidation turns the check of every request against the effective
// spec ([github.com/leadfox-go/leadfox/api.Spec]) on or off; it is on by default. With it on, a request
// that no operation of the spec matches, or whose parameters or body the
// spec refuses (an enum value it does not list, a missing required field,
// a value of the wrong type or format, a field a closed schema does not
// allow), is answered 400 before any handler runs, with a JSON body that
// names the rule and the field:
//
//	{"error": "...", "rule": "enum", "field": "status", "in": "body"}
//
// and the request is logged with [Request.Invalid] set. Turn it off to
// see what the handlers do with what the spec forbids.
func WithValidation(on bool) Option {
	return func(c *config) { c.noValidation = !on }
}

// ValidationError is the body of the 400 answer to a request the spec
// refuses, and what [Request.Invalid] holds.
type ValidationError struct {
	// Message is the whole error, one line.
	Message string `json:"error"`
	// Rule is the rule of the spec the request broke: a JSON Schema
	// keyword such as "enum", "required", "type", "format" or
	// "additionalProperties", or "operation" for a method and path the
	// spec does not have, or "parameter" or "body" for a value that does
	// not decode.
	Rule string `json:"rule"`
	// Field names what broke it: a parameter's name, a body field's path
	// with dots ("mailinglist.statusFilter"), or "METHOD path" for an
	// unknown operation. It is empty for a body that is missing or not
	// JSON at all.
	Field string `json:"field"`
	// In is where the field is: "path", "query", "header", "body" or
	// "operation".
	In string `json:"in"`
}

// specRouter routes requests to the operations of the effective spec.
// It is built once: the document is shared and read-only.
var specRouter = sync.OnceValues(func() (routers.Router, error) {
	doc, err := openapi3.NewLoader().LoadFromData(leadfoxapi.Spec())
	if err != nil {
		return nil, fmt.Errorf("fake: load the effective spec: %w", err)
	}
	doc.Servers = nil // match the path on any host
	return legacy.NewRouter(doc)
})

// validate answers 400 to a request the effective spec refuses, and logs
// why; others go on to next.
func (s *Server) validate(next http.Handler) http.Handler {
	if s.cfg.noValidation {
		return next
	}
	router, err := specRouter()
	if err != nil {
		panic(err) // the embedded spec is part of the build
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxRequestBody))
		if err != nil {
			writeError(w, http.StatusRequestEntityTooLarge, "request body: "+err.Error())
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		if verr := checkRequest(router, r, body); verr != nil {
			s.log.markInvalid(r, verr)
			writeValidationError(w, verr)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// checkRequest returns why the spec refuses r, whose body is body, or nil.
func checkRequest(router routers.Router, r *http.Request, body []byte) *ValidationError {
	check := r.Clone(r.Context())
	check.Body, check.ContentLength = http.NoBody, 0
	if len(body) > 0 {
		check.Body, check.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	}
	route, params, err := router.FindRoute(check)
	if err != nil {
		op := r.Method + " " + r.URL.Path
		return &ValidationError{Message: fmt.Sprintf("no operation %s in the spec: %v", op, err),
			Rule: "operation", Field: op, In: "operation"}
	}
	in := &openapi3filter.RequestValidationInput{
		Request: check, PathParams: params, Route: route,
		Options: &openapi3filter.Options{
			SkipSettingDefaults:               true,
			RejectWhenRequestBodyNotSpecified: true,
			// The JWT is checked by the Server itself (401), not here.
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		},
	}
	if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
		return describe(route.Operation.OperationID, err)
	}
	return nil
}

// describe turns an openapi3filter error into a ValidationError with a
// one-line message.
func describe(op string, err error) *ValidationError {
	v := &ValidationError{}
	reason, _, _ := strings.Cut(err.Error(), "\n")
	var reqErr *openapi3filter.RequestError
	if errors.As(err, &reqErr) {
		switch {
		case reqErr.Parameter != nil:
			v.Rule, v.Field, v.In = "parameter", reqErr.Parameter.Name, reqErr.Parameter.In
		case reqErr.RequestBody != nil:
			v.Rule, v.In = "body", "body"
		}
		if reqErr.Reason != "" {
			reason = reqErr.Reason
		}
	}
	var schemaErr *openapi3.SchemaError
	if errors.As(err, &schemaErr) {
		v.Rule, reason = schemaErr.SchemaField, schemaErr.Reason
		if v.In == "body" || v.In == "" {
			v.In = "body"
			v.Field = strings.Join(schemaErr.JSONPointer(), ".")
		}
	}
	switch {
	case v.Field != "":
		v.Message = fmt.Sprintf("%s: %s %s: %s (rule %s)", op, v.In, v.Field, reason, v.Rule)
	default:
		v.Message = fmt.Sprintf("%s: %s: %s", op, v.In, reason)
	}
	return v
}

func writeValidationError(w http.ResponseWriter, v *ValidationError) {
	body, _ := json.Marshal(v)
	writeBody(w, http.StatusBadRequest, "application/json", append(body, '\n'))
}

// InvalidRequests returns the logged requests that the spec refused, in
// arrival order.
func (s *Server) InvalidRequests() []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Invalid != nil {
			out = append(out, r)
		}
	}
	return out
}

// CheckValid fails t for each logged request that the spec refused,
// naming the request and the rule it broke. Call it at the end of a test
// (or register it with t.Cleanup) to assert that the code under test
// sends only what the spec allows. It reads the log as it is; see
// [Server.ResetRequests] to start a test from an empty one.
func (s *Server) CheckValid(t testing.TB) {
	t.Helper()
	for _, r := range s.InvalidRequests() {
		t.Errorf("fake: invalid request %s %s: %s", r.Method, r.Path, r.Invalid.Message)
	}
}
