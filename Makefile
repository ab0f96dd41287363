# The README's two commands. Each first installs what this machine lacks (.ci/setup).
.PHONY: demo test setup

demo:
	@.ci/setup
	swift run lumatop --demo

test:
	@.ci/setup --tests
	swift test

setup:
	@.ci/setup --tests
