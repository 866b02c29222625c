package main

import (
	"errors"
	"strings"
	"testing"
)

// TestVerdictAgreesWithStatus checks that the last line and the exit
// status say the same, whatever the findings, and that a failure of the
// tool is neither a verdict nor status 1.
func TestVerdictAgreesWithStatus(t *testing.T) {
	tests := []struct {
		name   string
		build  func(r *report)
		err    error
		prefix string
		code   int
	}{
		{"nothing", func(*report) {}, nil, "\nnot breaking", exitNotBreaking},
		{"no change", func(r *report) { r.noChange = true }, nil, "\nno changes", exitNotBreaking},
		{"a finding without any operation", func(r *report) { r.breaking("wire fact", "the server changed") }, nil, "\nBREAKING", exitBreaking},
		{"a tool failure after a finding", func(r *report) { r.breaking("wire", "x") }, errors.New("oasdiff: exit status 1"), "\nspec-diff FAILED", exitFailed},
	}
	for _, tt := range tests {
		r := &report{}
		tt.build(r)
		line, code := r.verdict(tt.err)
		if !strings.HasPrefix(line, tt.prefix) || code != tt.code {
			t.Errorf("%s: verdict %q, status %d; want %q…, %d", tt.name, line, code, tt.prefix, tt.code)
		}
	}
}

func TestTallyCountsBySection(t *testing.T) {
	r := &report{}
	r.breaking("wire", "a")
	r.breaking("users", "b")
	r.breaking("wire", "c")
	if got, want := r.tally(), "wire 2, users 1"; got != want {
		t.Errorf("tally = %q, want %q", got, want)
	}
}

func TestIncompatibleReadsApidiffsList(t *testing.T) {
	out := "Incompatible changes:\n- Metrics.Sent: removed\n- Contact.Created: changed from *time.Time to *int\nCompatible changes:\n- Contact.Nickname: added\n"
	got := incompatible(out)
	if len(got) != 2 || got[0] != "Metrics.Sent: removed" {
		t.Errorf("incompatible = %q", got)
	}
}
