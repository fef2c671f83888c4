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

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# CGO_ENABLED=0: a static binary (SQLite is pure Go, modernc.org/sqlite),
# so the base needs no libc. -trimpath: no build paths in the binary.
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags="-s -w" -o /out/vios ./cmd/vios \
    && mkdir -p /out/data

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
