# mysysdig: build, test and run.
#
#   make setup     install what running needs: Deno (npm) and a C compiler for the shim
#   make setup-test  everything else building and testing need (qemu, cross
#                  compilers, sysdig, strace, DKMS, zstd, Debian's other suites)
#   make           the FFI shim and the static test programs
#   make module    kmod/my_sysdig.ko for the running kernel (KDIR=... for another)
#   make test      every test: unit, tracefs on this host, the module in a qemu guest
#   make bench     every benchmark, rewrites BENCHMARKS.md (root, about 25 min)
#   make vm-run VM_CMD='mysysdig --format seed -- /bin/true' [VM_ADD=DIR]
#
# Deno comes from the npm registry into .deps/ (see README: JSR and
# deno.land cannot be reached from the machines this is built on).

DENO_VERSION := 2.9.6
DENO_PKG_ARCH := $(if $(filter aarch64 arm64,$(shell uname -m)),linux-arm64-glibc,linux-x64-glibc)
DENO ?= $(CURDIR)/.deps/node_modules/@deno/$(DENO_PKG_ARCH)/deno
export DENO

# What running from this tree needs (make setup): the shim's compiler.
APT_RUN := gcc libc6-dev make
# The other architecture's Debian name and cross compiler (guests, make dist).
HOST_ARM := $(filter aarch64 arm64,$(shell uname -m))
FOREIGN_DEB := $(if $(HOST_ARM),amd64,arm64)
CROSS_PKGS := $(if $(HOST_ARM),gcc-x86-64-linux-gnu libc6-dev-amd64-cross,gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
# The 32-bit test program (tests/progs/prog32.c): i386 for x86_64 guests, armhf
# for aarch64 guests (gcc-multilib would remove the arm64 cross compiler).
COMPAT_PKGS := gcc-arm-linux-gnueabihf libc6-dev-armhf-cross \
	$(if $(HOST_ARM),,gcc-i686-linux-gnu libc6-dev-i386-cross)
# What testing, benchmarks and make dist need as well (make setup-test):
# zstd and libzstd-dev (both architectures) for the single-file release.
APT_PACKAGES := build-essential libc6-dev cpio kmod busybox-static qemu-system-x86 \
	sysdig strace qemu-system-arm $(CROSS_PKGS) $(COMPAT_PKGS) dkms zstd libzstd-dev \
	libzstd-dev:$(FOREIGN_DEB)

all: shim progs

shim:
	$(MAKE) -C ffi

progs:
	$(MAKE) -C tests/progs

module:
	$(MAKE) -C kmod $(if $(KDIR),KDIR=$(KDIR))

$(DENO):
	npm install --prefix .deps --no-save --no-audit --no-fund deno@$(DENO_VERSION)

setup: $(DENO)
	@if ! dpkg -s $(APT_RUN) >/dev/null 2>&1; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends $(APT_RUN); fi
	$(MAKE) shim

# vm/apt-suites.sh: Debian's bullseye and trixie (kernels 5.10 and 6.12 for
# the test guests) known to apt, pinned so that nothing here upgrades from them;
# the other architecture, for its libzstd-dev.
setup-test: setup
	vm/apt-suites.sh
	@if ! dpkg --print-foreign-architectures | grep -qx $(FOREIGN_DEB); then \
		dpkg --add-architecture $(FOREIGN_DEB) && apt-get update; fi
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends $(APT_PACKAGES); fi
	$(MAKE) all

test: setup-test
	$(DENO) run -A tests/run.ts

bench: setup-test
	bench/run.sh

lint: $(DENO)
	$(DENO) fmt --check
	$(DENO) lint

clean:
	$(MAKE) -C ffi clean
	$(MAKE) -C tests/progs clean
	-$(MAKE) -C kmod clean

.PHONY: all shim progs module setup setup-test test bench lint clean

# ---- release artefacts and DKMS ------------------------------------------
#
#   make dist [DIST_ARCH="x86_64 aarch64"]   dist/: per architecture one
#       executable, mysysdig-ARCH (a static launcher with Deno, the bundled
#       CLI and the shim appended, compressed), an offline bundle
#       mysysdig-ARCH-bundle/ (Deno + bundled CLI + shim + launcher, and its
#       .tar.gz) and, where a Deno runtime can be had (DENORT_BIN_<arch>,
#       DENORT_BIN or a download from Deno), a `deno compile` executable;
#       see tools/dist.sh
#   make dkms-install   the module's source in /usr/src/my_sysdig-VERSION,
#       then `dkms install` for the running kernel or KVER=release (dkms.conf)

VERSION := $(shell sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' deno.json)
DIST_ARCH ?= x86_64 aarch64
DKMS_SRC := /usr/src/my_sysdig-$(VERSION)

dist: setup-test
	tools/dist.sh $(DIST_ARCH)

dkms-src:
	rm -rf $(DKMS_SRC) && mkdir -p $(DKMS_SRC)/kmod
	cp dkms.conf $(DKMS_SRC)/
	cp kmod/Kbuild kmod/Makefile kmod/*.c kmod/*.h $(DKMS_SRC)/kmod/

dkms-install: dkms-src
	dkms install my_sysdig/$(VERSION) $(if $(KVER),-k $(KVER))

.PHONY: dist dkms-src dkms-install

-include vm/vm.mk
