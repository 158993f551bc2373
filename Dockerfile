# zohoaep container image: the static binary on an empty base, nothing else.
#
# Build it from a checkout (no base image is pulled, so this works offline):
#
#   CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o dist/zohoaep ./cmd/zohoaep
#   mkdir -p dist/data
#   docker build -t zohoaep:dev .
#
# (testcontainers/zohoaep.BuildImage does the same from Go.) Where images can
# be pulled, the usual multi-stage build maps onto this file one to one: its
# first stage is the `go build` line above, and the final stage is this file
# with COPY --from the first stage instead of from dist/:
#
#   FROM golang:1.26 AS build
#   WORKDIR /src
#   COPY . .
#   RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/zohoaep ./cmd/zohoaep \
#    && mkdir -p /out/data
#   FROM scratch
#   COPY --from=build --chown=65532:65532 /out/data /data
#   COPY --from=build /out/zohoaep /zohoaep
#   ... the rest as below.
FROM scratch

# The state directory for ZOHOAEP_DATA_DIR=/data, owned by the runtime user so
# that a named volume mounted there is writable (Docker copies the ownership
# into a new volume).
COPY --chown=65532:65532 dist/data /data
COPY dist/zohoaep /zohoaep

# Not root: a numeric user and group (the "nonroot" of distroless images);
# a scratch image has no /etc/passwd to name one.
USER 65532:65532

# Inside the container, listen on every interface so that a published port
# reaches the emulator (the binary's own default stays 127.0.0.1). Every flag
# is a ZOHOAEP_* variable: ZOHOAEP_SEED, ZOHOAEP_CONSENT, ZOHOAEP_REGION,
# ZOHOAEP_FROZEN_AT, ZOHOAEP_DATA_DIR, ZOHOAEP_LOG_LEVEL, ...
ENV ZOHOAEP_ADDR=0.0.0.0:9595 \
    ZOHOAEP_LOG_FORMAT=json
EXPOSE 9595

# No curl on scratch: the binary asks itself, reading serve's own variables
# (ZOHOAEP_ADDR on loopback; with ZOHOAEP_TLS=true, HTTPS trusting the local CA
# that serve keeps in ZOHOAEP_TLS_DIR or ZOHOAEP_DATA_DIR).
HEALTHCHECK --interval=3s --timeout=3s --start-period=5s --retries=3 \
    CMD ["/zohoaep", "health"]

# The demo world by default; `docker run IMAGE serve --seed /w.yaml` etc.
ENTRYPOINT ["/zohoaep"]
CMD ["serve"]
