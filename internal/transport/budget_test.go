package transport

import "testing"

// TestBudgetSpendsAndRefunds checks the budget's arithmetic: a retry it
// cannot pay for spends nothing, and refunds stop at its size.
func TestBudgetSpendsAndRefunds(t *testing.T) {
	b := NewBudget(12)
	for i := range 2 {
		if !b.Take(RetryCost) {
			t.Fatalf("a budget of 12 refused retry %d of 5", i+1)
		}
	}
	if b.Take(RetryCost) {
		t.Fatal("a budget with 2 tokens left paid for a retry of 5")
	}
	for range 100 {
		b.refund(SuccessRefund)
	}
	if !b.Take(12) || b.Take(1) {
		t.Error("refunds did not fill the budget to exactly its size")
	}
	var none *Budget
	if !none.Take(1 << 30) {
		t.Error("a nil budget refused a retry")
	}
}
