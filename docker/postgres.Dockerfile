# PostgreSQL 15 for pimon's shared results database, from Debian, on the local debootstrapped base.
# First start: a cluster in $PGDATA with a trust-authenticated `pimon` role and database, listening on 127.0.0.1.
ARG BASE=local/debian:bookworm
FROM ${BASE}
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/*
ENV PGDATA=/var/lib/postgresql/data PATH=/usr/lib/postgresql/15/bin:$PATH
USER postgres
CMD ["sh", "-c", "[ -s \"$PGDATA/PG_VERSION\" ] || { initdb -D \"$PGDATA\" -U postgres --auth=trust -E UTF8 && pg_ctl -D \"$PGDATA\" -w -o '-c listen_addresses=127.0.0.1' start && createuser -h 127.0.0.1 -U postgres pimon && createdb -h 127.0.0.1 -U postgres -O pimon pimon && pg_ctl -D \"$PGDATA\" -w stop; }; exec postgres -D \"$PGDATA\" -c listen_addresses=127.0.0.1"]
