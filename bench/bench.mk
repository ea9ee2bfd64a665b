# Benchmarks (bench/README.md), included from the Makefile. Loopback only; every step has a time limit.
#
#   make bench                  import 10k stories, then the HTTP benchmark at 1k and 10k stories (SQLite)
#   make bench BENCH_FULL=1     also the import and the HTTP benchmark at 100k stories, and the growth
#                               from 1k to 100k measured in alternation (bench/growth.py)
#   make bench BENCH_DB=postgres    the same on a fresh PostgreSQL database (BENCH_POSTGRES_URL)
#   make bench BENCH_PEER=1     with the Wagtail peer (../shared/peers/wagtail) beside it, on its corpus: its
#                               load timed in the run, its story and tag pages loaded in alternation with
#                               Newsroom's; the ratios go to bench/results/floors.md. The default when
#                               BENCH_PEER_DIR (.bench/peer-wagtail) exists; BENCH_PEER=0 leaves it out.
#   make bench-peer             set the peer up in BENCH_PEER_DIR (3-5 minutes the first time; then instant)
#   make bench-ab BENCH_B="DATABASE_SERVER_SIDE_BINDING=1" [BENCH_A=...]   the bare story and tag pages
#                               under two settings, in alternation (bench/ab.py; PostgreSQL by default)
#   make bench-explain          the query plans of the public pages (bench/explain_bench.py; PostgreSQL)
#   make bench-import BENCH_COUNT=100000    one import run
#   make bench-http BENCH_COUNT=1000        one HTTP run
#   make bench-growth           the bare article and tag pages at 1k and 100k stories, in alternation
#   make bench-desk BENCH_COUNT=100000 [BENCH_DB=postgres]   the desk's pages, an editor logged in
#                               (bench/desk_bench.py; part of make bench at 10k, and 100k with BENCH_FULL)
#   make bench-clean            remove bench/work/ (corpora, databases, logs) and leftover PostgreSQL databases
#
# Results are appended to bench/results/import.md, http.md, floors.md and desk.md; bench/summary.py puts the
# latest in bench/README.md.

BENCH_PY ?= .venv/bin/python
BENCH_DB ?= sqlite
BENCH_FULL ?=
BENCH_COUNT ?=
BENCH_IMPORT_COUNTS ?= 10000 $(if $(BENCH_FULL),100000)
# 10k is the reference's size (its tag has 2,000+ stories); 1k and 100k give the growth.
BENCH_HTTP_COUNTS ?= 1000 10000 $(if $(BENCH_FULL),100000)
# The desk's pages (bench/desk_bench.py); 1,000,000 on PostgreSQL by hand: see bench/README.md.
BENCH_DESK_COUNTS ?= 10000 $(if $(BENCH_FULL),100000)
# Seconds: an import is stopped (and recorded with what it got through) after BENCH_IMPORT_TIMEOUT;
# building a database for the HTTP benchmark after BENCH_BUILD_TIMEOUT. The outer limits are a backstop.
export BENCH_IMPORT_TIMEOUT ?= 900
export BENCH_BUILD_TIMEOUT ?= 900
BENCH_IMPORT_LIMIT ?= 1200
BENCH_HTTP_LIMIT ?= 1500
BENCH_GROWTH_LIMIT ?= 2400
# A desk run: its database (a copy of the import's on SQLite; else an import) and 20 rounds of ~40 pages.
BENCH_DESK_LIMIT ?= 1800
BENCH_RUN = timeout --kill-after=30

# The Wagtail peer (bench/peer.py). Measured at BENCH_PEER_COUNT stories only; its load of BENCH_PEER_LOAD
# stories is timed in the run (0: the figure setup.sh recorded, marked as older). With the peer, every step
# imports the peer's corpus (BENCH_CORPUS=shared), so that both systems serve the same stories.
BENCH_PEER_DIR ?= $(CURDIR)/.bench/peer-wagtail
BENCH_PEER ?= $(if $(wildcard $(BENCH_PEER_DIR)/site/db.sqlite3),1,0)
BENCH_PEER_ON := $(filter-out 0,$(BENCH_PEER))
BENCH_PEER_COUNT ?= 10000
BENCH_PEER_LOAD ?= $(BENCH_PEER_COUNT)
BENCH_CORPUS ?= $(if $(BENCH_PEER_ON),shared,project)
# For the benchmark targets only (make loadtest, say, keeps the project's corpus).
BENCH_TARGETS = bench bench-import bench-http bench-growth bench-peer bench-ab bench-explain bench-desk
$(BENCH_TARGETS): export BENCH_PEER_DIR := $(BENCH_PEER_DIR)
$(BENCH_TARGETS): export BENCH_PEER := $(BENCH_PEER)
$(BENCH_TARGETS): export BENCH_PEER_COUNT := $(BENCH_PEER_COUNT)
$(BENCH_TARGETS): export BENCH_PEER_LOAD := $(BENCH_PEER_LOAD)
$(BENCH_TARGETS): export BENCH_CORPUS := $(BENCH_CORPUS)
# Seconds added to the outer limit of a step that sets up, loads or serves the peer: setup.sh of a peer
# that is not there yet (up to 900 s, BENCH_PEER_SETUP_TIMEOUT) and a timed load (10k: about 3 minutes).
BENCH_PEER_LIMIT ?= 1800
BENCH_PEER_EXTRA = $(if $(BENCH_PEER_ON),$(BENCH_PEER_LIMIT),0)

.PHONY: bench bench-import bench-http bench-growth bench-summary bench-clean bench-peer bench-ab bench-explain bench-desk

bench: install
	@echo "make bench: import $(strip $(BENCH_IMPORT_COUNTS)) stories, HTTP at $(strip $(BENCH_HTTP_COUNTS)) stories, on $(BENCH_DB), $(BENCH_CORPUS) corpus."
	@echo "Expected: each HTTP run about 3 minutes, plus building its database when the import's cannot be"
	@echo "reused; each import as long as the importer needs (10k: 5 s at the 2,000 stories/s target). An import"
	@echo "is stopped at $(BENCH_IMPORT_TIMEOUT)s and recorded as stopped, and every step has an outer time limit," \
		"so the whole run takes at most about $$(( ($(words $(BENCH_IMPORT_COUNTS)) * $(BENCH_IMPORT_LIMIT) + $(words $(BENCH_HTTP_COUNTS)) * $(BENCH_HTTP_LIMIT) + $(words $(BENCH_DESK_COUNTS)) * $(BENCH_DESK_LIMIT) + 2 * $(BENCH_PEER_EXTRA)$(if $(BENCH_FULL), + $(BENCH_GROWTH_LIMIT))) / 60 )) minutes."
	$(if $(BENCH_PEER_ON),@echo "With the Wagtail peer ($(BENCH_PEER_DIR)) at $(BENCH_PEER_COUNT) stories: its load of $(BENCH_PEER_LOAD) stories (10k: about 3.5 minutes) and its pages beside Newsroom's (about 1.5 minutes).")
	@for n in $(BENCH_IMPORT_COUNTS); do \
		limit=$$(( $(BENCH_IMPORT_LIMIT) + ($$n == $(BENCH_PEER_COUNT) ? $(BENCH_PEER_EXTRA) : 0) )); \
		$(BENCH_RUN) $$limit $(BENCH_PY) bench/import_bench.py --count $$n --database $(BENCH_DB) || exit 1; \
	done
	@for n in $(BENCH_HTTP_COUNTS); do \
		limit=$$(( $(BENCH_HTTP_LIMIT) + ($$n == $(BENCH_PEER_COUNT) ? $(BENCH_PEER_EXTRA) : 0) )); \
		$(BENCH_RUN) $$limit $(BENCH_PY) bench/http_bench.py --count $$n --database $(BENCH_DB) || exit 1; \
	done
	$(if $(BENCH_FULL),$(BENCH_RUN) $(BENCH_GROWTH_LIMIT) $(BENCH_PY) bench/growth.py --database $(BENCH_DB))
	@for n in $(BENCH_DESK_COUNTS); do \
		$(BENCH_RUN) $(BENCH_DESK_LIMIT) $(BENCH_PY) bench/desk_bench.py --count $$n --database $(BENCH_DB) || exit 1; \
	done
	$(BENCH_PY) bench/summary.py > /dev/null
	@echo "Results: bench/results/ (import.md, http.md, desk.md$(if $(BENCH_PEER_ON), floors.md)$(if $(BENCH_FULL), and growth.md)); summary in bench/README.md."

bench-import: install
	$(BENCH_RUN) $$(( $(BENCH_IMPORT_LIMIT) + $(BENCH_PEER_EXTRA) )) $(BENCH_PY) bench/import_bench.py --count $(or $(BENCH_COUNT),10000) --database $(BENCH_DB)
	$(BENCH_PY) bench/summary.py > /dev/null

bench-http: install
	$(BENCH_RUN) $$(( $(BENCH_HTTP_LIMIT) + $(BENCH_PEER_EXTRA) )) $(BENCH_PY) bench/http_bench.py --count $(or $(BENCH_COUNT),1000) --database $(BENCH_DB)
	$(BENCH_PY) bench/summary.py > /dev/null

bench-growth: install
	$(BENCH_RUN) $(BENCH_GROWTH_LIMIT) $(BENCH_PY) bench/growth.py --database $(BENCH_DB)
	$(BENCH_PY) bench/summary.py > /dev/null

bench-desk: install
	$(BENCH_RUN) $(BENCH_DESK_LIMIT) $(BENCH_PY) bench/desk_bench.py --count $(or $(BENCH_COUNT),10000) --database $(BENCH_DB) $(BENCH_DESK_ARGS)
	$(BENCH_PY) bench/summary.py > /dev/null

bench-peer: install
	$(BENCH_RUN) $(BENCH_PEER_LIMIT) $(BENCH_PY) bench/peer.py setup --count $(BENCH_PEER_COUNT)

BENCH_AB_DB ?= $(if $(filter command line,$(origin BENCH_DB)),$(BENCH_DB),postgres)
bench-ab: install
	$(BENCH_RUN) $(BENCH_HTTP_LIMIT) $(BENCH_PY) bench/ab.py --database $(BENCH_AB_DB) \
		--count $(or $(BENCH_COUNT),10000) --a "$(BENCH_A)" --b "$(BENCH_B)" $(BENCH_AB_ARGS)

bench-explain: install
	$(BENCH_RUN) $(BENCH_HTTP_LIMIT) $(BENCH_PY) bench/explain_bench.py --database $(BENCH_AB_DB) \
		--count $(or $(BENCH_COUNT),10000)

bench-summary:
	$(BENCH_PY) bench/summary.py

bench-clean:
	-chmod -R u+w bench/work 2>/dev/null
	rm -rf bench/work
	-test -x $(BENCH_PY) && $(BENCH_PY) bench/benchlib.py drop-databases
