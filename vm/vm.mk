# Test guests (qemu, TCG) for the kernel module: included by the root Makefile.
#
#   make vm-run VM_CMD='mysysdig --format seed -- /bin/true' [VM_ADD=DIR]
#   make vm-kernel      fetch the guest kernel and install its headers
#   make vm-module      build the module (and shim, test programs) for the guest
#   make vm-initramfs   build the guest's initramfs archives
#   make vm-test        the harness's own test (tests/vm_harness_test.ts)
#   make vm-clean       drop the cached kernels and archives
#
# VM_ARCH or ARCH (x86_64, aarch64; default: this machine's) and KSERIES
# (5.10, 6.1, 6.12, and 6.12-16k for aarch64: 16 KiB pages; default 6.1)
# pick the guest. ARCH=aarch64 is taken as
# VM_ARCH and not handed down to kbuild, where ARCH means arm64.
# VM_NOINSMOD, VM_INSMOD_ARGS, VM_BARE, VM_TIMEOUT, VM_KEEP_LOG, VM_OUT_DIR,
# VM_LOG_IGNORE, VM_VERBOSE: see vm/run.sh.

ifneq ($(filter aarch64 arm64 x86_64 amd64,$(ARCH)),)
VM_ARCH := $(ARCH)
endif
VM_ARCH ?= $(shell uname -m)
KSERIES ?= 6.1
# The scripts pass kbuild its own ARCH; ours must not reach it.
VM_ENV := env -u ARCH MAKEFLAGS= MAKEOVERRIDES=

export VM_ARCH KSERIES VM_CMD VM_ADD VM_NOINSMOD VM_INSMOD_ARGS VM_BARE VM_TIMEOUT \
	VM_KEEP_LOG VM_OUT_DIR VM_LOG_IGNORE VM_VERBOSE

vm-kernel:
	$(VM_ENV) vm/kernel.sh $(VM_ARCH) $(KSERIES)

# The module against the guest kernel's headers, the shim and tests/progs:
# in the tree for this machine's architecture, cross-built into
# .cache/vm/ARCH-KSERIES/build/ for another (vm/build.sh).
vm-module: vm-kernel
	$(VM_ENV) vm/build.sh $(VM_ARCH) $(KSERIES)

vm-initramfs: vm-module
	$(VM_ENV) vm/initramfs.sh $(VM_ARCH) $(KSERIES)

vm-run: vm-initramfs
	@if [ -z "$$VM_CMD" ]; then echo "make vm-run: set VM_CMD='command to run in the guest'" >&2; exit 2; fi
	$(VM_ENV) VM_BUILD=0 vm/run.sh

vm-test:
	$(DENO) test -A tests/vm_harness_test.ts

vm-clean:
	rm -rf .cache/vm

.PHONY: vm-kernel vm-module vm-initramfs vm-run vm-test vm-clean
