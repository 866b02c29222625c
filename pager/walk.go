package pager

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
)

// walk is the position of one pass over a collection: how the next fetch
// asks for its page, how many items the cap still allows, and whether the
// pass is over.
type walk[T any] struct {
	p      *Pager[T]
	keyset bool   // the requests are keyset requests
	sorted bool   // keys must increase over the walk: keyset, or skip/limit after a fallback
	after  string // the key of the last item passed, in a sorted walk
	skip   int    // the items consumed, Options.Offset included: the skip of a skip/limit request
	left   int    // items the cap still allows; -1 if there is no cap
	done   bool
	err    error               // ends the walk for good: its position cannot be represented
	prev   map[string]struct{} // keys of the previous page, in an unsorted skip/limit walk
}

// batch is a page as the walk hands it on: the good items and the item
// errors, each error placed after the good items that precede it.
type batch[T any] struct {
	items []T
	errs  []*ItemError
	at    []int // at[k] is the number of items before errs[k]
}

// err returns the item errors joined, or nil.
func (b batch[T]) err() error {
	if len(b.errs) == 0 {
		return nil
	}
	errs := make([]error, len(b.errs))
	for i, e := range b.errs {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// slot is one item of a page, good (item is its index in [Page.Items]) or
// not (err), with its key.
type slot struct {
	item int
	err  *ItemError
	key  string
}

// limit is the limit of the next fetch: the page size, or less when the cap
// needs fewer items.
func (w *walk[T]) limit() int {
	if w.left >= 0 && w.left < w.p.opts.PageSize {
		return w.left
	}
	return w.p.opts.PageSize
}

func (w *walk[T]) request() Request {
	r := Request{Limit: w.limit(), Sorted: w.sorted}
	if w.keyset {
		r.Keyset, r.After = true, w.after
	} else {
		r.Skip = w.skip
	}
	return r
}

// next fetches the next page. It returns Done, without fetching, once the
// pass is over, and ctx.Err() if ctx is done. On any other error the
// position is unchanged, so a later call fetches the same page again.
// A batch is never empty.
func (w *walk[T]) next(ctx context.Context) (batch[T], error) {
	switch {
	case ctx == nil:
		return batch[T]{}, errNilContext
	case w.err != nil:
		return batch[T]{}, w.err
	case w.done:
		return batch[T]{}, Done
	}
	if err := ctx.Err(); err != nil {
		return batch[T]{}, err
	}
	req := w.request()
	pg, err := w.p.fetch(ctx, req)
	switch {
	case errors.Is(err, Done):
		w.done = true
		return batch[T]{}, Done
	case req.Keyset && errors.Is(err, ErrKeysetUnsupported):
		return w.unsupported(ctx, err)
	case err != nil:
		return batch[T]{}, err
	}
	n, err := w.shape(ctx, &pg, req.Limit)
	if err != nil {
		return batch[T]{}, err
	}
	slots := slotsOf(pg, n)
	kept := slots
	if w.keyset {
		err = checkKeyset(slots, w.after)
		if errors.Is(err, ErrKeysetUnsupported) {
			return w.unsupported(ctx, err)
		}
	} else {
		kept, err = w.fresh(ctx, slots, req.Limit)
	}
	if err != nil {
		return batch[T]{}, err
	}
	w.advance(n, req.Limit, kept)
	if len(kept) == 0 {
		// Only an empty or short page keeps nothing (fresh refuses a full
		// one): the collection ends here.
		w.done = true
		return batch[T]{}, Done
	}
	return batchOf(pg, kept, n), nil
}

// shape checks that pg is what a [FetchFunc] may return for limit, and
// returns the number of its items the walk takes: at most limit. A longer
// page is cut, with a warning.
func (w *walk[T]) shape(ctx context.Context, pg *Page[T], limit int) (int, error) {
	got := len(pg.Items) + len(pg.Errors)
	sent := pg.Sent
	if sent == 0 {
		sent = got
	}
	switch {
	case sent < got:
		return 0, fmt.Errorf("pager: Page.Sent %d is below the %d items returned", sent, got)
	case sent > got && got < limit:
		return 0, fmt.Errorf("pager: Page.Sent %d, but %d items returned, below the limit %d", sent, got, limit)
	case pg.IDs != nil && len(pg.IDs) != len(pg.Items):
		return 0, fmt.Errorf("pager: %d Page.IDs for %d Page.Items", len(pg.IDs), len(pg.Items))
	}
	prev := -1
	for _, e := range pg.Errors {
		if e == nil || e.Index <= prev || e.Index >= got {
			return 0, fmt.Errorf("pager: Page.Errors not by increasing Index within the %d items returned", got)
		}
		prev = e.Index
	}
	if sent > limit {
		w.p.warn(ctx, "pager: page longer than the limit; cut to the limit",
			slog.Int("sent", sent), slog.Int("limit", limit))
		return limit, nil
	}
	return got, nil
}

// slotsOf returns the first n items of pg, good and bad, in order.
func slotsOf[T any](pg Page[T], n int) []slot {
	slots := make([]slot, 0, n)
	j, k := 0, 0
	for i := range n {
		if k < len(pg.Errors) && pg.Errors[k].Index == i {
			slots = append(slots, slot{item: -1, err: pg.Errors[k], key: pg.Errors[k].ID})
			k++
			continue
		}
		s := slot{item: j}
		if pg.IDs != nil {
			s.key = pg.IDs[j]
		}
		slots = append(slots, s)
		j++
	}
	return slots
}

// checkKeyset verifies a keyset page: every key above after and above the
// one before it. It returns an error wrapping [ErrKeysetUnsupported] if the
// collection did not honour the cursor, and another error if an item has
// no key where the walk needs one.
func checkKeyset(slots []slot, after string) error {
	last := after
	for i, s := range slots {
		if s.key == "" {
			if err := missingKey(i, s, i == len(slots)-1); err != nil {
				return err
			}
			continue
		}
		if s.key <= last {
			return fmt.Errorf("%w: item %d has key %q, not above %q", ErrKeysetUnsupported, i, s.key, last)
		}
		last = s.key
	}
	return nil
}

// missingKey returns the error of item i, s, which has no key, in a walk
// sorted by key: a good item must have one (there is no other way to tell
// where it stands), and so must the last item of a keyset page (the
// cursor moves to it). An item that could not be decoded and whose key
// could not be read is passed over otherwise.
func missingKey(i int, s slot, last bool) error {
	switch {
	case s.err == nil:
		return fmt.Errorf("pager: item %d of the page has no key (an _id); a walk sorted by key needs one", i)
	case last:
		return fmt.Errorf("pager: the last item of the page has no key, so the keyset cursor cannot pass it: %w", s.err)
	}
	return nil
}

// unsupported handles a keyset page or fetch that shows the collection
// does not honour the cursor: a Keyset walk ends with reason; a
// [KeysetFallback] walk goes on by skip/limit from where it stands, once.
func (w *walk[T]) unsupported(ctx context.Context, reason error) (batch[T], error) {
	if w.p.opts.Mode != KeysetFallback {
		return batch[T]{}, fmt.Errorf("%w; walk this collection by skip/limit", reason)
	}
	w.keyset = false
	w.p.fellBack.Store(true)
	w.p.warn(ctx, "pager: keyset paging not honoured; falling back to skip/limit",
		slog.Int("skip", w.skip), slog.String("reason", reason.Error()))
	if w.p.opts.OnFallback != nil {
		w.p.opts.OnFallback(reason)
	}
	return w.next(ctx)
}

// fresh returns the slots of a skip/limit page that the walk has not
// passed yet. In a sorted walk that is the keys above the last one passed
// (the page must be in key order past them); otherwise, those not in the
// previous page. A full page with nothing fresh is an error matching
// [ErrSkipIgnored], so that a server that ignores skip cannot make the
// walk loop.
func (w *walk[T]) fresh(ctx context.Context, slots []slot, limit int) ([]slot, error) {
	var kept []slot
	var err error
	if w.sorted {
		kept, err = w.above(slots)
	} else {
		kept = w.unseen(slots)
	}
	if err != nil {
		return nil, err
	}
	dropped := len(slots) - len(kept)
	switch {
	case dropped == 0:
	case len(kept) == 0 && len(slots) == limit:
		return nil, fmt.Errorf("%w: the %d items at skip %d were all passed already", ErrSkipIgnored, len(slots), w.skip)
	default:
		w.p.warn(ctx, "pager: page repeats items already passed (the collection changed during the walk); not yielded again",
			slog.Int("skip", w.skip), slog.Int("repeated", dropped))
	}
	return kept, nil
}

// above returns the slots whose key is above w.after, which must be a
// leading run of repeats followed by increasing keys.
func (w *walk[T]) above(slots []slot) ([]slot, error) {
	kept := make([]slot, 0, len(slots))
	last, passed := w.after, false
	for i, s := range slots {
		if s.key == "" {
			if err := missingKey(i, s, false); err != nil {
				return nil, err
			}
			kept = append(kept, s)
			continue
		}
		if s.key <= last {
			if passed {
				return nil, fmt.Errorf("pager: item %d has key %q, not above %q: the collection is not in key order, so the walk cannot rule out repeats", i, s.key, last)
			}
			continue
		}
		last, passed = s.key, true
		kept = append(kept, s)
	}
	return kept, nil
}

// unseen returns the slots whose key was not in the previous page, and
// makes this page the previous one. Keyless items are always kept.
func (w *walk[T]) unseen(slots []slot) []slot {
	kept := make([]slot, 0, len(slots))
	page := make(map[string]struct{}, len(slots))
	for _, s := range slots {
		if s.key != "" {
			if _, seen := w.prev[s.key]; seen {
				continue
			}
			page[s.key] = struct{}{}
		}
		kept = append(kept, s)
	}
	w.prev = page
	return kept
}

// advance moves past a page of n items fetched with the given limit, of
// which kept are returned.
func (w *walk[T]) advance(n, limit int, kept []slot) {
	if n > math.MaxInt-w.skip {
		w.err = fmt.Errorf("pager: position %d + %d items passes the largest int", w.skip, n)
	} else {
		w.skip += n
	}
	if w.left >= 0 {
		w.left -= len(kept)
	}
	if w.sorted {
		for _, s := range slices.Backward(kept) {
			if s.key != "" {
				w.after = s.key
				break
			}
		}
	}
	w.done = n < limit || w.left == 0
	if w.done {
		w.err = nil
	}
}

// batchOf returns the kept slots of pg, whose first n items the walk took.
// It shares pg.Items only when it keeps exactly them: a page cut from a
// longer one is copied, so that the long one is not kept alive.
func batchOf[T any](pg Page[T], kept []slot, n int) batch[T] {
	var b batch[T]
	if len(kept) == len(pg.Items) && len(pg.Errors) == 0 && n == len(pg.Items) {
		b.items = pg.Items[:n:n]
		return b
	}
	b.items = make([]T, 0, len(kept))
	for _, s := range kept {
		if s.err != nil {
			b.errs = append(b.errs, s.err)
			b.at = append(b.at, len(b.items))
			continue
		}
		b.items = append(b.items, pg.Items[s.item])
	}
	return b
}

// warn writes a warn record, if there is a logger.
func (p *Pager[T]) warn(ctx context.Context, msg string, attrs ...slog.Attr) {
	if l := p.opts.Logger; l != nil {
		l.LogAttrs(ctx, slog.LevelWarn, msg, attrs...)
	}
}
