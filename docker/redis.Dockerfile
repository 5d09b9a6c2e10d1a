# Redis for the pimon queue, from Debian, on the local debootstrapped base (no registry).
ARG BASE=local/debian:bookworm
FROM ${BASE}
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* && mkdir -p /data
CMD ["redis-server", "--bind", "127.0.0.1", "--port", "6379", "--dir", "/data"]
