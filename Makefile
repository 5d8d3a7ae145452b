# One command each: `make serve` and `make test` set up .venv from the pinned
# versions in requirements/lock.txt on a fresh machine, then serve / test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build deploy test lint clean bench bench-check bench-tags

$(STAMP): pyproject.toml requirements/lock.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve

build: $(STAMP)
	$(BIN)/mkdocs build --strict

# Publish to GitHub Pages: build with --strict, commit the site to the `gh-pages`
# branch on top of the last deploy (a fast-forward) and push it to $(REMOTE). A fresh
# clone (CI) has no local gh-pages branch: fetch it first, or the push is refused.
REMOTE ?= origin
deploy: $(STAMP)
	git fetch --quiet $(REMOTE) gh-pages:gh-pages 2>/dev/null || echo "deploy: no gh-pages branch on $(REMOTE) yet; this deploy creates it"
	$(BIN)/mkdocs gh-deploy --strict --clean --remote-name $(REMOTE)

lint: $(STAMP)
	$(BIN)/ruff check plugins tests tools bench
	$(BIN)/ruff format --check plugins tests tools bench
	# The GitHub workflows: valid against GitHub's schema, and zizmor's audits (actions
	# pinned to a commit, no template injection, least permissions). Both offline.
	# (actionlint's PyPI package downloads its binary from GitHub when installed.)
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/zizmor --offline --quiet .github/workflows

test: $(STAMP) lint
	$(BIN)/pytest

# Not part of `make test`: timings depend on the machine.
bench: $(STAMP)
	$(BIN)/python bench/compare.py --sizes 200 1000 --runs 3

bench-check: $(STAMP)
	$(BIN)/python bench/check_speed.py --posts 1000 --runs 5

bench-tags: $(STAMP)
	$(BIN)/python bench/tags_overhead.py --posts 1000 --runs 3

clean:
	rm -rf $(VENV) site build .pytest_cache
