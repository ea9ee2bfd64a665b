# Benchmarks (bench/README.md), included from the Makefile. Loopback only; every step has a time limit.
#
#   make bench                  import 10k stories, then the HTTP benchmark at 1k and 10k stories (SQLite)
#   make bench BENCH_FULL=1     also the import and the HTTP benchmark at 100k stories, and the growth
#                               from 1k to 100k measured in alternation (bench/growth.py)
#   make bench BENCH_DB=postgres    the same on a fresh PostgreSQL database (BENCH_POSTGRES_URL)
#   make bench-import BENCH_COUNT=100000    one import run
#   make bench-http BENCH_COUNT=1000        one HTTP run
#   make bench-growth           the bare article and tag pages at 1k and 100k stories, in alternation
#   make bench-clean            remove bench/work/ (corpora, databases, logs) and leftover PostgreSQL databases
#
# Results are appended to bench/results/import.md and http.md; bench/summary.py puts the latest in
# bench/README.md.

BENCH_PY ?= .venv/bin/python
BENCH_DB ?= sqlite
BENCH_FULL ?=
BENCH_COUNT ?=
BENCH_IMPORT_COUNTS ?= 10000 $(if $(BENCH_FULL),100000)
# 10k is the reference's size (its tag has 2,000+ stories); 1k and 100k give the growth.
BENCH_HTTP_COUNTS ?= 1000 10000 $(if $(BENCH_FULL),100000)
# Seconds: an import is stopped (and recorded with what it got through) after BENCH_IMPORT_TIMEOUT;
# building a database for the HTTP benchmark after BENCH_BUILD_TIMEOUT. The outer limits are a backstop.
export BENCH_IMPORT_TIMEOUT ?= 900
export BENCH_BUILD_TIMEOUT ?= 900
BENCH_IMPORT_LIMIT ?= 1200
BENCH_HTTP_LIMIT ?= 1500
BENCH_GROWTH_LIMIT ?= 2400
BENCH_RUN = timeout --kill-after=30

.PHONY: bench bench-import bench-http bench-growth bench-summary bench-clean

bench: install
	@echo "make bench: import $(strip $(BENCH_IMPORT_COUNTS)) stories, HTTP at $(strip $(BENCH_HTTP_COUNTS)) stories, on $(BENCH_DB)."
	@echo "Expected: each HTTP run about 3 minutes, plus building its database when the import's cannot be"
	@echo "reused; each import as long as the importer needs (10k: 5 s at the 2,000 stories/s target). An import"
	@echo "is stopped at $(BENCH_IMPORT_TIMEOUT)s and recorded as stopped, and every step has an outer time limit," \
		"so the whole run takes at most about $$(( ($(words $(BENCH_IMPORT_COUNTS)) * $(BENCH_IMPORT_LIMIT) + $(words $(BENCH_HTTP_COUNTS)) * $(BENCH_HTTP_LIMIT)$(if $(BENCH_FULL), + $(BENCH_GROWTH_LIMIT))) / 60 )) minutes."
	@for n in $(BENCH_IMPORT_COUNTS); do \
		$(BENCH_RUN) $(BENCH_IMPORT_LIMIT) $(BENCH_PY) bench/import_bench.py --count $$n --database $(BENCH_DB) || exit 1; \
	done
	@for n in $(BENCH_HTTP_COUNTS); do \
		$(BENCH_RUN) $(BENCH_HTTP_LIMIT) $(BENCH_PY) bench/http_bench.py --count $$n --database $(BENCH_DB) || exit 1; \
	done
	$(if $(BENCH_FULL),$(BENCH_RUN) $(BENCH_GROWTH_LIMIT) $(BENCH_PY) bench/growth.py --database $(BENCH_DB))
	$(BENCH_PY) bench/summary.py > /dev/null
	@echo "Results: bench/results/ (import.md, http.md$(if $(BENCH_FULL), and growth.md)); summary in bench/README.md."

bench-import: install
	$(BENCH_RUN) $(BENCH_IMPORT_LIMIT) $(BENCH_PY) bench/import_bench.py --count $(or $(BENCH_COUNT),10000) --database $(BENCH_DB)
	$(BENCH_PY) bench/summary.py > /dev/null

bench-http: install
	$(BENCH_RUN) $(BENCH_HTTP_LIMIT) $(BENCH_PY) bench/http_bench.py --count $(or $(BENCH_COUNT),1000) --database $(BENCH_DB)
	$(BENCH_PY) bench/summary.py > /dev/null

bench-growth: install
	$(BENCH_RUN) $(BENCH_GROWTH_LIMIT) $(BENCH_PY) bench/growth.py --database $(BENCH_DB)
	$(BENCH_PY) bench/summary.py > /dev/null

bench-summary:
	$(BENCH_PY) bench/summary.py

bench-clean:
	rm -rf bench/work
	-test -x $(BENCH_PY) && $(BENCH_PY) bench/benchlib.py drop-databases
