// Package benchkit is what the benchmarks of tests/bench and of the bench
// module share: their payloads, the baseline's plain types and the paired
// measurement (see Paired). The payloads are contacts with the shape of a
// real Leadfox contact
// (Contact in openapi.yaml), written as the API's Node.js server writes
// JSON: ten custom properties, two lists, two mailing lists, both
// consents, and 0, 4 or 20 members the spec does not name, which the SDK
// must keep (the 20 include nested objects and numbers no float64
// holds).
package benchkit

import (
	"strconv"

	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// OwnerID is the _owner of every contact.
const OwnerID = "5f0c8a3b9d1e2a0012340000"

// Prefixes of the ObjectIDs of each kind: 12 hex digits, then 12 of the
// index.
const (
	ContactPrefix     = "5f0c8a3b9d1e"
	ListPrefix        = "5f0c8a3b9d2e"
	MailingListPrefix = "5f0c8a3b9d3e"
)

// AppendContact appends contact i as the API sends it, with unknown
// members the spec does not name: 0, 4 or 20.
func AppendContact(b []byte, i, unknown int) []byte {
	b = append(b, `{"_id":"`...)
	b = AppendObjectID(b, ContactPrefix, i)
	b = append(b, `","_owner":"`+OwnerID+`","email":"contact.`...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, `@example.com","name":"Jane Doe `...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, `","properties":{"email":"contact.`...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, `@example.com","firstname":"Jane","lastname":"Doe `...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, `","phone":"+1 514 555 `...)
	b = strconv.AppendInt(b, int64(1000+i%9000), 10)
	b = append(b, `","gender":"f","company":"Acme `...)
	b = strconv.AppendInt(b, int64(i%97), 10)
	b = append(b, `","city":"Montréal","plan":"premium","country":"CA","language":"fr"},"subscribed":true,"created":"2025-03-`...)
	b = appendDay(b, i)
	b = append(b, `T09:26:53.589Z","lifecycle":"lead","lists":[`...)
	b = appendMembership(b, i%10, i)
	b = append(b, ',')
	b = appendMembership(b, 10+i%7, i+1)
	b = append(b, `],"mailinglists":[`...)
	b = appendMailingList(b, 1, "opt-in", i)
	b = append(b, ',')
	b = appendMailingList(b, 2, "opt-out", i+3)
	b = append(b, `],"sessionTrackingConsent":{"status":"GRANTED","updated":"2025-04-`...)
	b = appendDay(b, i+5)
	b = append(b, `T11:02:17.004Z"},"emailTrackingConsent":{"status":"DENIED","updated":"2025-04-`...)
	b = appendDay(b, i+6)
	b = append(b, `T11:02:17.004Z"}`...)
	if unknown >= 4 {
		b = append(b, `,"score":`...)
		b = strconv.AppendInt(b, int64(i%100), 10)
		b = append(b, `,"source":"import","tags":["vip","newsletter"],"__v":3`...)
	}
	if unknown >= 20 {
		b = append(b, `,"big":9223372036854775809,"ratio":0.1234567890123456789012345678901234567890,`+
			`"utm":{"source":"newsletter","medium":"email","campaign":"spring-2025"},`+
			`"address":{"street":"1 rue Sainte-Catherine","city":"Montréal","geo":{"lat":45.5017,"lng":-73.5673}},`+
			`"lastSeen":"2025-06-01T10:00:00.000Z","visits":`...)
		b = strconv.AppendInt(b, int64(i%1000), 10)
		b = append(b, `,"optins":[{"list":"news","at":"2025-01-02T03:04:05Z"}],"flags":[true,false],"note":null,`+
			`"rank":1e21,"extId":"crm-`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `","ownerName":"Sales Team","region":"QC","segments":["a","b","c"],"deleted":false,`+
			`"hash":"9f86d081884c7d659a2feaa0c55ad015"`...)
	}
	return append(b, '}')
}

func appendMembership(b []byte, list, day int) []byte {
	b = append(b, `{"list":"`...)
	b = AppendObjectID(b, ListPrefix, list)
	b = append(b, `","time":"2025-05-`...)
	b = appendDay(b, day)
	return append(b, `T08:00:00Z"}`...)
}

func appendMailingList(b []byte, ml int, status string, day int) []byte {
	b = append(b, `{"mailinglist":"`...)
	b = AppendObjectID(b, MailingListPrefix, ml)
	b = append(b, `","status":"`...)
	b = append(b, status...)
	b = append(b, `","updated":"2025-06-`...)
	b = appendDay(b, day)
	return append(b, `T15:45:00.120Z"}`...)
}

// AppendObjectID appends the 24 hex digits of prefix and i.
func AppendObjectID(b []byte, prefix string, i int) []byte {
	b = append(b, prefix...)
	const digits = 12
	var hex [digits]byte
	for k := digits - 1; k >= 0; k-- {
		hex[k] = "0123456789abcdef"[i&0xf]
		i >>= 4
	}
	return append(b, hex[:]...)
}

// appendDay appends a day of the month, 01 to 28.
func appendDay(b []byte, i int) []byte {
	d := i%28 + 1
	return append(b, byte('0'+d/10), byte('0'+d%10))
}

// AppendPage appends the JSON array of contacts from, from+1, ... up to
// to, excluded, each with unknown members the spec does not name.
func AppendPage(b []byte, from, to, unknown int) []byte {
	b = append(b, '[')
	for i := from; i < to; i++ {
		if i > from {
			b = append(b, ',')
		}
		b = AppendContact(b, i, unknown)
	}
	return append(b, ']')
}

// JWT is the token the benchmarks' servers issue: any JWT will do, and
// this one expires in 2100, so that a client never needs another.
var JWT = testsupport.JWTPayload(`{"sub":"bench","exp":4102444800}`)
