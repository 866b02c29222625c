package query_test

import (
	"errors"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/query"
)

// Plain inputs that Render must accept, and characters that must make it
// refuse, stated independently of the package's own checks.
var (
	plainPath  = regexp.MustCompile(`^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$`)
	plainValue = regexp.MustCompile(`^[A-Za-z0-9_@.]([A-Za-z0-9_@. -]*[A-Za-z0-9_@.])?$`)
)

// FuzzFilterRoundTrip builds a filter from arbitrary inputs with every
// constructor and value type, and checks that a filter that renders has
// exactly as many conditions as were built and parses back to itself, and
// that ',' or '|' in a value can never render.
func FuzzFilterRoundTrip(f *testing.F) {
	// Plain inputs, then one bad input per seed, so that each check alone
	// decides whether the filter renders.
	const day = int64(1566656122000) // 2019-08-24T14:15:22Z
	f.Add("name", uint8(0), "Test List", "test list", int64(-3), uint64(7), 2.5, true, day)
	f.Add("properties.ville", uint8(5), "Montréal", "x = y exists", int64(math.MinInt64), uint64(math.MaxUint64), 1e21, false, int64(0))
	f.Add("lists.list", uint8(1), "5f0c", "-1", int64(math.MaxInt64), uint64(0), math.Copysign(0, -1), true, int64(253402300799999))
	f.Add("properties.company", uint8(2), "a,b", "c", int64(0), uint64(0), 0.0, false, day)
	f.Add("name", uint8(3), "x", "y|z", int64(1), uint64(1), 1.0, true, day)
	f.Add("first name", uint8(4), "x", "y", int64(1), uint64(1), 1.0, true, day)
	f.Add("a=b", uint8(0), "x", "y", int64(1), uint64(1), 1.0, true, day)
	f.Add("", uint8(0), "x", "y", int64(1), uint64(1), 1.0, true, day)
	f.Add("-created", uint8(0), "x", "y", int64(1), uint64(1), 1.0, true, day)
	f.Add("a..b", uint8(0), "x", "y", int64(1), uint64(1), 1.0, true, day)
	f.Add("name", uint8(0), "", "y", int64(1), uint64(1), 1.0, true, day)
	f.Add("name", uint8(0), "x ", "y", int64(1), uint64(1), 1.0, true, day)
	f.Add("name", uint8(0), "x", "a\nb", int64(1), uint64(1), 1.0, true, day)
	f.Add("name", uint8(0), "x", "y", int64(1), uint64(1), math.NaN(), true, day)
	f.Add("name", uint8(0), "x", "y", int64(1), uint64(1), math.Inf(-1), true, day)
	f.Add("name", uint8(0), "x", "y", int64(1), uint64(1), 1.0, true, int64(253402300800000))
	f.Add("name", uint8(0), "x", "y", int64(1), uint64(1), 1.0, true, int64(-62167219200001))
	f.Fuzz(func(t *testing.T, path string, op uint8, s1, s2 string, i int64, u uint64, fl float64, b bool, ms int64) {
		ops := []func(string, string, ...string) query.Condition{
			query.Eq[string], query.Ne[string], query.Gt[string], query.Ge[string], query.Lt[string], query.Le[string],
		}
		at := time.UnixMilli(ms)
		conds := []query.Condition{
			ops[int(op)%len(ops)](path, s1, s2),
			query.In(path, s2, s1),
			query.Gt(path+".n", i),
			query.Le("u", u),
			query.Eq(path, fl, -fl),
			query.Exists(path, b),
			query.Ge("created", at),
		}
		filter := query.And(conds...)
		rendered, err := filter.Render()
		checkOracle(t, err, path, s1, s2, fl, at)
		if err != nil {
			return
		}
		if got := len(strings.Split(rendered, ",")); got != len(conds) {
			t.Fatalf("Render() = %q: %d conditions, want %d", rendered, got, len(conds))
		}
		parsed, err := query.ParseFilter(rendered)
		if err != nil {
			t.Fatalf("ParseFilter(%q) error = %v", rendered, err)
		}
		if !parsed.Equal(filter) {
			t.Fatalf("ParseFilter(%q) = %v, want %v", rendered, parsed.Conditions(), conds)
		}
	})
}

// checkOracle fails t if Render's verdict err contradicts what the inputs
// alone say: plain inputs must render, and ',' or '|' in a value, an empty
// value, an empty path or one with a reserved character, a non-finite
// float or a year outside 0000-9999 must not.
func checkOracle(t *testing.T, err error, path, s1, s2 string, fl float64, at time.Time) {
	t.Helper()
	var qerr *query.Error
	if err != nil && !errors.As(err, &qerr) {
		t.Fatalf("Render() error = %v, want an *Error", err)
	}
	year := at.UTC().Year()
	plain := plainPath.MatchString(path) && plainValue.MatchString(s1) && plainValue.MatchString(s2) &&
		!math.IsNaN(fl) && !math.IsInf(fl, 0) && year >= 0 && year <= 9999
	bad := strings.ContainsAny(s1+s2, ",|") || s1 == "" || s2 == "" ||
		strings.ContainsAny(path, ",| =!<>") || path == "" ||
		math.IsNaN(fl) || math.IsInf(fl, 0) || year < 0 || year > 9999
	switch {
	case plain && err != nil:
		t.Fatalf("Render() error = %v for plain inputs", err)
	case bad && err == nil:
		t.Fatalf("Render() accepted path %q, values %q, %q, %v", path, s1, s2, fl)
	}
}

// FuzzParseFilter checks that ParseFilter never panics, and that whatever
// it accepts renders back to the same string, which parses to the same
// filter.
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{
		"", "name = Test List,deleted = false", "properties.firstname = John|john",
		"email exists true", "a != 1,b > 2,c >= 3,d < 4,e <= 5", "a = 1,,b = 2", "a=1", "a  = 1",
		"a = 1|", "a = x ", "email exists yes", "-a = 1", "a..b = 1", "name = a = b", " = ",
		"created >= 2019-08-24T14:15:22.000Z", "a = \xff", "a = \u00a0x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		filter, err := query.ParseFilter(s)
		if err != nil {
			var qerr *query.Error
			if !errors.As(err, &qerr) {
				t.Fatalf("ParseFilter(%q) error = %v, want an *Error", s, err)
			}
			return
		}
		rendered, err := filter.Render()
		if err != nil || rendered != s {
			t.Fatalf("Render() of ParseFilter(%q) = %q, %v; want the input back", s, rendered, err)
		}
		if s != "" && filter.Len() != strings.Count(s, ",")+1 {
			t.Fatalf("ParseFilter(%q) has %d conditions, want %d", s, filter.Len(), strings.Count(s, ",")+1)
		}
		again, err := query.ParseFilter(rendered)
		if err != nil || !again.Equal(filter) {
			t.Fatalf("ParseFilter(Render()) = %v, %v; want %v", again.Conditions(), err, filter.Conditions())
		}
	})
}

// FuzzParseSort checks that whatever ParseSort accepts renders back to
// itself.
func FuzzParseSort(f *testing.F) {
	for _, s := range []string{"", "-created,name", "a,,b", "-", "--a", "a,-a", "a b", "a."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sort, err := query.ParseSort(s)
		if err != nil {
			return
		}
		if rendered, err := sort.Render(); err != nil || rendered != s {
			t.Fatalf("Render() of ParseSort(%q) = %q, %v; want the input back", s, rendered, err)
		}
	})
}

// FuzzParseFields checks that whatever ParseFields accepts renders back to
// itself.
func FuzzParseFields(f *testing.F) {
	for _, s := range []string{"", "name,description", "a,,b", "-a", "a,a", "a|b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fields, err := query.ParseFields(s)
		if err != nil {
			return
		}
		if rendered, err := fields.Render(); err != nil || rendered != s {
			t.Fatalf("Render() of ParseFields(%q) = %q, %v; want the input back", s, rendered, err)
		}
	})
}
