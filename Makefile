# Two commands do all the set-up on a fresh machine:  make run  and  make test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Django 6.1 needs Python 3.12+: take the first such interpreter on PATH, else one of pyenv's.
define find_python
for p in python3.14 python3.13 python3.12 python3 python \
         $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
  if "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v "$$p"; exit 0; fi; \
done; \
echo "Claim Tracker needs Python 3.12 or newer: install it (e.g. 'pyenv install 3.12') and retry." >&2; exit 1
endef

.PHONY: run test worker install lint chromium

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || "$$($(find_python))" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(STAMP)

# The app with demo data on http://127.0.0.1:8000, a background worker beside it.
# DEBUG serves plain http and static files for this local run; production leaves it off.
run: export DEBUG ?= true
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	$(PY) manage.py procrastinate worker & trap 'kill $$! 2>/dev/null' EXIT; \
	$(PY) manage.py runserver 127.0.0.1:8000

# One more extraction worker (run on as many machines as you like, against the same DATABASE_URL).
worker: install
	$(PY) manage.py procrastinate worker

# Browser tests drive Debian's Chromium: Playwright never downloads a browser of its own.
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

# The whole test suite on the embedded PostgreSQL, or on DATABASE_URL when set.
test: install chromium
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
