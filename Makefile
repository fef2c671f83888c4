# The README's commands. `make test` installs what it needs (Chromium,
# PostgreSQL 15 via apt when missing) and runs everything on both databases.
.PHONY: run test bench load jobtest opstest build vet lint

run:
	go run ./cmd/vios

build:
	go build -o vios ./cmd/vios

test:
	scripts/test.sh

bench:
	scripts/bench.sh

load:
	scripts/load.sh

jobtest:
	scripts/jobtest.sh

# docs/OPERATIONS.md followed by a script: static build, systemd unit,
# backup/restore on both databases (VIOS_OPS_PG_URL), upgrade and rollback.
opstest:
	scripts/operations-test.sh

vet:
	go vet ./...

# The static checks of `make test` alone: gofmt-clean code is assumed;
# go vet, staticcheck, gosec and govulncheck (docs/SECURITY.md).
lint: vet
	scripts/static-checks.sh

# Every fuzz target for FUZZTIME each, one after the other (docs/SECURITY.md,
# "Fuzzing"); `make test` runs each for 30 s.
FUZZTIME ?= 10m
.PHONY: fuzz
fuzz:
	scripts/fuzz.sh $(FUZZTIME)
