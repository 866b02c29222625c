package transport

import "sync"

// The costs of the retry budget, in tokens.
const (
	// RetryCost is what a retry after a refusal (a 408, 429 or 5xx)
	// costs.
	RetryCost = 5
	// ConnectionRetryCost is what a retry after a transport error (a
	// connection refused, reset or cut, an attempt timeout) costs: such
	// an attempt may have held a connection for long.
	ConnectionRetryCost = 10
	// SuccessRefund is what an answer the server did not refuse gives
	// back.
	SuccessRefund = 1
)

// Budget is the retry budget shared by the calls of one Client (the idea
// of aws-sdk-go-v2's retry quota): every retry spends tokens, every answer
// the server did not refuse gives one back, up to the budget's size. A
// retry the budget cannot pay for is not made: the attempt's outcome is
// the call's. So a server that refuses everything costs each call one
// request once the budget is spent, while isolated faults, each followed
// by successes, are retried as if there were no budget. A nil *Budget pays
// for every retry. It is safe for concurrent use.
type Budget struct {
	mu     sync.Mutex
	tokens int
	size   int
}

// NewBudget returns a full budget of size tokens.
func NewBudget(size int) *Budget {
	return &Budget{tokens: size, size: size}
}

// Take spends cost tokens and reports true, or reports false and spends
// nothing if fewer are left.
func (b *Budget) Take(cost int) bool {
	if b == nil {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tokens < cost {
		return false
	}
	b.tokens -= cost
	return true
}

// refund gives n tokens back, up to the budget's size.
func (b *Budget) refund(n int) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tokens = min(b.tokens+n, b.size)
}
