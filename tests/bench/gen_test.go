package bench

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/leadfox-go/leadfox/facade"
)

// gen makes random JSON for the decoding tests: objects shaped like a
// generated type, with values of the right type most of the time, unknown
// members, and strings, keys and white space that a scanner can trip on.
type gen struct {
	r *rand.Rand
}

func newGen(seed uint64) *gen {
	return &gen{r: rand.New(rand.NewPCG(seed, seed))}
}

var (
	timeType          = reflect.TypeFor[time.Time]()
	rawJSONType       = reflect.TypeFor[json.RawMessage]()
	propertyValueType = reflect.TypeFor[facade.PropertyValue]()
)

// object returns a JSON object for the struct type t: some of its
// properties, some unknown members, in a random order.
func (g *gen) object(t reflect.Type, depth int) []byte {
	var members [][]byte
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || name == "" || g.r.IntN(4) == 0 {
			continue
		}
		members = append(members, g.member(strconv.Quote(name), g.value(f.Type, depth+1)))
	}
	for range g.r.IntN(4) {
		members = append(members, g.member(g.key(t), g.any(depth+1)))
	}
	g.r.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
	return g.wrap('{', members, '}')
}

func (g *gen) member(key string, value []byte) []byte {
	return append(append([]byte(key+g.space()+":"+g.space()), value...), g.space()...)
}

func (g *gen) wrap(open byte, items [][]byte, end byte) []byte {
	b := append([]byte(g.space()), open)
	for i, item := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(append(b, g.space()...), item...)
	}
	return append(append(b, end), g.space()...)
}

// space is mostly nothing.
func (g *gen) space() string {
	return []string{"", "", "", "", " ", "\n\t", "\r\n  "}[g.r.IntN(7)]
}

// key returns an unknown key, quoted: plain, escaped, in another case than
// a property of t, or not UTF-8.
func (g *gen) key(t reflect.Type) string {
	switch g.r.IntN(8) {
	case 0:
		name, _, _ := strings.Cut(t.Field(g.r.IntN(t.NumField())).Tag.Get("json"), ",")
		return strconv.Quote(strings.ToUpper(name))
	case 1:
		return `"k\u00e9y"`
	case 2:
		return `"q\"uote}"`
	case 3:
		return "\"bad\xffutf8\""
	case 4:
		name, _, _ := strings.Cut(t.Field(0).Tag.Get("json"), ",")
		return strconv.Quote(name) // a property again
	}
	return strconv.Quote([]string{"score", "__v", "tags", "source", "é", "x"}[g.r.IntN(6)])
}

// value returns a JSON value for a field of type t, now and then null or
// of another type.
func (g *gen) value(t reflect.Type, depth int) []byte {
	switch g.r.IntN(20) {
	case 0:
		return []byte("null")
	case 1:
		return g.any(depth)
	}
	switch t {
	case timeType:
		return g.time()
	case rawJSONType:
		return g.any(depth)
	case propertyValueType:
		if g.r.IntN(4) == 0 {
			return g.any(depth)
		}
		return g.str()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return g.value(t.Elem(), depth)
	case reflect.String:
		return g.str()
	case reflect.Bool:
		return []byte(strconv.FormatBool(g.r.IntN(2) == 0))
	case reflect.Int, reflect.Int64, reflect.Int32:
		return g.number()
	case reflect.Slice:
		items := make([][]byte, g.r.IntN(3))
		for i := range items {
			items[i] = g.value(t.Elem(), depth+1)
		}
		return g.wrap('[', items, ']')
	case reflect.Map:
		items := make([][]byte, g.r.IntN(4))
		for i := range items {
			items[i] = g.member(g.str2key(), g.value(t.Elem(), depth+1))
		}
		return g.wrap('{', items, '}')
	case reflect.Struct:
		if t.NumField() == 1 { // a union: any object
			return g.anyObject(depth)
		}
		return g.object(t, depth)
	}
	return g.any(depth)
}

func (g *gen) str2key() string {
	return string(g.str())
}

// str returns a JSON string.
func (g *gen) str() []byte {
	return []byte([]string{
		`""`, `"plain"`, `"Jane Doe"`, `"Montréal"`, `"with \"quotes\" inside"`,
		`"brackets } ] { [ , : inside"`, `"\u00e9t\u00e9"`, `"\ud83d\ude00"`, `"\ud800"`,
		`"tab\there"`, "\"raw\xffbyte\"", `"back\\slash\\"`, `"<b>&amp;</b>"`, `"opt-in"`, `"GRANTED"`,
	}[g.r.IntN(15)])
}

// number returns a JSON number, integer most of the time.
func (g *gen) number() []byte {
	return []byte([]string{
		"0", "-0", "7", "42", "-3", "1.5", "1e2", "1E+2", "-2.5e-3", "9223372036854775807",
		"9223372036854775808", "1e400", "123456789012345678901234567890",
	}[g.r.IntN(13)])
}

// time returns a JSON date-time, valid most of the time.
func (g *gen) time() []byte {
	return []byte([]string{
		`"2025-03-14T09:26:53.589Z"`, `"2025-03-14T09:26:53Z"`, `"2025-03-14T09:26:53+02:00"`,
		`"2025-03-14T09:26:53.123456789-05:30"`, `"2025-03-14"`, `"0000-01-01T00:00:00Z"`,
		`"9999-12-31T23:59:59.999999999Z"`, `"2025-13-40T99:99:99Z"`, `"\u0032025-03-14T09:26:53Z"`,
	}[g.r.IntN(9)])
}

// any returns any JSON value, nested at most a few levels.
func (g *gen) any(depth int) []byte {
	n := 6
	if depth < 4 {
		n = 8
	}
	switch g.r.IntN(n) {
	case 0:
		return []byte("null")
	case 1:
		return []byte(strconv.FormatBool(g.r.IntN(2) == 0))
	case 2, 3:
		return g.number()
	case 4, 5:
		return g.str()
	case 6:
		items := make([][]byte, g.r.IntN(4))
		for i := range items {
			items[i] = g.any(depth + 1)
		}
		return g.wrap('[', items, ']')
	}
	return g.anyObject(depth)
}

func (g *gen) anyObject(depth int) []byte {
	items := make([][]byte, g.r.IntN(4))
	for i := range items {
		items[i] = g.member(g.str2key(), g.any(depth+1))
	}
	return g.wrap('{', items, '}')
}

// damage returns b with one byte removed, doubled or replaced by a JSON
// delimiter.
func (g *gen) damage(b []byte) []byte {
	if len(b) == 0 {
		return b
	}
	i := g.r.IntN(len(b))
	out := append([]byte(nil), b[:i]...)
	switch g.r.IntN(3) {
	case 0:
	case 1:
		out = append(out, b[i], b[i])
	default:
		out = append(out, `{}[],:"\`[g.r.IntN(8)])
	}
	return append(out, b[i+1:]...)
}
