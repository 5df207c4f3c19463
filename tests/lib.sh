# tests/lib.sh - shell test library (after git's test-lib.sh), sourced by
# every tests/*/t-*.sh script.
#
#	. "$(dirname "$0")/../lib.sh"
#	test_expect_success 'import counts cards' '
#		memdrill import deck.md >out &&
#		grep "41 added" out
#	'
#	test_done
#
# Each script runs in a fresh scratch directory ($TRASH) with its own
# collection, config and data folders; `memdrill` is the binary under test
# ($MEMDRILL_BIN, default ./memdrill at the top of the tree), finding its
# data in the tree ($MEMDRILL_HOME).  What memdrill builds (modules, the
# lab VM's initramfs) goes to one cache shared by every script,
# build/cache, so a `make check` builds it once.  test_done prints
# "N passed, N failed, N skipped" and exits 1 on any failure.  TEST_KEEP=1
# keeps the scratch directory for a look after a failure.

TEST_TOP=$(cd "$(dirname "$0")/../.." && pwd)
: "${MEMDRILL_BIN:=$TEST_TOP/memdrill}"
export MEMDRILL_HOME="$TEST_TOP"
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/memdrill-test.XXXXXX")
export HOME="$TRASH/home" XDG_DATA_HOME="$TRASH/data"
export XDG_CONFIG_HOME="$TRASH/config" MEMDRILL_DB="$TRASH/data/test.db"
export XDG_CACHE_HOME="$TEST_TOP/build/cache"
export NO_COLOR=1 LC_ALL=C.UTF-8 TZ=UTC
unset MEMDRILL_KERNEL MEMDRILL_KDIR COLUMNS
# lab VMs use TCG unless a test asks for another accelerator (CI has no
# working KVM; t-vm-boot.sh tests --accel auto)
export MEMDRILL_VM_ACCEL=tcg
mkdir -p "$HOME"
[ -n "${TEST_KEEP:-}" ] || trap 'rm -rf "$TRASH"' EXIT
cd "$TRASH" || exit 2
test_pass=0
test_fail=0
test_skip=0

memdrill() {
	"$MEMDRILL_BIN" "$@"
}

# The sqlite3 shell as tests use it: wait up to 5 s for a lock, as memdrill
# does, instead of failing when a just-killed drill's WAL is being
# recovered or another process is mid-commit.
sqlite3() {
	command sqlite3 -cmd ".timeout 5000" "$@"
}

# test_expect_success DESC SCRIPT: SCRIPT must exit 0.
test_expect_success() {
	if (eval "$2") >"$TRASH/.log" 2>&1; then
		test_pass=$((test_pass + 1))
		echo "ok   - $1"
	else
		test_fail=$((test_fail + 1))
		echo "FAIL - $1"
		sed 's/^/    /' "$TRASH/.log" | tail -n 40
	fi
}

# test_expect_code CODE DESC SCRIPT: the last command of SCRIPT exits CODE.
test_expect_code() {
	test_expect_success "$2" "( $3 ); rc=\$?; test \$rc -eq $1 ||
		{ echo \"exit \$rc, expected $1\"; false; }"
}

# test_expect_code_run CODE CMD...: run CMD, succeed if it exits CODE.
test_expect_code_run() {
	want=$1
	shift
	"$@"
	got=$?
	[ "$got" -eq "$want" ] || { echo "exit $got, expected $want: $*" >&2; return 1; }
}

test_skip() {
	test_skip=$((test_skip + 1))
	echo "skip - $1: $2"
}

# test_cmp EXPECTED ACTUAL: show a diff when they differ.
test_cmp() {
	diff -u "$1" "$2"
}

test_done() {
	echo "$test_pass passed, $test_fail failed, $test_skip skipped"
	[ "$test_fail" -eq 0 ]
}
