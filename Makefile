# helixgate: `make check` and `make test` work on a fresh clone.
# Everything is installed by these rules: a virtualenv in .venv and OPA built
# from the Go module pinned in tools/opa into the git-ignored .cache/.

PYTHON ?= python3
GO ?= go
VENV := .venv
BIN := $(VENV)/bin
OPA := .cache/bin/opa
CONFTEST := .cache/bin/conftest
COVERAGE_MIN := 90

.PHONY: all setup venv opa browser check test lint rego-fmt rego-check rego-test pytest scenarios clean conftest bench bundle fuzz docs

all: check

setup: venv opa

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

opa: $(OPA)

$(OPA): tools/opa/go.mod tools/opa/go.sum tools/opa/main.go
	mkdir -p $(dir $(OPA))
	cd tools/opa && $(GO) build -trimpath -o $(CURDIR)/$(OPA) .
	$(OPA) version | head -1

# Decide every example; exit 0 whatever the decisions (1 = a deny is fine
# here), non-zero only if an example could not be decided (exit 2).
check: setup
	@$(BIN)/helixgate check examples/; status=$$?; \
	if [ $$status -ge 2 ]; then echo "make check: an example could not be decided (exit $$status)"; exit $$status; fi

test: setup browser lint rego-test pytest

# Headless Chromium from Debian for the HTML report's browser test
# (tests/test_report_html.py), which fails without it. Playwright drives this
# system binary: its own browser download cannot be reached from here.
browser:
	@command -v chromium >/dev/null 2>&1 || \
	  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; }
	@chromium --version 2>/dev/null

lint: rego-fmt rego-check
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src
	$(BIN)/mypy

# The Rego roots, each checked and tested on its own: policies/ (the pack,
# the embedded server's system.authz, conftest's entry point) and deploy/ (the
# fleet servers' system.authz and system.log), whose system packages would
# collide if loaded together.
REGO_ROOTS := policies deploy

rego-fmt: $(OPA)
	@out=$$($(OPA) fmt --list $(REGO_ROOTS)); \
	if [ -n "$$out" ]; then echo "not formatted by opa fmt: $$out"; exit 1; fi

rego-check: $(OPA)
	@set -e; for root in $(REGO_ROOTS); do echo "$(OPA) check --strict $$root"; $(OPA) check --strict $$root; done

rego-test: $(OPA)
	@set -e; for root in $(REGO_ROOTS); do \
	  report=.cache/rego-coverage-$$root.json; \
	  $(OPA) test $$root --coverage --threshold $(COVERAGE_MIN) --format json > $$report || \
	    { $(OPA) test $$root; python3 -c 'import json, sys; print("rego coverage of", sys.argv[1], json.load(open(sys.argv[2])).get("coverage"))' $$root $$report; exit 1; }; \
	  python3 -c 'import json, sys; print("rego coverage of %s %.1f%% (minimum $(COVERAGE_MIN)%%)" % (sys.argv[1], json.load(open(sys.argv[2]))["coverage"]))' $$root $$report; \
	  echo "$(OPA) test $$root"; $(OPA) test $$root; \
	done

pytest: setup
	$(BIN)/python -m pytest -q

# conftest, pinned in tools/conftest/go.mod (a `tool` directive: its command
# package is internal, so it is built from the module itself), for `make bench`
# and for trying the conftest entry point policies/conftest.
conftest: $(CONFTEST)

$(CONFTEST): tools/conftest/go.mod tools/conftest/go.sum
	mkdir -p $(dir $(CONFTEST))
	cd tools/conftest && $(GO) build -trimpath \
	  -ldflags "-X github.com/open-policy-agent/conftest/internal/version.Version=$$($(GO) list -m -f '{{.Version}}' github.com/open-policy-agent/conftest | sed 's/^v//')" \
	  -o $(CURDIR)/$(CONFTEST) github.com/open-policy-agent/conftest
	$(CONFTEST) --version

# The speed figures of issue 17, each against its target (bench/run.py): the
# pack against revision 2026.11.0 (from Git history), helixgate against
# conftest and conftest --combine, cold start, linear growth, memory; on
# 1,000 and 10,000 generated manifests. Exit 1 only when decisions disagree or
# a tool fails. BENCH_ARGS="--parts pack,e2e,cold,growth,memory --sizes 1000,10000
# --transfers 1000,10000 --runs 3 --cap 120"; markdown to stdout,
# .cache/bench/results.json.
bench: setup $(CONFTEST)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Fuzz the loader (bytes -> documents -> validation) for FUZZ_SECONDS, with
# atheris where it installs, else a long Hypothesis run; not part of `make test`.
FUZZ_SECONDS ?= 60
fuzz: setup
	@$(BIN)/python -c 'import atheris' 2>/dev/null || $(BIN)/pip install --quiet 'atheris>=2.3' || \
	  echo "make fuzz: atheris does not install here; falling back to Hypothesis"
	$(BIN)/python fuzz/fuzz_loader.py --seconds $(FUZZ_SECONDS)

scenarios: setup
	$(PYTHON) ../shared/tools/check_scenarios.py --cmd $(BIN)/helixgate ../shared/scenarios

# The OPA bundle for your own OPA servers (README, "Running at scale"):
# make bundle [BUNDLE=dist/helixgate.tar.gz] [SIGNING_KEY=key.pem] [SIGNING_ALG=RS256] [REVISION=...]
BUNDLE ?= dist/helixgate.tar.gz
SIGNING_ALG ?= RS256
bundle: setup
	mkdir -p $(dir $(BUNDLE))
	$(BIN)/helixgate bundle -o $(BUNDLE) $(if $(REVISION),--revision '$(REVISION)') \
	  $(if $(SIGNING_KEY),--signing-key '$(SIGNING_KEY)' --signing-alg $(SIGNING_ALG))

clean:
	rm -rf $(VENV) .cache build dist

# The rules reference in docs/, generated from the catalogue (tests/test_docs.py
# fails when it is stale).
docs: venv
	$(BIN)/python -c 'from helixgate.catalogue_view import rules_markdown; open("docs/rules.md", "w", encoding="utf-8").write(rules_markdown())'
