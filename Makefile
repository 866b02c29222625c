# Every target a developer or CI needs. `make test` is what CI runs.
GO             ?= go
GOLANGCI_LINT  := $(GO) run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0
REDOCLY        := npx --yes @redocly/cli@2.77.0
PKGSITE        := $(GO) run golang.org/x/pkgsite/cmd/pkgsite@v0.6.0
DOCS_ADDR      ?= 127.0.0.1:6060
OAPI_CODEGEN   := github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2
# The oapi-codegen configurations api/<side>.cfg.yaml, one per generated package.
GEN_SIDES      := models client server
# The facade files whose model aliases end in a generated Fields block
# (the -docs of internal/accessorgen in gen.go).
FIELD_DOCS     := facade/models.go facade/raw.go
BENCH_COUNT    ?= 6
FUZZ_TIME      ?= 30s
SOAK_DURATION  ?= 60s
SOAK_FLAGS     ?=

.PHONY: all generate check-generated check-tidy vet test lint bench fuzz soak demo docs spec-diff rehearse

all: test

## generate: regenerate generated/ from openapi.yaml and api/.
generate:
	$(GO) generate ./...

## check-generated: fail if generated/ (the models, generated/client and
## generated/server), api/openapi.effective.yaml or the Fields blocks of
## the model aliases in facade/models.go and facade/raw.go differ from what
## openapi.yaml and api/ generate. It
## generates into a temporary directory and never writes the tree, so a
## hand edit is reported, not lost.
check-generated:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	mkdir -p "$$tmp/api" "$$tmp/generated" && \
	$(GO) run ./internal/cmd/effectivespec -spec openapi.yaml -overlay api/overlay.yaml -o "$$tmp/api/openapi.effective.yaml" && \
	files=api/openapi.effective.yaml; \
	for side in $(GEN_SIDES); do \
		out=$$(sed -n 's|^output: ||p' api/$$side.cfg.yaml) && files="$$files $$out" && mkdir -p "$$tmp/$$(dirname $$out)" && \
		sed "s|^output: .*|output: $$tmp/$$out|" api/$$side.cfg.yaml > "$$tmp/$$side.cfg.yaml" && \
		$(GO) run $(OAPI_CODEGEN) -config "$$tmp/$$side.cfg.yaml" "$$tmp/api/openapi.effective.yaml" || exit 1; \
	done && \
	$(GO) run ./internal/accessorgen -in "$$tmp/generated/models.gen.go" -out "$$tmp/generated/accessors.gen.go" && \
	files="$$files generated/accessors.gen.go" && \
	mkdir -p "$$tmp/facade" && cp $(FIELD_DOCS) "$$tmp/facade/" && \
	$(GO) run ./internal/accessorgen -in "$$tmp/generated/models.gen.go" -docs "$$(printf "$$tmp/%s," $(FIELD_DOCS) | sed 's/,$$//')" && \
	files="$$files $(FIELD_DOCS)" && \
	sed -i 's|^# The effective spec: .* with|# The effective spec: openapi.yaml with|' "$$tmp/api/openapi.effective.yaml" && \
	stale=0; \
	for f in $$files; do \
		if ! cmp -s "$$tmp/$$f" "$$f"; then \
			echo "$$f is stale or was edited by hand:"; diff -u "$$f" "$$tmp/$$f" | head -40; stale=1; \
		fi; \
	done; \
	if [ -n "$$(find generated -name '*.go' | grep -vxF "$$(printf '%s\n' $$files)")" ]; then \
		echo "generated/ holds files no configuration generates:"; find generated -name '*.go' | grep -vxF "$$(printf '%s\n' $$files)"; stale=1; \
	fi; \
	if [ "$$stale" = 1 ]; then \
		echo "Fix: change openapi.yaml or api/, run 'make generate' and commit the result (never edit generated/, or the"; \
		echo "Fields block that ends a model's doc comment in $(FIELD_DOCS), by hand)."; \
		exit 1; \
	fi

## spec-diff: compare the working openapi.yaml with the committed one: the
## wire changes (oasdiff), the hand-written wire facts, the Go API change
## and the build of a copy regenerated from the new spec (apidiff, go
## generate, every package and test compiled) and the operations, facade
## methods, models, fake handlers and tests each change touches. The last
## line is the verdict. The program exits 1 on a breaking change and 3 when
## the tool itself fails: make then says "Error 1" or "Error 3". It records
## openapi.yaml's hash in api/SPEC_SOURCE (SOURCE="where it came from"
## records its origin too). The program is built, not go run, because go
## run turns every non-zero status into 1.
spec-diff:
	@bin=$$(mktemp -d) && trap 'rm -rf "$$bin"' EXIT && \
	$(GO) build -o "$$bin/specdiff" ./internal/cmd/specdiff && \
	"$$bin/specdiff" -source "$(SOURCE)"

## rehearse: apply each vendor mutation of internal/specflow/testdata to a
## copy of the repository and check that the workflow flags it; two at a
## time, sharing the build cache. It ends with one line per mutation.
rehearse:
	@out=$$(mktemp) && trap 'rm -f "$$out"' EXIT; \
	$(GO) test -count=1 -v -parallel 2 -run TestRehearsal -timeout 40m ./internal/specflow/ -rehearse >"$$out" 2>&1; \
	status=$$?; grep -v '^=== ' "$$out"; exit $$status

## check-tidy: fail if go.mod or go.sum is not tidy.
check-tidy:
	@$(GO) mod tidy -diff >/dev/null 2>&1 || { \
		$(GO) mod tidy -diff; \
		echo "go.mod/go.sum are not tidy. Fix: run 'go mod tidy' and commit both."; \
		exit 1; }

vet:
	$(GO) vet ./...

## test: everything CI checks. The spec test fails on an invalid openapi.yaml.
## examples/wrapper is a module of its own (a downstream wrapper, built on
## this one through a replace): it is vetted and tested apart.
test: check-generated check-tidy vet
	$(GO) test -race -count=1 ./...
	cd examples/wrapper && $(GO) mod tidy -diff && $(GO) vet ./... && $(GO) test -race -count=1 ./...

## lint: formatting, vet, golangci-lint, and an independent lint of the spec.
lint: vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "Fix: gofmt -w the files above."; exit 1; }
	$(GOLANGCI_LINT) run --allow-parallel-runners ./...
	$(REDOCLY) lint openapi.yaml

## bench: the benchmarks of BENCHMARKS.md, several runs each.
bench:
	$(GO) test -run='^$$' -bench=. -benchmem -count=$(BENCH_COUNT) ./...

## fuzz: run every fuzz target for FUZZ_TIME each.
fuzz:
	@for pkg in $$($(GO) list ./...); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$target"; \
			$(GO) test -run='^$$' -fuzz="^$$target$$" -fuzztime=$(FUZZ_TIME) $$pkg || exit 1; \
		done; \
	done

## soak: SOAK_DURATION (60 s) of 32 goroutines on one Client against the
## fake on loopback, with faults and token revocations, then the 1 GiB
## body's peak RSS in a subprocess. Not part of `make test`. SOAK_FLAGS=-race
## adds the race detector (about ten times fewer operations).
soak:
	SOAK_DURATION=$(SOAK_DURATION) $(GO) test -tags soak $(SOAK_FLAGS) -count=1 -v -timeout 15m -run 'TestSoak|TestBigBody' ./tests/soak/

## demo: the main job, the whole emailing flow (on the embedded fake server
## unless LEADFOX_APIKEY and LEADFOX_SECRET are set).
demo:
	$(GO) run ./examples/emailing

## docs: serve the documentation as pkg.go.dev will show it, with pkgsite,
## on DOCS_ADDR (a loopback address; Ctrl-C stops it).
docs:
	@case "$(DOCS_ADDR)" in 127.0.0.1:*|localhost:*|"[::1]:"*) ;; \
	*) echo "DOCS_ADDR=$(DOCS_ADDR) is not a loopback address. Fix: use 127.0.0.1:<port>."; exit 1;; esac
	@echo "Serving http://$(DOCS_ADDR)/github.com/leadfox-go/leadfox (Ctrl-C stops it)"
	$(PKGSITE) -http=$(DOCS_ADDR) -list=false .
