#!/bin/sh
# t-lab-pages.sh - every shipped lab page is valid (`memdrill check`), has
# the four prose parts (docs/lab-format.md) and at least one prediction;
# the registry of kmod actions and the pages agree.
. "$(dirname "$0")/../lib.sh"
labs=$MEMDRILL_HOME/labs

test_expect_success 'memdrill check: no errors in lab pages' '
	memdrill check "$labs" >out 2>err; cat out err;
	grep "check: 0 errors" err
'

for page in "$labs"/*.md; do
	id=$(basename "$page" .md)
	[ "$id" = README ] && continue
	if grep -q '^Kind: exercise$' "$page"; then
		test_expect_success "$id: an exercise's three prose parts" "
			for h in 'Task' 'Why it happens' 'Try next'; do
				grep -q \"^## \$h\" '$page' ||
				    { echo \"no '\$h'\"; exit 1; }
			done
		"
		continue
	fi
	test_expect_success "$id: four prose parts and a prediction" "
		for h in 'What to predict' 'What to watch' 'Why it happens' \
		    'Try next'; do
			grep -q \"^## \$h\" '$page' || { echo \"no '\$h'\"; exit 1; }
		done &&
		grep -q '^Predict: .* | ' '$page'
	"
done

# The registry (engine/kmod-actions.h, listed by `lab actions`) is the one
# list of kmod actions: each has a page, and the guest's init script names
# none of them (its dispatch table is generated from the registry).
memdrill lab actions | sed 1d | awk '{ print $1, $2 }' >actions

test_expect_success 'every registry action has a kmod page' '
	test $(wc -l <actions) -ge 10 &&
	while read -r m a; do
		grep -l "^Module: $m\$" "$labs"/*.md |
		    xargs grep -l "^Action: $a\$" >/dev/null ||
		    { echo "no page for $m $a"; exit 1; }
	done <actions
'

test_expect_success 'every kmod page names a registry action' '
	for p in "$labs"/kmod-*.md; do
		m=$(sed -n "s/^Module: //p" "$p") a=$(sed -n "s/^Action: //p" "$p")
		grep -qx "$m $a" actions || { echo "$p: $m $a"; exit 1; }
	done
'

test_expect_success 'the guest init and shell helpers hold no copy of the list' '
	init="$TEST_TOP/kmod/guest_init.c" sh="$TEST_TOP/engine/guest-helpers" &&
	while read -r m a; do
		! grep -n "$m[: ]$a\b" "$init" "$sh" || exit 1
	done <actions &&
	grep -q "\"/actions\"" "$init"
'

test_done
