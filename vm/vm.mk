# Test guests (qemu, TCG) for the kernel module: included by the root Makefile.
#
#   make vm-run VM_CMD='mysysdig --format seed -- /bin/true' [VM_ADD=DIR]
#   make vm-kernel      fetch the guest kernel and install its headers
#   make vm-module      build kmod/my_sysdig.ko against the guest kernel
#   make vm-initramfs   build the guest's initramfs archives
#   make vm-test        the harness's own test (tests/vm_harness_test.ts)
#   make vm-clean       drop the cached kernels and archives
#
# VM_ARCH (default: this machine's) and KSERIES (default 6.1) pick the guest;
# not ARCH, which make hands down to kbuild, where it means something else.
# VM_NOINSMOD, VM_INSMOD_ARGS, VM_TIMEOUT, VM_KEEP_LOG, VM_OUT_DIR,
# VM_LOG_IGNORE, VM_VERBOSE: see vm/run.sh.

VM_ARCH ?= $(shell uname -m)
KSERIES ?= 6.1
VM_ENV_FILE := .cache/vm/$(VM_ARCH)-$(KSERIES)/env

export VM_ARCH KSERIES VM_CMD VM_ADD VM_NOINSMOD VM_INSMOD_ARGS VM_TIMEOUT \
	VM_KEEP_LOG VM_OUT_DIR VM_LOG_IGNORE VM_VERBOSE

vm-kernel:
	vm/kernel.sh $(VM_ARCH) $(KSERIES)

# KDIR is read from the env file in the recipe, after vm-kernel wrote it.
vm-module: vm-kernel
	$(MAKE) -C kmod KDIR="$$(. ./$(VM_ENV_FILE) && echo $$KDIR)"

vm-initramfs: vm-module
	$(MAKE) -C ffi
	if [ -f tests/progs/Makefile ]; then $(MAKE) -C tests/progs; fi
	vm/initramfs.sh $(VM_ARCH) $(KSERIES)

vm-run: vm-initramfs
	@if [ -z "$$VM_CMD" ]; then echo "make vm-run: set VM_CMD='command to run in the guest'" >&2; exit 2; fi
	VM_BUILD=0 vm/run.sh

vm-test:
	$(DENO) test -A tests/vm_harness_test.ts

vm-clean:
	rm -rf .cache/vm

.PHONY: vm-kernel vm-module vm-initramfs vm-run vm-test vm-clean
