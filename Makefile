# Sistem Merit ASN Kota Semarang: the two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test install env migrate seed serve lint format bench messages clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

# A local .env for development: DEBUG on and a generated SECRET_KEY (never committed).
.env:
	printf 'DEBUG=1\nSECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' 2>/dev/null || python3 -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env

env: .env

migrate: install env
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_periodic_tasks

seed: migrate
	$(PY) manage.py seed_demo --once

serve: seed
	$(PY) manage.py collectstatic --noinput -v 0
	$(VENV)/bin/honcho start -f Procfile.dev

run: serve

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: install lint
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# `make bench SIZES=1500,15000,150000` measures more sizes (default 1,500 and 15,000).
SIZES ?= 1500,15000
bench: install
	SIZES=$(SIZES) $(PY) benchmarks/run.py

messages: install env
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=var --ignore=benchmarks
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var/broker var/results staticfiles
