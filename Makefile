# One command each: `make serve` and `make test` set up .venv from the pinned
# versions in requirements/lock.txt on a fresh machine, then serve / test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
# mkdocs-redirects asks ProperDocs to print a banner under `mkdocs` (see #15).
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve build deploy test test-properdocs typecheck lint e2e clean bench bench-check \
  bench-import bench-serve bench-tags bench-images fuzz lighthouse

# plugins/masthead/__init__.py holds the version the install's metadata records.
$(STAMP): pyproject.toml requirements/lock.txt plugins/masthead/__init__.py
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

# Python: ruff. The GitHub workflows: valid against GitHub's schema, and zizmor's
# audits (actions pinned to a commit, no template injection, least permissions), both
# offline (actionlint's PyPI package downloads its binary from GitHub when installed).
lint: $(STAMP)
	$(BIN)/ruff check plugins tests tools bench e2e/lighthouse
	$(BIN)/ruff format --check plugins tests tools bench e2e/lighthouse
	$(BIN)/mypy
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/zizmor --offline --quiet .github/workflows

# Two workers (pytest-xdist): the machine's two cores.
test: $(STAMP) lint
	$(BIN)/pytest -n 2

# The same suite on ProperDocs (the maintained MkDocs 1.x fork) with MkDocs absent: its
# own venv from lock.txt without MkDocs and mkdocs-get-deps (only MkDocs needs it; keep
# mergedeep: Material's meta plugin imports it without declaring it). Material and
# mkdocs-redirects declare `mkdocs`, hence --no-deps: the pins are the complete list.
# The recipe fails if MkDocs got in anyway; MASTHEAD_HOST tells tests/test_properdocs.py
# where it runs.
PD_VENV   := .venv-properdocs
PD_BIN    := $(PD_VENV)/bin
PD_STAMP  := $(PD_VENV)/.installed
NOT_ON_PD := ^(mkdocs|mkdocs-get-deps)==

$(PD_STAMP): pyproject.toml requirements/lock.txt plugins/masthead/__init__.py
	$(PYTHON) -m venv $(PD_VENV)
	grep -Ev '$(NOT_ON_PD)' requirements/lock.txt > $(PD_VENV)/requirements.txt
	$(PD_BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r $(PD_VENV)/requirements.txt
	$(PD_BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	! $(PD_BIN)/python -m pip show --quiet mkdocs 2>/dev/null
	touch $@

test-properdocs: $(PD_STAMP)
	MASTHEAD_HOST=properdocs $(PD_BIN)/pytest -n 2

# mypy alone (`make lint` runs it too); configured by pyproject.toml's [tool.mypy].
typecheck: $(STAMP)
	$(BIN)/mypy

# The hostile-input generators for longer (about 10 minutes; not part of `make test`).
FUZZ ?= 40
fuzz: $(STAMP)
	MASTHEAD_FUZZ=$(FUZZ) $(BIN)/pytest -n 2 -m fuzz -p no:randomly -q

# Browser tests: Debian's Chromium (apt-get; never a browser some tool downloads),
# playwright-core and axe-core from npm at the versions in e2e/package-lock.json. The
# demo is built under the sub-path GitHub Pages serves it from; screenshots land in
# build/e2e/.
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM := /usr/bin/chromium
E2E_ROOT := build/e2e/root

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium

e2e/node_modules/.installed: e2e/package.json e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund --ignore-scripts
	touch $@

e2e: $(STAMP) $(CHROMIUM) e2e/node_modules/.installed
	rm -rf $(E2E_ROOT)
	$(BIN)/mkdocs build --strict --quiet --site-dir $(E2E_ROOT)/masthead-demo
	cd e2e && CHROMIUM=$(CHROMIUM) E2E_ROOT=../$(E2E_ROOT) node --test --test-concurrency=1 .

# Lighthouse (npm `lighthouse`, pinned in e2e/package-lock.json; Debian's Chromium) on the
# demo served like GitHub Pages (gzip, cache headers, under its sub-path) by
# e2e/lighthouse/server.py: home, blog index, a post with images and FAQ, a tag page;
# mobile, median of LIGHTHOUSE_RUNS runs. Fails under the thresholds unless
# LIGHTHOUSE_ENFORCE=0; reports in build/lighthouse/masthead/. No network needed.
LIGHTHOUSE_ROOT             := build/lighthouse/root
LIGHTHOUSE_ENFORCE          ?= 1
LIGHTHOUSE_RUNS             ?= 3
LIGHTHOUSE_MIN_PERFORMANCE  ?= 95
LIGHTHOUSE_MIN_OTHERS       ?= 100

lighthouse: $(STAMP) $(CHROMIUM) e2e/node_modules/.installed
	rm -rf $(LIGHTHOUSE_ROOT)
	$(BIN)/mkdocs build --strict --quiet --site-dir $(LIGHTHOUSE_ROOT)/masthead-demo
	CHROME_PATH=$(CHROMIUM) $(BIN)/python e2e/lighthouse/run.py --root $(LIGHTHOUSE_ROOT) \
	  --base /masthead-demo/ --out build/lighthouse/masthead --runs $(LIGHTHOUSE_RUNS) \
	  --enforce $(LIGHTHOUSE_ENFORCE) --min-performance $(LIGHTHOUSE_MIN_PERFORMANCE) \
	  --min-accessibility $(LIGHTHOUSE_MIN_OTHERS) --min-best-practices $(LIGHTHOUSE_MIN_OTHERS) \
	  --min-seo $(LIGHTHOUSE_MIN_OTHERS)

# Not part of `make test`: timings depend on the machine.
bench: $(STAMP)
	$(BIN)/python bench/compare.py --sizes 200 1000 --runs 3

bench-check: $(STAMP)
	$(BIN)/python bench/check_speed.py --posts 1000 --runs 5

# A real `mkdocs serve` of 1000 posts: from a file's write to the served page (#16).
bench-serve: $(STAMP)
	$(BIN)/python bench/serve_speed.py --posts 1000 --runs 5

bench-import: $(STAMP)
	$(BIN)/python bench/import_speed.py --posts 1000 --runs 3

bench-tags: $(STAMP)
	$(BIN)/python bench/tags_overhead.py --posts 1000 --runs 3

# Responsive images (#17): 1000 posts, 4000 distinct images; cold and warm builds.
bench-images: $(STAMP)
	$(BIN)/python bench/images_speed.py --posts 1000 --runs 3

clean:
	rm -rf $(VENV) $(PD_VENV) site build .pytest_cache e2e/node_modules
