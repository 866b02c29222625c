package bench

import "testing"

// FuzzDecode decodes any input into every type whose UnmarshalJSON the
// template writes (every resource: Auth, Campaign, Contact, Email,
// Folder, List, MailingList, Metrics, Property; and the objects nested in
// them). Decoding never panics, gives the value and the error-or-not of
// the map-based decoding, and a value that decodes encodes and decodes
// again to an equal value, unknown fields included. The seeds are inputs
// that could trip a one-pass decoder.
func FuzzDecode(f *testing.F) {
	for _, seed := range trickyPayloads {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, d := range decoders {
			if diff := d.same(b); diff != "" {
				t.Errorf("%s from %q: generated and map-based decoding differ (-map +generated):\n%s", d.typ.Name(), b, diff)
			}
			if diff := d.roundTrip(b); diff != "" {
				t.Errorf("%s from %q: re-encoded value differs (-first +second):\n%s", d.typ.Name(), b, diff)
			}
		}
	})
}
