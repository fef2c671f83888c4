# syntax=docker/dockerfile:1
# The VIOS platform as a container image (docs/OPERATIONS.md, "Containers"):
# one static binary on a distroless base, run as a user without rights,
# with a read-only root filesystem; everything it writes
# goes to the volume /data.
#
#   docker build -t vios .
#   docker run --read-only -v vios-data:/data -p 8080:8080 vios
#
# The build stage pins the Go of go.mod; the result has no compiler, shell
# or package manager.
#
# Tagged PDF needs Chromium, which the distroless image lacks: it offers the
# print views only (they say so). The stage "pdf" is the same binary on
# Debian with Chromium, still as the user 65532; Chromium writes its profile
# to /tmp, so give it a tmpfs:
#   docker build --target pdf -t vios:pdf .
#   docker run --read-only --tmpfs /tmp -v vios-data:/data -p 8080:8080 vios:pdf

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# CGO_ENABLED=0: a static binary (SQLite is pure Go, modernc.org/sqlite),
# so the base needs no libc. -trimpath: no build paths in the binary.
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags="-s -w" -o /out/vios ./cmd/vios \
    && mkdir -p /out/data

FROM debian:bookworm-slim AS pdf
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-liberation ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 65532 --user-group --no-create-home --home-dir /nonexistent nonroot
COPY --from=build /out/vios /usr/local/bin/vios
COPY --from=build --chown=65532:65532 /out/data /data
ENV VIOS_DATA=/data \
    VIOS_ADDR=0.0.0.0:8080 \
    VIOS_DEMO=false \
    VIOS_LOG_FORMAT=json \
    VIOS_CHROMIUM=/usr/lib/chromium/chromium \
    HOME=/tmp
USER 65532:65532
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["/usr/local/bin/vios", "health"]
ENTRYPOINT ["/usr/local/bin/vios"]
CMD ["serve"]

# The default image: distroless, without Chromium.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/vios /usr/local/bin/vios
# The data folder belongs to the image's user (nonroot, 65532), so a new
# named volume mounted here does too.
COPY --from=build --chown=65532:65532 /out/data /data
ENV VIOS_DATA=/data \
    VIOS_ADDR=0.0.0.0:8080 \
    VIOS_DEMO=false \
    VIOS_LOG_FORMAT=json
USER 65532:65532
VOLUME ["/data"]
EXPOSE 8080
# vios health asks /readyz on VIOS_ADDR: the image has no curl or wget.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["/usr/local/bin/vios", "health"]
ENTRYPOINT ["/usr/local/bin/vios"]
CMD ["serve"]
