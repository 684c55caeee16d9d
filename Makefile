# The two commands a newcomer needs: `make run` and `make test`.
# Everything else is a step they call, or an opt-in (PostgreSQL, Rasa, bench).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help run serve install assets translations translations-extract translations-update \
        translations-check index secret db test test-fast test-browser test-postgres lint \
        typecheck evaluate bench screenshots clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | sort | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-22s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) node_modules/.installed ## Create the virtual environment and install Python and npm packages

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.installed ## Compile GOV.UK Frontend and the site's styles
	npm run --silent build

translations: $(STAMP) ## Compile the gettext catalogues (.po -> .mo)
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
	  $(BIN)/pybabel -q compile -d translations; fi

translations-extract: $(STAMP) ## Extract interface strings into translations/messages.pot
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k ngettext -k pgettext:1c,2 \
	  --no-location --sort-output --omit-header -o translations/messages.pot portal

translations-update: translations-extract ## Merge new strings into every language's .po file
	$(BIN)/pybabel -q update -N --ignore-obsolete -i translations/messages.pot -d translations

translations-check: $(STAMP) ## Fail if the catalogue is stale, fuzzy, incomplete or has wrong placeholders
	$(BIN)/python -m portal.i18n_check

secret: instance/secret_key ## Create a local secret key for development

instance/secret_key:
	@mkdir -p instance
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(48))" > $@
	@chmod 600 $@

index: $(STAMP) ## Build the search index for every language
	PORTAL_CONFIG=development $(BIN)/flask --app portal search-index

db: $(STAMP) secret ## Create or upgrade the SQLite database
	@if [ -d migrations ]; then PORTAL_CONFIG=development $(BIN)/flask --app portal db upgrade; fi

run: install assets translations secret index db ## Install everything and serve on http://127.0.0.1:5000
	PORTAL_CONFIG=development $(BIN)/flask --app portal run --host 127.0.0.1 --port 5000

serve: ## Production server (gunicorn, 2 workers) on 127.0.0.1:8000; needs SECRET_KEY
	$(BIN)/gunicorn --workers 2 --bind 127.0.0.1:8000 'portal:create_app()'

lint: $(STAMP) ## ruff
	$(BIN)/ruff check portal bot tests

typecheck: $(STAMP) ## mypy --strict on portal and bot
	$(BIN)/mypy

evaluate: $(STAMP) ## The assistant's evaluation on the development question set
	$(BIN)/python -m bot evaluate ../shared/eval/dev_questions.tsv

test: install assets translations secret ## The whole suite: lint, types, catalogues, unit, browser and evaluation
	$(MAKE) --no-print-directory lint typecheck translations-check
	$(BIN)/python -m pytest -m "not postgres and not rasa" --cov --cov-report=term

test-fast: $(STAMP) ## Unit tests only (no browser), for a quick loop
	$(BIN)/python -m pytest -m "not browser and not postgres and not rasa" -q

test-browser: install assets ## Browser tests only (Playwright + Debian's Chromium + axe)
	$(BIN)/python -m pytest -m browser -q

test-postgres: $(STAMP) ## Database tests against a real PostgreSQL (DATABASE_URL_TEST)
	$(BIN)/python -m pytest -m postgres -q

bench: install assets translations secret ## Measure weight, speed and footprint; writes bench/results/latest.json
	$(BIN)/python -m tests.bench

screenshots: install assets translations ## The README's screenshots (Debian's Chromium, 360 px) into docs/screenshots/
	$(BIN)/python -m tests.screenshots

clean: ## Remove build output (keeps the virtual environment)
	rm -rf portal/static/css portal/static/govuk instance/search .pytest_cache .mypy_cache .ruff_cache

-include bot/rasa/rasa.mk
