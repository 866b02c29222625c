package facade

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDecodeJSONBuffered checks that a body the attempt layer buffered,
// which is decoded without a json.Decoder, gives the value and the error
// a streamed body gives.
func TestDecodeJSONBuffered(t *testing.T) {
	tests := []struct {
		name string
		body string
	}{
		{"object", `{"_id":"5f0c8a3b9d1e2a0012345678","email":"a@b.c","x":[1]}`},
		{"white space around", " \n{\"email\":\"a@b.c\"}\t\n"},
		{"empty", ``},
		{"white space only", " \n "},
		{"data after the value", `{"email":"a@b.c"} {}`},
		{"cut short", `{"email":"a@b`},
		{"not JSON", `<html>Maintenance</html>`},
		{"wrong type", `{"email":5}`},
		{"null", `null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want, got Contact
			wantErr := decodeJSONStream(io.NopCloser(bytes.NewReader([]byte(tt.body))), &want)
			buffered := []byte(tt.body)
			gotErr := decodeJSONBytes(buffered, &got)
			if errString(gotErr) != errString(wantErr) || errors.Is(gotErr, io.ErrUnexpectedEOF) != errors.Is(wantErr, io.ErrUnexpectedEOF) {
				t.Errorf("decodeJSON(buffered %q) = %v, want %v", tt.body, gotErr, wantErr)
			}
			if wantErr == nil {
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("decodeJSON(buffered %q) (-streamed +buffered):\n%s", tt.body, diff)
				}
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
