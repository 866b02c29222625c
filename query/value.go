package query

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"
)

// Scalar is the set of Go types a condition value may have: strings,
// bools, integers and floats, including named types such as
// `type Status string`, and [time.Time]. The package doc says how each is
// rendered.
type Scalar interface {
	~string | ~bool |
		~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 |
		~float32 | ~float64 |
		time.Time
}

// TimeLayout is the layout of a [time.Time] value: ISO-8601 in UTC with
// milliseconds, as the API stores dates (2019-08-24T14:15:22.000Z).
const TimeLayout = "2006-01-02T15:04:05.000Z"

// format returns the text of v as the API receives it. It does not check
// that text; checkValue does.
func format[V Scalar](v V) (string, error) {
	if t, ok := any(v).(time.Time); ok {
		return formatTime(t)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return rv.String(), nil
	case reflect.Bool:
		return strconv.FormatBool(rv.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		return formatFloat(rv.Float(), rv.Type().Bits())
	}
	panic(fmt.Sprintf("query: %T is not a Scalar", v)) // unreachable: Scalar allows no other kind
}

func formatFloat(f float64, bits int) (string, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", fmt.Errorf("value %v is not a finite number", f)
	}
	return strconv.FormatFloat(f, 'f', -1, bits), nil
}

func formatTime(t time.Time) (string, error) {
	t = t.UTC()
	if y := t.Year(); y < 0 || y > 9999 {
		return "", fmt.Errorf("time %v is outside the years 0000 to 9999", t)
	}
	return t.Format(TimeLayout), nil
}
