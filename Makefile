# The README's commands. Each first installs what this machine lacks (.ci/setup).
.PHONY: demo test setup release install

# Where `make install` puts things: $(DESTDIR)$(PREFIX)/bin, share/man/man1, share/lumatop/themes
# and the shells' completion folders.
PREFIX ?= /usr/local
DESTDIR ?=
# The release build's own folder, so it never relinks the debug build's products.
SCRATCH ?= .build-release
# More flags for that build: CI checks the same static binary unoptimised (-Xswiftc -Onone), which
# builds in minutes where the optimised one takes about twenty on two cores.
SWIFT_FLAGS ?=

demo:
	@.ci/setup
	swift run lumatop --demo

test:
	@.ci/setup --tests
	swift test

setup:
	@.ci/setup --tests

# One binary with the Swift runtime inside: it needs only the C libraries Debian ships
# (.ci/check-binary lists them).
release:
	@.ci/setup
	swift build -c release --static-swift-stdlib --disable-local-rpath --product lumatop --scratch-path $(SCRATCH) $(SWIFT_FLAGS)

install: release
	scripts/install "$(SCRATCH)/release/lumatop" "$(DESTDIR)$(PREFIX)"
