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
#   make bench          engine benchmarks (DryRun executor)
#   make bench-containers  container steps vs a plain `run --rm` loop
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
FORMAT_SOURCES = $(shell find lib cmd tests bench -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name '*.cc' \) 2>/dev/null | sort)
TIDY_SOURCES = $(shell find lib cmd -type f -name '*.cpp' 2>/dev/null | sort)

.PHONY: deps build unit asan engines engines-stop e2e e2e-run test demo bench bench-containers format-check tidy clean

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

# The demo runs the workflow with --runtime host (each container's command as a
# local process) until the docker/podman executors land; it fails if the
# workflow does not succeed. The binary is build/cmd/flowrun/flowrun.
DEMO_WORKFLOW := examples/hello-world.yaml
demo: build
	@bin=$(BUILD_DIR)/cmd/flowrun/flowrun; \
	echo "+ $$bin lint $(DEMO_WORKFLOW)"; \
	"$$bin" lint $(DEMO_WORKFLOW); \
	echo "+ $$bin run $(DEMO_WORKFLOW) --runtime host"; \
	"$$bin" run $(DEMO_WORKFLOW) --runtime host

# Engine benchmarks (Google Benchmark, DryRun executor).
bench: build
	$(BUILD_DIR)/bench/flowrun_bench --benchmark_counters_tabular=true

# Container steps: flowrun vs a plain `run --rm` loop, side by side, on both engines.
bench-containers: build
	scripts/deps.sh engines
	scripts/with-engines.sh bash -c 'scripts/test-images.sh && bench/containers_bench.sh $(BUILD_DIR)/cmd/flowrun/flowrun'

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
