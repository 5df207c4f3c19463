#!/bin/sh
# t-lab-host.sh - every host lab through `memdrill lab run`, checking its
# expectations.  Whether a lab can run here is decided from this machine,
# not from the lab's answer: the memcg OOM lab needs root and a v1 memory
# controller that takes a new group; without them it is skipped, and the
# lab must then say why it cannot run (exit 2).  Every other host lab, and
# this one where the machine allows it, must pass.
. "$(dirname "$0")/../lib.sh"

cg=/sys/fs/cgroup/memory
# can_run ID: does this machine give lab ID what it needs?  Sets $why.
can_run() {
	why=
	case $1 in
	host-memcg-oom)
		if [ "$(id -u)" != 0 ]; then
			why="needs root"
		elif [ ! -f "$cg/memory.limit_in_bytes" ]; then
			why="no v1 memory controller at $cg"
		elif ! mkdir "$cg/memdrill-test-$$" 2>/dev/null; then
			why="cannot create a memory cgroup in $cg"
		else
			rmdir "$cg/memdrill-test-$$"
		fi
		;;
	esac
	[ -z "$why" ]
}

for page in "$MEMDRILL_HOME"/labs/*.md; do
	grep -q '^Kind: host' "$page" || continue
	id=$(basename "$page" .md)
	memdrill lab run "$id" >"$id.out" 2>&1
	rc=$?
	if ! can_run "$id"; then
		test_skip "host lab $id" "$why"
		test_expect_success "host lab $id says why it cannot run" "
			cat $id.out && test $rc -eq 2 &&
			grep '^verdict: could not run: ' $id.out
		"
		continue
	fi
	test_expect_success "host lab $id passes" "
		cat $id.out && test $rc -eq 0 &&
		grep '^verdict: pass' $id.out &&
		! grep ': FAILED$' $id.out
	"
done

test_done
