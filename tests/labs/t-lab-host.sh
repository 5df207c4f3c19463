#!/bin/sh
# t-lab-host.sh - every host lab through `memdrill lab run`, checking its
# expectations.  A lab that cannot run here (memcg OOM without root or a
# v1 memory controller) must say why and exit 2; that is a skip.
. "$(dirname "$0")/../lib.sh"

for page in "$MEMDRILL_HOME"/labs/*.md; do
	grep -q '^Kind: host' "$page" || continue
	id=$(basename "$page" .md)
	memdrill lab run "$id" >"$id.out" 2>&1
	rc=$?
	if [ $rc -eq 2 ] && grep -q "^verdict: could not run: " "$id.out"; then
		test_skip "$id" "$(sed -n 's/^verdict: could not run: //p' \
			"$id.out")"
		continue
	fi
	test_expect_success "host lab $id passes" "
		cat $id.out && test $rc -eq 0 &&
		grep '^verdict: pass' $id.out &&
		! grep ': FAILED$' $id.out
	"
done

test_done
