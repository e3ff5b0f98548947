# mysysdig: build, test and run.
#
#   make setup     install what building and testing need (Debian packages, Deno)
#   make           the FFI shim and the static test programs
#   make module    kmod/my_sysdig.ko for the running kernel (KDIR=... for another)
#   make test      every test: unit, tracefs on this host, the module in a qemu guest
#   make vm-run VM_CMD='mysysdig --format seed -- /bin/true' [VM_ADD=DIR]
#
# Deno comes from the npm registry into .deps/ (see README: JSR and
# deno.land cannot be reached from the machines this is built on).

DENO_VERSION := 2.9.6
DENO_PKG_ARCH := $(if $(filter aarch64 arm64,$(shell uname -m)),linux-arm64-glibc,linux-x64-glibc)
DENO ?= $(CURDIR)/.deps/node_modules/@deno/$(DENO_PKG_ARCH)/deno
export DENO

APT_PACKAGES := build-essential libc6-dev cpio kmod busybox-static qemu-system-x86 \
	sysdig strace

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
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends $(APT_PACKAGES); fi
	$(MAKE) all

test: setup
	$(DENO) run -A tests/run.ts

lint: $(DENO)
	$(DENO) fmt --check
	$(DENO) lint

clean:
	$(MAKE) -C ffi clean
	$(MAKE) -C tests/progs clean
	-$(MAKE) -C kmod clean

.PHONY: all shim progs module setup test lint clean

-include vm/vm.mk
