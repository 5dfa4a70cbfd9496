# odpay: `make run` serves the demo practice, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATABASE_URL ?= sqlite:///odpay.db
HOST ?= 127.0.0.1
PORT ?= 30223
DEV_KEY := NFF6i0KrXrxDkZHt
CUST_KEY := VzkmZEaUWOjnQX2z

.PHONY: run demo-db test check coverage coverage-all check-wheel constraints bench install install-test clean

$(BIN)/odpay: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.test-installed: pyproject.toml constraints.txt $(BIN)/odpay
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	@# The C MariaDB driver where it builds (it needs libmariadb-dev); PyMySQL serves otherwise.
	@$(BIN)/pip install --quiet -c constraints.txt -e ".[mysqlclient]" 2>/dev/null || \
		echo "mysqlclient could not be built here; MariaDB URLs use PyMySQL"
	@touch $@

install: $(BIN)/odpay
install-test: $(VENV)/.test-installed

# make run [PORT=30223] [HOST=127.0.0.1] [DATABASE_URL=sqlite:///odpay.db]
run: install demo-db
	@echo "Test key pair: curl -H 'Authorization: ODFHIR $(DEV_KEY)/$(CUST_KEY)' 'http://$(HOST):$(PORT)/api/v1/payments?PatNum=1'"
	@$(BIN)/odpay serve --database-url "$(DATABASE_URL)" --host $(HOST) --port $(PORT)

# The database `make run` serves: the schema, the demo practice (on a new database only) and
# the test key pair. tests/test_readme.py builds its database with this target too.
demo-db:
	@if $(BIN)/odpay db upgrade --database-url "$(DATABASE_URL)" | grep -q "blank practice written"; then \
		$(BIN)/odpay demo load --database-url "$(DATABASE_URL)"; \
	fi
	@$(BIN)/odpay keys create --developer-key $(DEV_KEY) --customer-key $(CUST_KEY) --database-url "$(DATABASE_URL)" >/dev/null

test: install-test
	$(BIN)/pytest -q

check: install-test coverage
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench
	$(BIN)/lint-imports
	$(BIN)/mypy src/odpay tests

# The domain fully covered, branches included, by its own tests (no database: about a minute).
# The report lists what is not covered; settings in pyproject.toml [tool.coverage].
coverage: install-test
	$(BIN)/pytest -q --cov --cov-report= tests/domain
	$(BIN)/coverage report --include='src/odpay/domain/*' --fail-under=100

# The whole suite's report over src/odpay (all back-ends ODPAY_TEST_*_URL name); not a gate.
coverage-all: install-test
	$(BIN)/pytest -q --cov --cov-report=term

# The wheel, built and installed in fresh venvs without and with the driver extras (CI runs it).
check-wheel:
	PYTHON=$(PYTHON) scripts/check_wheel.sh

# Re-pin constraints.txt: the test extras in a fresh venv, then pip freeze.
constraints:
	rm -rf .constraints-venv && $(PYTHON) -m venv .constraints-venv
	.constraints-venv/bin/pip install --quiet -e ".[test]"
	{ head -n 2 constraints.txt; .constraints-venv/bin/pip freeze --exclude-editable; } > constraints.new
	mv constraints.new constraints.txt && rm -rf .constraints-venv

bench: install-test
	@cat bench/README.md

clean:
	rm -rf $(VENV) odpay.db odpay.db-wal odpay.db-shm .pytest_cache
