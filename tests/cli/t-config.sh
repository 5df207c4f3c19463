#!/bin/sh
# t-config.sh - `memdrill config`: the settings file's path and the
# settings in effect; the shipped example is the defaults; a bad value
# names the values its key takes; every key is documented; `memdrill help`.
. "$(dirname "$0")/../lib.sh"

conf=$XDG_CONFIG_HOME/memdrill/config

test_expect_success 'without a file: the path and the defaults' '
	memdrill config >out &&
	head -n 1 out | grep -F "# memdrill settings: $conf (not there: the defaults)" &&
	grep -x "rollover_hour = 4" out &&
	grep -x "learning_steps = 1m 10m" out &&
	grep -x "fuzz = on" out
'

test_expect_success 'the shipped example is memdrill config --defaults' '
	memdrill config --defaults >out &&
	test_cmp "$TEST_TOP/docs/config.example" out
'

test_expect_success 'the settings in effect; what it prints reads back the same' '
	mkdir -p "$(dirname "$conf")" &&
	printf "rollover_hour = 6\nlearning_steps = 30s 2h 1d\nleech_action = suspend\n" >"$conf" &&
	memdrill config >out &&
	head -n 1 out | grep -F "# memdrill settings: $conf (read)" &&
	grep -x "rollover_hour = 6" out &&
	grep -x "learning_steps = 30s 2h 1d" out &&
	grep -x "leech_action = suspend" out &&
	tail -n +2 out >"$conf" &&
	memdrill config | tail -n +2 >again &&
	tail -n +2 out >first &&
	test_cmp first again
'

test_expect_success 'a bad value names the key, its values and config --help' '
	printf "Q: q\nA: a\n[Basic]\n" >d.md && memdrill import d.md >/dev/null &&
	echo "rollover_hour = 25" >"$conf" &&
	test_expect_code_run 2 memdrill config 2>err &&
	grep -F "config:1: '"'"'rollover_hour'"'"': bad value '"'"'25'"'"' (0 .. 23, local time; see memdrill config --help)" err &&
	test_expect_code_run 2 memdrill cards --due 2>err &&
	grep -F "see memdrill config --help" err
'

test_expect_success 'every key is in config --help and the man page' '
	rm -f "$conf" &&
	memdrill config --help >help &&
	memdrill config --defaults | sed -n "s/ = .*//p" >keys &&
	test "$(wc -l <keys)" -ge 13 &&
	while read -r k; do
		grep -q "^  $k " help || { echo "not in --help: $k"; exit 1; }
		grep -q "^\.B $k$" "$TEST_TOP/docs/memdrill.1" ||
			{ echo "not in the man page: $k"; exit 1; }
	done <keys
'

test_expect_success 'memdrill help [COMMAND]' '
	memdrill help >out && memdrill --help >expect && test_cmp expect out &&
	memdrill help import >out && memdrill import --help >expect &&
	test_cmp expect out &&
	test_expect_code_run 2 memdrill help nope 2>err &&
	grep "unknown command .nope." err
'

test_done
