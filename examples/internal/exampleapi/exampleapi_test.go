package exampleapi

import (
	"strings"
	"testing"

	"github.com/leadfox-go/leadfox/facade"
)

func TestConnect(t *testing.T) {
	env := map[string]string{facade.EnvAPIKey: "test-key", facade.EnvSecret: "test-secret", facade.EnvBaseURL: "http://127.0.0.1:1"}
	c, where, closeFn, err := Connect(func(k string) string { return env[k] }, "test", "note")
	if err != nil || c == nil {
		t.Fatalf("Connect with credentials = %v, %v", c, err)
	}
	closeFn()
	if want := "http://127.0.0.1:1 (live)"; where != want {
		t.Errorf("where = %q, want %q", where, want)
	}

	c, where, closeFn, err = Connect(func(string) string { return "" }, "test", "note")
	if err != nil || c == nil {
		t.Fatalf("Connect without credentials = %v, %v", c, err)
	}
	defer closeFn()
	if !strings.Contains(where, " (embedded fake server, note; set ") {
		t.Errorf("where = %q, want the embedded fake server and the note", where)
	}
}
