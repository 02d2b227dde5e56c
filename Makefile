# The two commands the README opens with. Both install missing system
# packages first, so they work on a fresh Debian machine with Swift.
.PHONY: deps test build

deps:
	@./scripts/ensure-system-packages.sh

build: deps
	swift build

# Every test target; conformance suites read ../shared/conformance or $$VIGIL_CONFORMANCE_DIR.
test: deps
	swift test
