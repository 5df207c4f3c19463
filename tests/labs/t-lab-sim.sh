#!/bin/sh
# t-lab-sim.sh - every sim lab through `memdrill lab run` (the scenario in
# the simulator, the page's expectations against its output).
. "$(dirname "$0")/../lib.sh"

n=0
for page in "$MEMDRILL_HOME"/labs/*.md; do
	grep -q '^Kind: sim' "$page" || continue
	id=$(basename "$page" .md)
	n=$((n + 1))
	test_expect_success "sim lab $id passes" "
		memdrill lab run $id >$id.out 2>&1; rc=\$?; cat $id.out;
		test \$rc -eq 0 && grep '^verdict: pass' $id.out
	"
done
[ $n -gt 0 ] || test_skip 'sim labs' 'no sim lab pages yet'

test_done
