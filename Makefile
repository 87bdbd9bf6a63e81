# jianbao: a thin wrapper around CMake. `make demo` and `make test` are all the set-up there is.
BUILD ?= build
JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all deps build demo package test golden golden-update schema bench clean format \
	format-check checks fonts fonts-check typography fuzz messages

all: build

deps:
	@scripts/deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# The demo needs the program only, not the test suite.
demo: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target jianbao
	$(BUILD)/jianbao render templates/ningbo/briefing.yaml --allow-path data -o out
	$(BUILD)/jianbao render templates/notice/gbt9704.yaml --allow-path data -o out
	$(BUILD)/jianbao render templates/districts/briefing.yaml --allow-path data -o out/districts
	$(BUILD)/jianbao render templates/jiankuang/jiankuang.yaml --allow-path data -o out --set period=2025M1-10
	/usr/bin/python3 scripts/demo_db.py data/jiankuang data/jiankuang/jiankuang.db
	$(BUILD)/jianbao render templates/jiankuang/jiankuang_sqlite.yaml --allow-path data -o out --set period=2025M1-10

# A .deb of the program, its fonts, manual page, completion and examples (cmake/install.cmake):
# $(BUILD)/jianbao_VERSION-1_ARCH.deb. `cmake --install $(BUILD) --prefix P` installs the same.
package: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target jianbao jianbao_docs
	cd $(BUILD) && cpack -G DEB

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Bring the message catalogs (src/po/*.po) in step with the sources: new messages appear there
# untranslated, to be translated before `make test` passes (tests/ci/messages_check.py).
messages:
	@scripts/deps.sh
	/usr/bin/python3 tests/ci/messages_check.py src --update

# Rebuild the prepared fonts in fonts/ from the pinned Debian packages (fonts/README.md). A normal
# user never needs this: the prepared files are committed. fonts-check proves they reproduce.
fonts:
	@scripts/deps.sh fonts
	/usr/bin/python3 scripts/prepare_fonts.py

fonts-check:
	@scripts/deps.sh fonts
	/usr/bin/python3 scripts/prepare_fonts.py --check

# The typesetting checker's findings on the demos, rule by rule (make test runs it as well).
typography: demo
	/usr/bin/python3 tests/typography/check_pdf.py out/ningbo-briefing.pdf
	/usr/bin/python3 tests/typography/check_pdf.py --preset gbt9704 out/ningbo-notice.pdf

# libFuzzer (clang, with ASan and UBSan) on the spec loader, the CSV reader, placeholder
# expressions and the whole pipeline (a spec and its CSV files -> PDF bytes in memory),
# FUZZ_SECONDS each (FUZZ_TARGETS=pipeline: that one only); what it finds goes into
# tests/fuzz/regressions/.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
fuzz:
	@scripts/deps.sh fuzz
	cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJIANBAO_FUZZ=ON -DBUILD_TESTING=OFF
	cmake --build build-fuzz -j $(JOBS) --target spec_loader_fuzz csv_reader_fuzz expression_fuzz \
	  pipeline_fuzz
	scripts/fuzz.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

golden: build
	$(BUILD)/tests/jianbao_tests "[golden]"

# Accept new golden references on purpose; review the images before committing them.
golden-update: build
	JIANBAO_GOLDEN_UPDATE=1 $(BUILD)/tests/jianbao_tests "[golden]"

# The committed copy of the spec's JSON Schema, after a key table of src/spec changed.
schema: build
	$(BUILD)/jianbao schema > templates/jianbao.schema.json

bench: build
	scripts/bench.sh $(BUILD)/jianbao templates/ningbo/briefing.yaml --allow-path data
	scripts/bench.sh $(BUILD)/jianbao templates/districts/briefing.yaml --allow-path data -j1
	scripts/bench.sh $(BUILD)/jianbao templates/districts/briefing.yaml --allow-path data -j2

FORMATTED = $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'tests/*.c')
format:
	@scripts/deps.sh checks
	clang-format -i $(FORMATTED)

# What .ci/run checks besides `make test`: the formatting, and the `checks` preset (every stage a
# shared library linked with --no-undefined, so a call into a later stage fails to link; built
# with ASan and UBSan, which then run the unit tests).
format-check:
	@scripts/deps.sh checks
	clang-format --dry-run -Werror $(FORMATTED)

checks: deps
	cmake --preset checks
	cmake --build build-checks -j $(JOBS) --target jianbao_tests
	cd build-checks && ctest -L unit --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD) build-fuzz build-checks build-layers out
