# DiffusionODE: the two commands of the README, and a few more.
#   make run    build (release) and run the default job on the built-in example problem
#   make test   install what is missing, build (debug) and run every test
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE_BIN := .build/release/diffode

.PHONY: setup run test build release bench clean

# From Debian, only when missing: GSL, OpenBLAS and libpng (found through pkg-config), and
# Python 3 with numpy for the reference model server the tests start.
DEBIAN_PACKAGES := libgsl-dev libopenblas-dev libpng-dev pkg-config python3 python3-numpy
setup:
	@if ! (command -v pkg-config >/dev/null 2>&1 && pkg-config --exists gsl openblas libpng \
		&& command -v python3 >/dev/null 2>&1 && python3 -c "import numpy" 2>/dev/null); then \
		echo "Installing $(DEBIAN_PACKAGES) (apt-get)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(DEBIAN_PACKAGES); \
	fi
	@# A python3 other than Debian's (pyenv, conda) first on PATH gets numpy from pip.
	@python3 -c "import numpy" 2>/dev/null || python3 -m pip install -q numpy \
		|| python3 -m pip install -q --break-system-packages numpy

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
