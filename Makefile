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

# Packages, into dist/: the Linux app (a .tar.xz with the binary, a .desktop
# file and the icon), the Windows app (cross-built with mingw-w64, its icon
# and manifest inside), and lw for Linux, Windows and macOS (Intel and Apple
# silicon; lw needs no cgo, so it cross-builds anywhere). The macOS app itself
# needs a Mac to build (Fyne's driver links Apple's frameworks). fyne reads
# FyneApp.toml from the main package's folder, so it is copied there for the
# run; the fyne tool is installed for this machine, then told the target.
FYNETOOL := $(CURDIR)/$(BIN)/tools/fyne
LW_TARGETS := linux/amd64 linux/arm64 windows/amd64 darwin/amd64 darwin/arm64

package: deps
	@.ci/deps cross
	GOBIN=$(CURDIR)/$(BIN)/tools $(GO) install fyne.io/tools/cmd/fyne@v1.7.4
	mkdir -p dist
	cp FyneApp.toml cmd/learnerwallet/FyneApp.toml
	cp assets/icon.png cmd/learnerwallet/Icon.png
	cd cmd/learnerwallet && $(FYNETOOL) package --release --app-id $(APPID) --icon Icon.png && \
		GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc \
		$(FYNETOOL) package -os windows --release --app-id $(APPID) --icon Icon.png; \
		status=$$?; rm -f FyneApp.toml Icon.png; exit $$status
	mv cmd/learnerwallet/*.tar.xz dist/
	mv "cmd/learnerwallet/Learner Wallet.exe" dist/LearnerWallet-windows-amd64.exe
	for t in $(LW_TARGETS); do \
		os=$${t%/*}; arch=$${t#*/}; ext=; [ $$os = windows ] && ext=.exe; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags "-s -w" -o dist/lw-$$os-$$arch$$ext ./cmd/lw || exit 1; \
	done
	@ls -l dist

clean:
	rm -rf $(BIN) dist
