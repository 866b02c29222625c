package transport

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/leadfox-go/leadfox/internal/optable"
	"github.com/leadfox-go/leadfox/internal/redact"
)

// attemptLog is the logging hook of the retry layer, which calls it and
// decides nothing with it: one debug record per attempt, one warn
// record per retry, and one warn record per retry the budget refused. It is handed the method, the
// URL path, the operationId, the status and the error, never a header, a
// body or a query string; the path (which a redirect may have chosen) and
// the error text go through redact, so no credential or token can reach a
// record. The zero attemptLog, with a nil logger, writes nothing.
type attemptLog struct {
	logger *slog.Logger
	redact *redact.Redactor
}

// attempt records attempt n of req and its outcome.
func (l attemptLog) attempt(ctx context.Context, req *http.Request, op *optable.Operation, n int, resp *http.Response, err error, took time.Duration) {
	if l.logger == nil || !l.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	outcome := slog.Int("status", 0)
	if resp != nil {
		outcome = slog.Int("status", resp.StatusCode)
	}
	attrs := []slog.Attr{
		slog.String("method", req.Method),
		slog.String("path", l.redact.String(req.URL.Path)),
		slog.String("operation", op.Name()),
		outcome,
		slog.Int("attempt", n),
		slog.Duration("duration", took),
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", l.redact.String(err.Error())))
	}
	l.logger.LogAttrs(ctx, slog.LevelDebug, "leadfox: attempt", attrs...)
}

// budgetSpent records that attempt n of req, which failed for reason,
// is not retried because the retry budget cannot pay for it.
func (l attemptLog) budgetSpent(ctx context.Context, req *http.Request, op *optable.Operation, n int, reason string) {
	l.warn(ctx, "leadfox: retry budget spent", req, op, n, slog.String("reason", reason))
}

// retry records that req will be sent again, as attempt n, after wait.
func (l attemptLog) retry(ctx context.Context, req *http.Request, op *optable.Operation, n int, wait time.Duration, reason string) {
	l.warn(ctx, "leadfox: retrying", req, op, n, slog.Duration("wait", wait), slog.String("reason", reason))
}

// warn writes a warn record msg about attempt n of req, with extra.
func (l attemptLog) warn(ctx context.Context, msg string, req *http.Request, op *optable.Operation, n int, extra ...slog.Attr) {
	if l.logger == nil || !l.logger.Enabled(ctx, slog.LevelWarn) {
		return
	}
	attrs := append([]slog.Attr{
		slog.String("method", req.Method),
		slog.String("path", l.redact.String(req.URL.Path)),
		slog.String("operation", op.Name()),
		slog.Int("attempt", n),
	}, extra...)
	l.logger.LogAttrs(ctx, slog.LevelWarn, msg, attrs...)
}
