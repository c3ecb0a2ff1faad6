# Co-Prod AI — the two commands: `make run` and `make test`.
# Everything installs itself on first use: the virtualenv, Python packages and (where this
# machine allows: root or sudo with apt) the system packages for audio, vocals and browser tests.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
APT_PACKAGES := fluidsynth libfluidsynth3 fluid-soundfont-gm ffmpeg festival festvox-kallpc16k librsvg2-bin fonts-dejavu-core poppler-utils chromium
PYTEST_ARGS ?=

.PHONY: run test install system-deps migrate lint typecheck check bench clean

run: install system-deps migrate ## Set everything up and start Redis, the web processes (uvicorn), a Celery worker and beat
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_challenges
	$(PY) manage.py seed_templates
	$(PY) bin/services.py run

test: install system-deps ## Run the whole test suite
	$(PY) bin/services.py exec -- $(PY) -m pytest $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "Python 3.11 is required"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

system-deps: ## Install the Debian packages the renderer, vocals and browser tests use (if we can)
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then echo "NOTE: install$$missing with your package manager (see README)"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	else echo "NOTE: not root: install$$missing (apt-get install$$missing) for audio, vocals and browser tests"; exit 0; fi; \
	echo "Installing system packages:$$missing"; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing

migrate: install
	$(PY) bin/services.py exec -- $(PY) manage.py migrate --noinput

lint:
	$(VENV)/bin/ruff check .

typecheck:
	$(VENV)/bin/mypy generation projects vault coprod accounts insights challenges webhooks marketplace ops

check: install lint typecheck ## ruff everywhere, mypy (strict for the engine)

bench: install
	$(PY) bench/engine.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis
