package testsupport

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
)

// LogRecorder is a slog.Handler that keeps every record it is given, at
// every level, for a test to read back. The handlers that WithAttrs and
// WithGroup derive from it keep their records in it too, with their attrs
// ahead of the record's and each key prefixed by the groups opened before
// it ("group.key"), as slog's TextHandler writes them; a record's own
// group attrs are flattened the same way. Values are resolved first, as a
// real handler would, and empty attrs dropped.
//
// A LogRecorder is safe for concurrent use. The zero value is ready to
// use; set OnRecord before its first record.
type LogRecorder struct {
	// OnRecord, if not nil, is called with each record's text (see
	// Record.String) once it is kept, outside the recorder's lock: a suite
	// hands it every log line to scan for secrets.
	OnRecord func(line string)

	mu      sync.Mutex
	records []Record

	root   *LogRecorder // where a derived handler keeps its records; nil on the root
	attrs  []slog.Attr  // from WithAttrs, flattened and prefixed
	prefix string       // from WithGroup: "a.b."
}

// Record is one record as a LogRecorder keeps it.
type Record struct {
	Time    time.Time
	Level   slog.Level
	Message string
	// Attrs are the handler's attrs then the record's, flattened: a key
	// holds its groups' names ("group.key"), a value is resolved.
	Attrs []slog.Attr
}

// String returns r as one line: its level, its message, then key=value
// for each attr, separated by spaces.
func (r Record) String() string {
	var b strings.Builder
	b.WriteString(r.Level.String() + " " + r.Message)
	for _, a := range r.Attrs {
		b.WriteString(" " + a.Key + "=" + a.Value.String())
	}
	return b.String()
}

// Enabled reports true: a LogRecorder keeps every level.
func (*LogRecorder) Enabled(context.Context, slog.Level) bool { return true }

// Handle keeps r and runs OnRecord. It never fails.
func (h *LogRecorder) Handle(_ context.Context, r slog.Record) error {
	rec := Record{Time: r.Time, Level: r.Level, Message: r.Message, Attrs: slices.Clone(h.attrs)}
	r.Attrs(func(a slog.Attr) bool {
		rec.Attrs = flatten(rec.Attrs, h.prefix, a)
		return true
	})
	root := h.base()
	root.mu.Lock()
	root.records = append(root.records, rec)
	hook := root.OnRecord
	root.mu.Unlock()
	if hook != nil {
		hook(rec.String())
	}
	return nil
}

// WithAttrs returns a handler that keeps its records in h's recorder with
// attrs added to each.
func (h *LogRecorder) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	out := slices.Clone(h.attrs)
	for _, a := range attrs {
		out = flatten(out, h.prefix, a)
	}
	return &LogRecorder{root: h.base(), attrs: out, prefix: h.prefix}
}

// WithGroup returns a handler that keeps its records in h's recorder with
// the keys of later attrs prefixed by name. An empty name returns h.
func (h *LogRecorder) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	return &LogRecorder{root: h.base(), attrs: slices.Clone(h.attrs), prefix: h.prefix + name + "."}
}

// base returns the recorder that keeps h's records.
func (h *LogRecorder) base() *LogRecorder {
	if h.root != nil {
		return h.root
	}
	return h
}

// flatten appends a to dst, resolved, its key prefixed; a group's attrs
// are appended one by one, under the group's name.
func flatten(dst []slog.Attr, prefix string, a slog.Attr) []slog.Attr {
	a.Value = a.Value.Resolve()
	if a.Equal(slog.Attr{}) {
		return dst
	}
	if a.Value.Kind() == slog.KindGroup {
		if a.Key != "" {
			prefix += a.Key + "."
		}
		for _, g := range a.Value.Group() {
			dst = flatten(dst, prefix, g)
		}
		return dst
	}
	a.Key = prefix + a.Key
	return append(dst, a)
}

// Records returns a copy of the records kept so far, in the order they
// were handled, those of derived handlers included.
func (h *LogRecorder) Records() []Record {
	root := h.base()
	root.mu.Lock()
	defer root.mu.Unlock()
	return slices.Clone(root.records)
}

// ByMessage returns the records whose message is msg, in order, each as
// a map of its attrs' keys to their values (slog.Value.Any) and of the
// key "level" to the name of its level.
func (h *LogRecorder) ByMessage(msg string) []map[string]any {
	var out []map[string]any
	for _, r := range h.Records() {
		if r.Message != msg {
			continue
		}
		m := map[string]any{"level": r.Level.String()}
		for _, a := range r.Attrs {
			m[a.Key] = a.Value.Any()
		}
		out = append(out, m)
	}
	return out
}

// Count returns the number of records whose text (Record.String) holds
// every one of parts.
func (h *LogRecorder) Count(parts ...string) int {
	n := 0
	for _, r := range h.Records() {
		line := r.String()
		if !slices.ContainsFunc(parts, func(p string) bool { return !strings.Contains(line, p) }) {
			n++
		}
	}
	return n
}

// CountMessages returns the number of records of level whose message
// holds substr.
func (h *LogRecorder) CountMessages(level slog.Level, substr string) int {
	n := 0
	for _, r := range h.Records() {
		if r.Level == level && strings.Contains(r.Message, substr) {
			n++
		}
	}
	return n
}

// Text returns the text of every record kept so far (Record.String), one
// a line: what a leak scan searches.
func (h *LogRecorder) Text() string {
	var b strings.Builder
	for _, r := range h.Records() {
		b.WriteString(r.String() + "\n")
	}
	return b.String()
}
