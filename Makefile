# The README's commands. `make test` installs what it needs (Chromium,
# PostgreSQL 15 via apt when missing) and runs everything on both databases.
.PHONY: run test bench load soak crash fuzz jobtest opstest build vet lint

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

# An hour at a steady mixed load; fails on steady growth (docs/BENCHMARKS.md).
soak:
	scripts/soak.sh

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

# The crash harness: KILLS (default 1000) SIGKILLs of a real server under
# concurrent API writers, on SQLite and PostgreSQL; every acknowledged
# write must be there exactly once (docs/OPERATIONS.md, "Durability").
crash:
	scripts/crash.sh

# Every fuzz target for FUZZTIME each, one after the other (docs/SECURITY.md,
# "Fuzzing"); `make test` runs each for 30 s.
FUZZTIME ?= 10m
fuzz:
	scripts/fuzz.sh $(FUZZTIME)
