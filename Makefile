# The README's commands. `make test` installs what it needs (Chromium,
# PostgreSQL 15 via apt when missing) and runs everything on both databases.
.PHONY: run test bench build vet jobtest

run:
	go run ./cmd/vios

build:
	go build -o vios ./cmd/vios

test:
	scripts/test.sh

bench:
	scripts/bench.sh

jobtest:
	scripts/jobtest.sh

vet:
	go vet ./...
