# The Rasa path of the assistant (opt-in). Included from the Makefile.
#   make rasa-setup   its own virtual environment (.rasa-venv), idempotent
#   make rasa-train   generate the training files and train (skipped when nothing changed)
#   make rasa-run     Rasa on 127.0.0.1:5005 and its action server on 127.0.0.1:5055
#   make rasa-stop    stop both
#   make rasa-test    the Rasa tests against running servers
#   make rasa-ci      setup, train, run, test, stop (what .ci/run calls)
# Rasa 3.6 pins clash with the portal's (SQLAlchemy 1.4, scikit-learn 1.1), hence the
# separate environment. See bot/rasa/README.md.

RASA_PYTHON ?= python3.11
RASA_VENV := .rasa-venv
RASA_BIN := $(RASA_VENV)/bin
RASA_STAMP := $(RASA_VENV)/.installed
RASA_DIR := bot/rasa
RASA_GEN := $(RASA_DIR)/data/generated
RASA_MODELS := $(RASA_DIR)/models
RASA_RUN := $(RASA_DIR)/.rasa/run
RASA_HOST := 127.0.0.1
RASA_PORT ?= 5005
RASA_ACTIONS_PORT ?= 5055
RASA_READY_TIMEOUT ?= 300
RASA_URL ?= http://$(RASA_HOST):$(RASA_PORT)
# The portal's environment runs the tests (the Makefile defines BIN).
RASA_PORTAL_BIN := $(if $(BIN),$(BIN),.venv/bin)
# Telemetry off (no network calls home); Rasa's own training cache off (rasa-train
# skips unchanged inputs itself, and the cache cannot see changes to bot/ code); the
# project root on PYTHONPATH so the actions and the tokenizer can import bot/.
RASA_ENV := RASA_TELEMETRY_ENABLED=false RASA_MAX_CACHE_SIZE=0 \
  PYTHONPATH=$(CURDIR) TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1 \
  PYTHONWARNINGS=ignore \
  MPLCONFIGDIR=$(CURDIR)/$(RASA_DIR)/.rasa/matplotlib
RASA_TRAIN_FILES := $(RASA_DIR)/rules.yml $(RASA_GEN)/nlu.yml $(RASA_GEN)/rules.yml

.PHONY: rasa-setup rasa-data rasa-train rasa-run rasa-stop rasa-status rasa-test rasa-evaluate rasa-measure rasa-ci

$(RASA_STAMP): $(RASA_DIR)/requirements-rasa.txt
	$(RASA_PYTHON) -m venv $(RASA_VENV)
	$(RASA_BIN)/pip install --quiet --no-deps --ignore-requires-python rasa==3.6.21 rasa-sdk==3.6.2
	$(RASA_BIN)/pip install --quiet -r $(RASA_DIR)/requirements-rasa.txt
	touch $@

rasa-setup: $(RASA_STAMP) ## Rasa: create .rasa-venv and install Rasa 3.6 (idempotent)

rasa-data: $(RASA_STAMP) ## Rasa: write data/generated/ from bot/data/<lang>/nlu.yml
	@$(RASA_BIN)/python $(RASA_DIR)/build.py >/dev/null

rasa-train: rasa-data ## Rasa: train into bot/rasa/models/ (skipped when inputs are unchanged)
	@fp=$$(cat $(RASA_GEN)/fingerprint); model=$(RASA_MODELS)/$$fp.tar.gz; \
	if [ -f "$$model" ]; then echo "rasa-train: $$model is up to date"; exit 0; fi; \
	start=$$(date +%s); \
	$(RASA_ENV) $(RASA_BIN)/rasa train --quiet --config $(RASA_DIR)/config.yml \
	  --domain $(RASA_GEN)/domain.yml --data $(RASA_TRAIN_FILES) \
	  --out $(RASA_MODELS) --fixed-model-name $$fp || exit 1; \
	echo "rasa-train: trained $$model in $$(( $$(date +%s) - start ))s"; \
	ls -t $(RASA_MODELS)/*.tar.gz | tail -n +4 | xargs -r rm -f

# Start one server in the background unless its pid file names a live process.
# $(1) name, $(2) command.
define rasa_start
	@if [ -f $(RASA_RUN)/$(1).pid ] && kill -0 $$(cat $(RASA_RUN)/$(1).pid) 2>/dev/null; then \
	  echo "rasa-run: $(1) already running (pid $$(cat $(RASA_RUN)/$(1).pid))"; \
	else \
	  nohup env $(RASA_ENV) $(2) > $(RASA_RUN)/$(1).log 2>&1 & echo $$! > $(RASA_RUN)/$(1).pid; \
	  echo "rasa-run: started $(1) (pid $$(cat $(RASA_RUN)/$(1).pid), log $(RASA_RUN)/$(1).log)"; \
	fi
endef

rasa-run: rasa-train ## Rasa: start Rasa (127.0.0.1:5005) and the action server (:5055); waits until ready
	@mkdir -p $(RASA_RUN)
	@if [ -n "$$TWILIO_ACCOUNT_SID" ]; then cp $(RASA_DIR)/credentials.yml $(RASA_RUN)/credentials.yml; \
	  else printf '# REST only: TWILIO_ACCOUNT_SID is not set\nrest:\n' > $(RASA_RUN)/credentials.yml; fi
	$(call rasa_start,actions,SANIC_HOST=$(RASA_HOST) $(RASA_BIN)/python -m rasa_sdk \
	  --actions bot.rasa.actions --port $(RASA_ACTIONS_PORT))
	$(call rasa_start,rasa,$(RASA_BIN)/rasa run --enable-api --interface $(RASA_HOST) \
	  --port $(RASA_PORT) --model $(RASA_MODELS)/$$(cat $(RASA_GEN)/fingerprint).tar.gz \
	  --endpoints $(RASA_DIR)/endpoints.yml --credentials $(RASA_RUN)/credentials.yml \
	  $${RASA_AUTH_TOKEN:+--auth-token "$$RASA_AUTH_TOKEN"})
	@$(RASA_BIN)/python $(RASA_DIR)/wait_ready.py --timeout $(RASA_READY_TIMEOUT) \
	  --pid-dir $(RASA_RUN) --rasa http://$(RASA_HOST):$(RASA_PORT) \
	  --actions http://$(RASA_HOST):$(RASA_ACTIONS_PORT) || { $(MAKE) --no-print-directory rasa-stop; exit 1; }

rasa-stop: ## Rasa: stop the servers started by rasa-run
	@for name in rasa actions; do pidfile=$(RASA_RUN)/$$name.pid; \
	  if [ -f $$pidfile ]; then pid=$$(cat $$pidfile); \
	    if kill -0 $$pid 2>/dev/null; then kill $$pid; \
	      for i in $$(seq 1 100); do kill -0 $$pid 2>/dev/null || break; sleep 0.2; done; \
	      kill -0 $$pid 2>/dev/null && kill -9 $$pid; echo "rasa-stop: stopped $$name (pid $$pid)"; fi; \
	    rm -f $$pidfile; fi; done

rasa-status: ## Rasa: are the servers running?
	@for name in rasa actions; do pidfile=$(RASA_RUN)/$$name.pid; \
	  if [ -f $$pidfile ] && kill -0 $$(cat $$pidfile) 2>/dev/null; then \
	    echo "$$name: running (pid $$(cat $$pidfile))"; else echo "$$name: stopped"; fi; done

rasa-test: ## Rasa: the Rasa tests against the running servers (make rasa-run first)
	RASA_URL=$(RASA_URL) $(RASA_PORTAL_BIN)/python -m pytest -m rasa tests/rasa -q

rasa-evaluate: ## Rasa: the evaluation on the development question set, through Rasa
	$(RASA_PORTAL_BIN)/python -m bot evaluate ../shared/eval/dev_questions.tsv --engine rasa --rasa-url $(RASA_URL)

rasa-measure: ## Rasa: latency of /model/parse and of a whole answer, memory of both servers
	$(RASA_PORTAL_BIN)/python $(RASA_DIR)/measure.py --rasa $(RASA_URL) --pid-dir $(RASA_RUN)

# CI also serves the Twilio channel, with made-up credentials, to test the signature
# check; HTTPS_PROXY to a closed loopback port keeps the (failing) outgoing text on the
# machine. These are not secrets and work nowhere.
RASA_CI_ENV := TWILIO_ACCOUNT_SID=ACci0000000000000000000000000000 \
  TWILIO_AUTH_TOKEN=ci-made-up-token TWILIO_NUMBER=+15005550006 \
  TWILIO_WEBHOOK_URL=http://$(RASA_HOST):$(RASA_PORT)/webhooks/twilio/webhook \
  HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1,localhost

# CI: start, test, stop, then check the client's fallback with the servers stopped.
# Setup and training reach the package registry, so they run before the proxy is set.
rasa-ci: ## Rasa: setup, train, run, test, stop (what .ci/run calls)
	$(MAKE) --no-print-directory rasa-train
	$(RASA_CI_ENV) $(MAKE) --no-print-directory rasa-run
	@status=0; $(RASA_CI_ENV) $(MAKE) --no-print-directory rasa-test || status=$$?; \
	$(MAKE) --no-print-directory rasa-stop; [ $$status -eq 0 ] || exit $$status; \
	RASA_URL=$(RASA_URL) RASA_SERVERS_STOPPED=1 $(RASA_PORTAL_BIN)/python -m pytest -m rasa \
	  tests/rasa/test_rasa_stopped.py -q
