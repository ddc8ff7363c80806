# flowrun developer and CI entry points.  `make demo` and `make test` are the
# README's commands; everything works from a fresh clone on a fresh Debian 12
# machine as root (packages are installed by scripts/deps.sh).
#
#   make build          configure + build (RelWithDebInfo, warnings are errors)
#   make unit           unit tests (ctest -L unit)
#   make asan           unit tests built with clang + ASan/UBSan
#   make e2e            end-to-end tests on docker and podman (engines started
#                       and stopped around them)
#   make test           unit + asan + e2e
#   make demo           lint and run examples/hello-world.yaml
#   make engines        start our dockerd and build the test images, and leave
#                       them up for manual work (make engines-stop ends them)
#   make format-check   clang-format, no changes made
#   make tidy           clang-tidy over lib/ and cmd/
#   make clean

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build

BUILD_DIR := build
ASAN_BUILD_DIR := build-asan

# Sanitizer findings must fail the test, with a stack trace to act on.
SANITIZER_ENV := ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:print_stacktrace=1 \
                 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

# Sources for clang-format and clang-tidy.
FORMAT_SOURCES = $(shell find lib cmd tests -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name '*.cc' \) 2>/dev/null | sort)
TIDY_SOURCES = $(shell find lib cmd -type f -name '*.cpp' 2>/dev/null | sort)

.PHONY: deps build unit asan engines engines-stop e2e e2e-run test demo format-check tidy clean

deps:
	scripts/deps.sh

build: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFLOWRUN_DEV_MODE=ON
	cmake --build $(BUILD_DIR)

unit: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -L unit

asan: deps
	cmake -S . -B $(ASAN_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_COMPILER=clang++ -DFLOWRUN_DEV_MODE=ON -DFLOWRUN_SANITIZE=ON
	cmake --build $(ASAN_BUILD_DIR)
	$(SANITIZER_ENV) ctest --test-dir $(ASAN_BUILD_DIR) --output-on-failure -L unit

# Leaves dockerd running on purpose; `eval "$$(scripts/engines.sh env)"` to use it.
engines:
	scripts/deps.sh engines
	scripts/engines.sh start
	scripts/test-images.sh

engines-stop:
	scripts/engines.sh stop

# with-engines.sh starts dockerd, exports DOCKER_HOST/CONTAINERS_CONF and
# always stops dockerd afterwards, keeping e2e-run's exit code.
e2e: build
	scripts/deps.sh engines
	scripts/with-engines.sh $(MAKE) --no-print-directory e2e-run

# Expects running engines and their environment (use `make e2e`).
e2e-run:
	scripts/test-images.sh
	ctest --test-dir $(BUILD_DIR) --output-on-failure -L e2e
	tests/e2e/engine_smoke.sh

test: unit asan e2e

# `flowrun run` exits 3 ("not implemented yet") until the engine lands; the
# demo shows that message but only fails on other non-zero exit codes.
# The binary is build/flowrun, or build/cmd/flowrun/flowrun where CMake puts
# it by default.
DEMO_WORKFLOW := examples/hello-world.yaml
demo: build
	@bin=$(BUILD_DIR)/flowrun; [[ -x $$bin ]] || bin=$(BUILD_DIR)/cmd/flowrun/flowrun; \
	echo "+ $$bin lint $(DEMO_WORKFLOW)"; \
	"$$bin" lint $(DEMO_WORKFLOW); \
	echo "+ $$bin run $(DEMO_WORKFLOW)"; \
	rc=0; "$$bin" run $(DEMO_WORKFLOW) || rc=$$?; \
	if [[ $$rc -eq 3 ]]; then \
	  echo "demo: 'flowrun run' is not implemented yet (exit 3); accepted for now"; \
	elif [[ $$rc -ne 0 ]]; then \
	  echo "demo: 'flowrun run' failed with exit $$rc" >&2; exit $$rc; \
	fi

# With no file arguments clang-format would read stdin: refuse instead.
format-check: deps
	@files=($(FORMAT_SOURCES)); \
	if (( $${#files[@]} == 0 )); then echo "format-check: no sources found" >&2; exit 1; fi; \
	clang-format --dry-run --Werror "$${files[@]}"; \
	echo "format-check: $${#files[@]} files clean"

# One clang-tidy per file, on all cores; an error (WarningsAsErrors in
# .clang-tidy) fails the target.  The per-file "N warnings generated." lines
# (mostly suppressed system-header warnings) are only noise.
tidy: build
	@files=($(TIDY_SOURCES)); \
	if (( $${#files[@]} == 0 )); then echo "tidy: no sources found" >&2; exit 1; fi; \
	printf '%s\0' "$${files[@]}" | xargs -0 -n 1 -P "$$(nproc)" clang-tidy -p $(BUILD_DIR) --quiet 2>&1 \
	  | { grep -vE '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$$' || true; }

clean:
	rm -rf $(BUILD_DIR) $(ASAN_BUILD_DIR)
