#!/bin/sh
# t-lab-pages.sh - every shipped lab page is valid (`memdrill check`), has
# the four prose parts (docs/lab-format.md) and at least one prediction,
# and every kmod action memdrill knows has a page.
. "$(dirname "$0")/../lib.sh"
labs=$MEMDRILL_HOME/labs

test_expect_success 'memdrill check: no errors in lab pages' '
	memdrill check "$labs" >out 2>err; cat out err;
	grep "check: 0 errors" err
'

for page in "$labs"/*.md; do
	id=$(basename "$page" .md)
	[ "$id" = README ] && continue
	test_expect_success "$id: four prose parts and a prediction" "
		for h in 'What to predict' 'What to watch' 'Why it happens' \
		    'Try next'; do
			grep -q \"^## \$h\" '$page' || { echo \"no '\$h'\"; exit 1; }
		done &&
		grep -q '^Predict: .* | ' '$page'
	"
done

test_expect_success 'every shipped module action has a kmod page' '
	for a in "pfault_lab touch" "slab_lab redzone" "slab_lab uaf" \
	    "slab_lab double_free" "slab_lab leak_destroy" \
	    "alloc_lab contiguity" "alloc_lab classes" "alloc_lab buddyinfo" \
	    "oom_lab victim"; do
		set -- $a
		grep -l "^Module: $1\$" "$labs"/*.md |
		    xargs grep -l "^Action: $2\$" >/dev/null ||
		    { echo "no page for $a"; exit 1; }
	done
'

test_done
