# Two commands do everything on a fresh machine: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
DATA ?= data
# Setup and tests never reach for a model hub: every model they use is local.
OFFLINE := HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1

.PHONY: setup browser test run ingest bench eval calibrate eval-sets lint clean

setup: $(STAMP)

# torch first: the pinned CPU build lies on disk here; an unpinned torch pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e '.[test]'
	$(OFFLINE) $(VENV)/bin/reportqa prepare-model
	touch $(STAMP)

# Browser tests drive Debian's chromium; CJK fonts make screenshots readable.
browser:
	@command -v chromium >/dev/null && fc-list | grep -qi "noto sans cjk" || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk)

test: setup browser
	$(OFFLINE) $(VENV)/bin/pytest -n 2 --dist loadfile --durations=15

ingest: setup
	$(VENV)/bin/reportqa ingest corpus --data $(DATA)

# Ingest corpus/ (unchanged files cost a re-parse, never a re-embedding), then serve on 127.0.0.1:7860.
run: ingest
	$(VENV)/bin/reportqa serve --data $(DATA)

bench: setup
	$(PY) bench/ingest_bench.py
	$(PY) bench/retrieval_bench.py
	cd bench && ../$(PY) ask_bench.py

eval: ingest
	$(VENV)/bin/reportqa eval ../shared/eval/seed_qa.jsonl --data $(DATA)

# Refit the figure scorer (qa/data/scorer.json) on the labelled question sets, leave-one-report-out;
# writes the cross-validation report to bench/calibration_report.md.
calibrate: setup
	$(OFFLINE) $(PY) bench/calibrate.py

# Right / refused / wrong per question set: per report, together, and unscoped over the whole archive.
eval-sets: setup
	$(OFFLINE) $(PY) bench/eval_sets.py

lint: setup
	$(VENV)/bin/ruff check index qa ui tests bench

clean:
	rm -rf $(VENV) $(DATA)
