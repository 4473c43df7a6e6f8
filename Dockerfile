# syntax=docker/dockerfile:1
#
# BaZi Master: one static binary in an empty image.
#
#   docker build -t bazi-master \
#     --build-arg VERSION="$(git describe --tags --always --dirty)" \
#     --build-arg COMMIT="$(git rev-parse HEAD)" .
#
# Templ output, built CSS, vendored htmx and the SQL migrations are committed
# and embedded by `go build`, so the build needs neither npm nor templ.

ARG GO_VERSION=1.26

# ---- build ------------------------------------------------------------------
FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src

# Modules first, so editing the code does not re-download them.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download

COPY . .
ARG VERSION=dev
ARG COMMIT=unknown
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=linux go build -trimpath \
      -ldflags "-s -w \
        -X github.com/bazi-master/bazi-master/internal/buildinfo.Version=${VERSION} \
        -X github.com/bazi-master/bazi-master/internal/buildinfo.Commit=${COMMIT}" \
      -o /out/bazi-master ./cmd/bazi-master \
 && /out/bazi-master version

# The runtime image has no shell and no package manager, so prepare here what
# it needs: a non-root user, CA certificates for outgoing HTTPS (OpenAI,
# Anthropic, Google, WeChat) and a writable /tmp. Time zones are not needed:
# the binary embeds time/tzdata.
RUN mkdir -p /rootfs/etc/ssl/certs /rootfs/tmp /app \
 && cp /etc/ssl/certs/ca-certificates.crt /rootfs/etc/ssl/certs/ \
 && echo 'nonroot:x:65532:65532:nonroot:/app:/sbin/nologin' > /rootfs/etc/passwd \
 && echo 'nonroot:x:65532:' > /rootfs/etc/group \
 && chmod 1777 /rootfs/tmp

# ---- runtime ----------------------------------------------------------------
# scratch: a few MB, nothing to patch but the binary itself.
FROM scratch
COPY --from=build /rootfs/ /
COPY --from=build --chown=65532:65532 /app /app
COPY --from=build /out/bazi-master /usr/local/bin/bazi-master

USER 65532:65532
WORKDIR /app
ENV APP_ENV=production \
    PORT=3000
EXPOSE 3000

# No HEALTHCHECK: the image has no shell or curl to run one. Point the
# orchestrator at the app's own endpoints instead:
#   liveness  GET /health  (process is up)
#   readiness GET /ready   (database and Redis answer; 503 names what failed)
# docker-compose.yml health-checks PostgreSQL and Redis and starts the app
# after them. `serve` applies pending migrations at start-up (safe when
# several instances start together); `migrate status` shows them:
#   docker compose run --rm app migrate status
ENTRYPOINT ["/usr/local/bin/bazi-master"]
CMD ["serve"]
