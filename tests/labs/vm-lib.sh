# tests/labs/vm-lib.sh - shared by the t-vm-*.sh scripts (sourced after
# ../lib.sh): skip without a VM, and a scratch memdrill home holding only
# chosen lab pages, so one `lab run --all --vm` boot runs just them.

# Skip the whole script (a skip, never a pass) when no VM can run.
vm_require() {
	if ! command -v qemu-system-x86_64 >/dev/null 2>&1 ||
	    ! ls /boot/vmlinuz-* >/dev/null 2>&1; then
		test_skip "$1" 'no qemu-system-x86_64 or kernel image'
		test_done
		exit
	fi
}

# vm_home DIR ID...: a memdrill home at DIR with labs/ID.md for each ID,
# engine/guest-helpers and kmod/ (a link to the real one; the runner builds a
# copy of it in the shared cache, so every script reuses one build).
vm_home() {
	d=$1
	shift
	mkdir -p "$d/labs" "$d/engine" &&
	cp "$TEST_TOP/engine/guest-helpers" "$d/engine/guest-helpers" &&
	ln -s "$TEST_TOP/kmod" "$d/kmod" || return
	for id in "$@"; do
		cp "$TEST_TOP/labs/$id.md" "$d/labs/" || return
	done
}

# vm_wrong DIR ID NEW-ID SED: a copy of labs/ID.md in DIR named NEW-ID with
# SED applied to its Expect lines (an expectation the kernel breaks).
vm_wrong() {
	sed -e "s/^ID: .*/ID: $3/" -e "/^Expect:/$4" \
	    "$TEST_TOP/labs/$2.md" >"$1/labs/$3.md" &&
	! cmp -s "$TEST_TOP/labs/$2.md" "$1/labs/$3.md"
}

# vm_shim: put a qemu-system-x86_64 first in PATH that appends each boot's
# kernel command line (its -append argument) to $TRASH/boots, one a line,
# then runs the real one: the tests count boots and read their arguments.
vm_shim() {
	real=$(command -v qemu-system-x86_64) || return
	mkdir -p "$TRASH/shim" &&
	cat >"$TRASH/shim/qemu-system-x86_64" <<SHIM &&
#!/bin/sh
prev=
for a in "\$@"; do
	[ "\$prev" = -append ] && printf '%s\n' "\$a" >>"$TRASH/boots"
	prev=\$a
done
exec "$real" "\$@"
SHIM
	chmod +x "$TRASH/shim/qemu-system-x86_64" &&
	: >"$TRASH/boots" &&
	PATH=$TRASH/shim:$PATH
}
