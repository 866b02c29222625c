// Package jobreport is the one JSON line that example/sync prints of
// what a process did, and example/measure reads.
package jobreport

// Report is what a process did.
type Report struct {
	Name string `json:"name"`
	// Shared reports whether the process shared a limiter through Redis.
	Shared bool `json:"shared"`
	// Rows are the rows of the bulk job, or the single calls made;
	// Succeeded and Failed count them.
	Rows      int `json:"rows"`
	Succeeded int `json:"succeeded"`
	Failed    int `json:"failed"`
	// Answers counts the answers the API gave to attempts, retries
	// included, and Limited those that were 429.
	Answers int64 `json:"answers"`
	Limited int64 `json:"limited"`
	// Start and End bound the job or the calls, in Unix nanoseconds.
	Start int64 `json:"start_unix_nano"`
	End   int64 `json:"end_unix_nano"`
	// Latencies are the single calls', in microseconds, in order; nil
	// for a bulk job.
	Latencies []int64 `json:"latencies_us,omitempty"`
}
