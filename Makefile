# dermclaim — `make demo` and `make test` set everything up from a fresh clone.
PY     ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat constraints.txt pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test lint bench tables schema docs clean

$(STAMP): pyproject.toml constraints.txt
	@$(PY) -c 'import venv, ensurepip' 2>/dev/null || { \
	  echo "installing python3-venv (Debian)"; apt-get update -qq && apt-get install -y -qq python3-venv; }
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	@rm -f $(VENV)/.installed-*; touch $@

demo: $(STAMP)
	@for f in examples/*.json; do \
	  echo; echo "════ dermclaim $$(case $$f in *scrub*) echo scrub;; *) echo code;; esac) $$f"; \
	  $(BIN)/dermclaim $$(case $$f in *scrub*) echo scrub;; *) echo code;; esac) $$f || exit $$?; \
	done
	@echo; echo "════ dermclaim batch examples/encounters.jsonl (scrub)"
	@$(BIN)/dermclaim batch examples/encounters.jsonl $(VENV)/demo-results.jsonl --mode scrub
	@echo "results: $(VENV)/demo-results.jsonl"

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/mypy --strict src/dermclaim

bench: $(STAMP)
	$(BIN)/python bench/bench_batch.py
	$(BIN)/python bench/bench_x12.py

# Rebuild the committed code tables from ../shared/data/cms (maintainers only).
tables: $(STAMP)
	$(BIN)/python scripts/build_tables.py
	$(BIN)/python scripts/build_mohs_auc.py

schema docs: $(STAMP)
	$(BIN)/python scripts/gen_schema.py
	$(BIN)/python scripts/gen_docs.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
