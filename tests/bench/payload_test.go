package bench

import (
	"regexp"

	"github.com/leadfox-go/leadfox/tests/bench/benchkit"
)

// The payloads are those of package payload: contacts with 0, 4 or 20
// members the spec does not name (4 unless said otherwise).

const pageSize = 100

// contactPrefix is the prefix of every contact's ObjectID.
const contactPrefix = benchkit.ContactPrefix

// contactID is the contact that GET /v1/contact/{id} benchmarks read.
var contactID = string(benchkit.AppendObjectID(nil, contactPrefix, 7))

// appendContact appends contact i as the API sends it, with 4 unknown
// members.
func appendContact(b []byte, i int) []byte {
	return benchkit.AppendContact(b, i, 4)
}

// appendContactU appends contact i with unknown unknown members: 0, 4 or
// 20.
func appendContactU(b []byte, i, unknown int) []byte {
	return benchkit.AppendContact(b, i, unknown)
}

// appendPage appends the JSON array of contacts from, from+1, ... up to
// to, excluded.
func appendPage(b []byte, from, to int) []byte {
	return benchkit.AppendPage(b, from, to, 4)
}

// appendPageU is appendPage with unknown unknown members per contact.
func appendPageU(b []byte, from, to, unknown int) []byte {
	return benchkit.AppendPage(b, from, to, unknown)
}

// unknownMembers matches the members of a contact that the spec does not
// name.
var unknownMembers = regexp.MustCompile(`,"score":[0-9]+,"source":"import","tags":\["vip","newsletter"\],"__v":3`)

// withoutUnknown returns the payload b without the members the spec does
// not name.
func withoutUnknown(b []byte) []byte {
	return unknownMembers.ReplaceAll(b, nil)
}
