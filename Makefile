# Circles on a Debian machine with Swift.
#
#   make build   debug build of everything
#   make test    build, then run the whole test suite against a throwaway PostgreSQL
#   make demo    the end-to-end demo (deploy/local/demo.sh)
#   make bench   the benchmarks, release build (deploy/local/bench.sh)
#   make clean   remove build products and leftover local clusters
#
# test, demo and bench install missing Debian packages first, and start PostgreSQL
# and an SMTP sink for the duration unless CIRCLES_DATABASE_URL / CIRCLES_SMTP_URL
# are set; see deploy/local/with-services.sh.

SWIFT ?= swift
# Extra flags for every swift build/test, e.g. SWIFT_BUILD_FLAGS="--scratch-path .build-mine".
SWIFT_BUILD_FLAGS ?=
# Extra flags for swift test, e.g. SWIFT_TEST_FLAGS="--filter RecurrenceTests".
SWIFT_TEST_FLAGS ?=

LOCAL := deploy/local
export SWIFT SWIFT_BUILD_FLAGS SWIFT_TEST_FLAGS

.PHONY: all packages build test demo bench clean

all: build

packages:
	$(LOCAL)/ensure-packages.sh

build: packages
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)

# Build first, so that a compile error costs no database; then test with services up.
test: packages
	$(SWIFT) build --build-tests $(SWIFT_BUILD_FLAGS)
	$(LOCAL)/with-services.sh $(LOCAL)/run-tests.sh

demo: packages
	$(LOCAL)/with-services.sh $(LOCAL)/demo.sh

bench: packages
	$(LOCAL)/with-services.sh $(LOCAL)/bench.sh

# Do not run while a make test/demo/bench is running: .local/ holds its cluster.
clean:
	rm -rf .build .local
