# Learner Wallet. `make run` and `make test` are all a newcomer needs; both
# install missing system packages first (Debian/Ubuntu, with sudo if needed).

GO      ?= go
BIN     := bin
APPID   := org.learnerwallet.LearnerWallet
FYNE    := $(GO) run fyne.io/tools/cmd/fyne@v1.7.4
export LANG := en_US.UTF-8

.PHONY: all deps build run test lint bench package clean

all: build

deps:
	@.ci/deps

# The release build tells Fyne that every UI update goes through fyne.Do
# (FyneApp.toml's [Migrations] fyneDo, which `fyne package` applies too).
build: deps
	$(GO) build -tags migrated_fynedo -o $(BIN)/learnerwallet ./cmd/learnerwallet
	CGO_ENABLED=0 $(GO) build -o $(BIN)/lw ./cmd/lw

# run is the debug build: without migrated_fynedo, Fyne keeps its thread
# checks on and logs any widget touched off the UI goroutine.
run: deps
	$(GO) build -o $(BIN)/learnerwallet-debug ./cmd/learnerwallet
	CGO_ENABLED=0 $(GO) build -o $(BIN)/lw ./cmd/lw
	$(BIN)/learnerwallet-debug

# Tests build with -tags ci: Fyne's headless driver instead of GLFW, so no
# OpenGL code is compiled; the keyring tests run against a real Secret
# Service (gnome-keyring on a private D-Bus session). Last, every benchmark
# runs once, so that none stops working unnoticed (no timing is judged).
test: deps lint
	$(GO) vet -tags ci ./...
	CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/lw
	LW_TEST_KEYRING=real .ci/with-keyring $(GO) test -race -tags ci -count=1 ./...
	$(GO) test -tags ci -run '^$$' -bench . -benchtime 1x ./...

lint:
	@out=$$(gofmt -l cmd wallet store ui assets); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

bench: deps
	$(GO) test -tags ci -run '^$$' -bench . -benchmem ./...

# A native package (Linux: a .tar.xz with the binary, a .desktop file and
# the icon). fyne reads FyneApp.toml from the main package's folder, so it is
# copied there for the run.
package: deps
	cp FyneApp.toml cmd/learnerwallet/FyneApp.toml
	cp assets/icon.png cmd/learnerwallet/Icon.png
	cd cmd/learnerwallet && $(FYNE) package --release --app-id $(APPID) --icon Icon.png; \
		status=$$?; rm -f FyneApp.toml Icon.png; exit $$status
	mkdir -p dist && mv cmd/learnerwallet/*.tar.xz dist/
	@ls -l dist

clean:
	rm -rf $(BIN) dist
