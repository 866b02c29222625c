package auth

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// maxExp is the last second of year 9999, the latest exp accepted: beyond
// it a date no longer round-trips through time.Time's text formats.
const maxExp = 253402300799

var (
	errPayloadBase64 = errors.New("auth: jwt payload is not base64url")
	errPayloadJSON   = errors.New("auth: jwt payload is not a JSON object")
	errExpNotNumber  = errors.New("auth: jwt exp claim is not a number")
	errExpRange      = errors.New("auth: jwt exp claim is out of range")
)

// claims returns the times in the exp and iat claims of jwt, each zero
// for an opaque token or a JWT without it. See ParseToken for what is
// accepted. An iat that is not a valid NumericDate is ignored: it only
// refines how long the token lives.
func claims(jwt string) (exp, iat time.Time, err error) {
	switch parts := strings.Count(jwt, ".") + 1; parts {
	case 1:
		return time.Time{}, time.Time{}, nil
	case 3:
	default:
		return time.Time{}, time.Time{}, fmt.Errorf("auth: jwt has %d dot-separated parts, want 3", parts)
	}
	_, rest, _ := strings.Cut(jwt, ".")
	payload, _, _ := strings.Cut(rest, ".")
	// RFC 7515 forbids padding; tolerate it rather than fail on a server
	// that adds it.
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(payload, "="))
	if err != nil {
		return time.Time{}, time.Time{}, errPayloadBase64
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil || fields == nil {
		return time.Time{}, time.Time{}, errPayloadJSON
	}
	if raw, ok := fields["iat"]; ok {
		iat, _ = numericDate(raw)
	}
	raw, ok := fields["exp"]
	if !ok {
		return time.Time{}, iat, nil
	}
	exp, err = numericDate(raw)
	return exp, iat, err
}

// numericDate converts a JSON NumericDate (RFC 7519: seconds since 1970,
// possibly fractional) to a time. It reads integers exactly and other
// numbers to the precision of a float64.
func numericDate(raw json.RawMessage) (time.Time, error) {
	s := string(raw)
	if sec, err := strconv.ParseInt(s, 10, 64); err == nil {
		if sec < 0 || sec > maxExp {
			return time.Time{}, errExpRange
		}
		return time.Unix(sec, 0).UTC(), nil
	}
	// raw is valid JSON, so ParseFloat accepts exactly the JSON numbers.
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return time.Time{}, errExpNotNumber
	}
	if err != nil || f < 0 || f > maxExp {
		return time.Time{}, errExpRange
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
}
