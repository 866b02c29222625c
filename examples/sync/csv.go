package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"

	"github.com/leadfox-go/leadfox/facade"
)

// generatedCSV is a CSV of n made-up contacts, produced as it is read:
// a header, then one line per contact.
type generatedCSV struct {
	n, next int // rows, and the next row to produce (-1: the header)
	buf     []byte
}

func newGeneratedCSV(n int) *generatedCSV { return &generatedCSV{n: n, next: -1} }

func (g *generatedCSV) Read(p []byte) (int, error) {
	for len(g.buf) == 0 {
		switch {
		case g.next == -1:
			g.buf = append(g.buf, "email,firstname,city\n"...)
		case g.next < g.n:
			g.buf = fmt.Appendf(g.buf, "contact%07d@example.com,Name %d,City %d\n", g.next, g.next, g.next%97)
		default:
			return 0, io.EOF
		}
		g.next++
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}

// csvRows reads contacts from a CSV whose header names an email column
// and property columns. Its error, if any, ends the rows.
type csvRows struct {
	r   *csv.Reader
	err error
}

func newCSVRows(r io.Reader) *csvRows {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	return &csvRows{r: cr}
}

// All yields one contact per line after the header. A read error ends it
// and is kept for Err.
func (c *csvRows) All() iter.Seq[*facade.ContactCreate] {
	return func(yield func(*facade.ContactCreate) bool) {
		header, err := c.r.Read()
		if err != nil {
			c.err = fmt.Errorf("header: %w", err)
			return
		}
		header = slices.Clone(header)
		email := slices.Index(header, "email")
		if email < 0 {
			c.err = errNoEmail
			return
		}
		for {
			rec, err := c.r.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				c.err = err
				return
			}
			if !yield(contactOf(header, email, rec)) {
				return
			}
		}
	}
}

// Err returns the error that ended All early, or nil.
func (c *csvRows) Err() error { return c.err }

// contactOf returns the contact of one record: the email column, and
// every other non-empty column as a property.
func contactOf(header []string, email int, rec []string) *facade.ContactCreate {
	contact := &facade.ContactCreate{Email: rec[email]}
	for i, v := range rec {
		if i == email || v == "" {
			continue
		}
		if contact.Properties == nil {
			contact.Properties = make(facade.ContactProperties, len(rec)-1)
		}
		contact.Properties[header[i]] = v
	}
	return contact
}

// itoa formats n with thousands separators.
func itoa(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
