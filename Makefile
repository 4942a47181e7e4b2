# DiffusionODE: the two commands of the README, and a few more.
#   make run    build (release) and run the default job on the built-in example problem
#   make test   install what is missing, build (debug) and run every test
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE_BIN := .build/release/diffode

.PHONY: setup run test build release bench clean

# GSL and pkg-config from Debian, only when missing.
setup:
	@if ! (command -v pkg-config >/dev/null 2>&1 && pkg-config --exists gsl); then \
		echo "Installing libgsl-dev and pkg-config (apt-get)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libgsl-dev pkg-config; \
	fi

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release --product diffode

# The main job: the DPM-Solver paper's Table 1 layout (RK2/RK3 in t and lambda against
# DPM-Solver-2/3, NFE 12..48) on the bundled Gaussian problem, measured against its exact flow.
run: release
	$(RELEASE_BIN) converge --preset table1 --problem examples/gaussian-4d.json --schedule linear \
		--samples 1000 --seed 0 --csv table1.csv --svg table1.svg

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test
	scripts/walkthroughs
	scripts/fuzz 10

clean:
	rm -rf .build
