# helixgate: `make check` and `make test` work on a fresh clone.
# Everything is installed by these rules: a virtualenv in .venv and OPA built
# from the Go module pinned in tools/opa into the git-ignored .cache/.

PYTHON ?= python3
GO ?= go
VENV := .venv
BIN := $(VENV)/bin
OPA := .cache/bin/opa
COVERAGE_MIN := 90

.PHONY: all setup venv opa check test lint rego-fmt rego-check rego-test pytest scenarios clean

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

test: setup lint rego-test pytest

lint: rego-fmt rego-check
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src
	$(BIN)/mypy

rego-fmt: $(OPA)
	@out=$$($(OPA) fmt --list policies); \
	if [ -n "$$out" ]; then echo "not formatted by opa fmt: $$out"; exit 1; fi

rego-check: $(OPA)
	$(OPA) check --strict policies

rego-test: $(OPA)
	$(OPA) test policies --coverage --threshold $(COVERAGE_MIN) --format json > .cache/rego-coverage.json || \
	  { $(OPA) test policies; python3 -c 'import json; print("rego coverage", json.load(open(".cache/rego-coverage.json")).get("coverage"))'; exit 1; }
	@python3 -c 'import json; print("rego coverage %.1f%% (minimum $(COVERAGE_MIN)%%)" % json.load(open(".cache/rego-coverage.json"))["coverage"])'
	$(OPA) test policies

pytest: setup
	$(BIN)/python -m pytest -q

scenarios: setup
	$(PYTHON) ../shared/tools/check_scenarios.py --cmd $(BIN)/helixgate ../shared/scenarios

clean:
	rm -rf $(VENV) .cache build dist
