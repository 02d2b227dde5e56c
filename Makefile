# The two commands the README opens with. Both install missing system
# packages first, so they work on a fresh Debian machine with Swift.
.PHONY: deps demo test build

deps:
	@./scripts/ensure-system-packages.sh

build: deps
	swift build

# Vigil's main job on the bundled Corpus.
demo: deps
	swift build --product vigil
	./scripts/demo.sh

# Every test target; conformance suites read ../shared/conformance or $$VIGIL_CONFORMANCE_DIR.
test: deps
	swift test --no-parallel
