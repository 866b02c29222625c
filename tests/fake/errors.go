package fake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
)

// apiError is an error answer: an HTTP status and the message of its
// {"error": ...} body. Handlers return it; responseErrorHandler writes it.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func errorf(status int, format string, args ...any) error {
	return &apiError{status: status, msg: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) error {
	return errorf(http.StatusBadRequest, format, args...)
}

func notFound(k kind, id string) error {
	return errorf(http.StatusNotFound, "%s %s not found", k, id)
}

// writeError writes status with the JSON body {"error": msg}.
func writeError(w http.ResponseWriter, status int, msg string) {
	body, _ := json.Marshal(map[string]string{"error": msg})
	writeBody(w, status, "application/json", append(body, '\n'))
}

// writeBody writes a complete response with an exact Content-Length.
func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// badRequestHandler answers a request the generated code could not bind
// (a path or query parameter of the wrong type, a body that is not JSON
// of the right shape) with 400.
func badRequestHandler(w http.ResponseWriter, _ *http.Request, err error) {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		writeError(w, http.StatusRequestEntityTooLarge, err.Error())
		return
	}
	writeError(w, http.StatusBadRequest, err.Error())
}

// responseErrorHandler answers an error returned by an operation: its own
// status for an *apiError, 500 for anything else.
func responseErrorHandler(w http.ResponseWriter, _ *http.Request, err error) {
	if e, ok := errors.AsType[*apiError](err); ok {
		writeError(w, e.status, e.msg)
		return
	}
	writeError(w, http.StatusInternalServerError, err.Error())
}

// jsonMuxErrors serves mux, but answers its 404 (no such path) and 405
// (path exists, method does not) with a JSON body instead of plain text.
func jsonMuxErrors(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r) // not h: ServeHTTP also sets the path values
			return
		}
		rec := &bufferedResponse{header: make(http.Header)}
		h.ServeHTTP(rec, r)
		if allow := rec.header.Get("Allow"); allow != "" {
			w.Header().Set("Allow", allow)
		}
		writeError(w, rec.statusCode(), http.StatusText(rec.statusCode()))
	})
}

// bufferedResponse is an http.ResponseWriter that keeps the whole
// response in memory.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	return b.body.Write(p)
}

func (b *bufferedResponse) statusCode() int {
	if b.status == 0 {
		return http.StatusOK
	}
	return b.status
}
