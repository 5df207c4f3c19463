#!/bin/sh
# t-cards-cli.sh - help, version, exit codes, `cards` output for scripts,
# `show` rendering at a width.
. "$(dirname "$0")/../lib.sh"

test_expect_success '--help and --version' '
	memdrill --help >out && grep "^usage: memdrill" out &&
	memdrill --version | grep -E "^memdrill [0-9]+\.[0-9]+\.[0-9]+$"
'

for c in drill import check cards show stats sched revlog lab sim; do
	test_expect_success "memdrill $c --help prints its usage" "
		memdrill $c --help >out && grep '^usage: memdrill $c' out
	"
done

test_expect_success 'an unknown command or option is a usage error (2)' '
	test_expect_code_run 2 memdrill frobnicate 2>err &&
	grep "unknown command '"'"'frobnicate'"'"'" err &&
	test_expect_code_run 2 memdrill cards --bogus 2>err
'

# lab, sim and sched dispatch through one subcommand table each
# (cli/cmd.c): an unknown subcommand is named before the usage, which
# lists one line per subcommand; --help lists each with its summary.
for c in lab sim sched; do
	test_expect_success "$c: an unknown subcommand is named, then the usage" "
		test_expect_code_run 2 memdrill $c frob 2>err &&
		head -n 1 err >first &&
		echo \"memdrill: error: unknown $c subcommand 'frob'\" >expect &&
		test_cmp expect first &&
		sed -n 2p err | grep '^usage: memdrill $c [a-z]' &&
		test_expect_code_run 2 memdrill $c 2>err &&
		head -n 1 err | grep '^usage: memdrill $c [a-z]' &&
		! grep unknown err
	"
done

test_expect_success 'lab --help: the usage and summary of each subcommand' '
	memdrill lab --help >out &&
	for s in list show actions run start solution verify; do
		grep "^ *\(usage\|or\): memdrill lab $s\b" out &&
		grep "^  $s  " out || { echo "no $s"; exit 1; }
	done &&
	test $(grep -c "^ *\(usage\|or\): memdrill lab " out) = 7 &&
	grep -- "--trace" out
'

test_expect_success 'sim bench runs but is not listed' '
	memdrill sim --help >out && ! grep bench out &&
	memdrill sim bench 1000 >bench.out && grep "pairs/s" bench.out
'

test_expect_success 'no collection yet: a clear message, exit 2' '
	test_expect_code_run 2 memdrill cards 2>err &&
	grep "run '"'"'memdrill import'"'"' first" err
'

printf '# D\n## 1. S\n---\nQ: What is **the** zone?\nsecond line\nA: | a | 表 |\n|---|---|\n| 中文 | x |\n[Basic]\n' >d.md

test_expect_success 'cards piped: tab-separated, no header, 6 fields' '
	memdrill import d.md >/dev/null &&
	memdrill cards >out &&
	test "$(wc -l <out)" = 1 &&
	test "$(awk -F"\t" "{print NF}" out)" = 6 &&
	cut -f2-6 out >got &&
	printf "D\t1. S\tBasic\tWhat is the zone?\tnew\n" >expect &&
	test_cmp expect got
'

test_expect_success 'cards --search and --deck filter' '
	test "$(memdrill cards --search ZONE | wc -l)" = 1 &&
	test "$(memdrill cards --search nothing-like-it | wc -l)" = 0 &&
	test_expect_code_run 2 memdrill cards --deck nope 2>err &&
	grep "no deck '"'"'nope'"'"'" err
'

test_expect_success 'show by key prefix renders the table aligned' '
	key=$(memdrill cards | cut -f1) &&
	memdrill show "$(echo $key | cut -c1-4)" --width 40 >out &&
	grep "What is the zone?" out &&
	grep "^│ a    │ 表 │$" out &&
	grep "^│ 中文 │ x  │$" out
'

test_expect_success 'show: unknown key and bad width are errors' '
	test_expect_code_run 2 memdrill show zzzz 2>err &&
	grep "no card '"'"'zzzz'"'"'" err &&
	test_expect_code_run 2 memdrill show zz --width 3 2>err &&
	grep "invalid width" err
'

test_expect_success 'show takes its width from COLUMNS when piped' '
	key=$(memdrill cards | cut -f1) &&
	COLUMNS=30 memdrill show "$key" >out &&
	test "$(awk "{ if (length > m) m = length } END { print m }" out)" -le 90
'

test_expect_success 'cards --deck: title, file stem or a unique part; else the list' '
	printf "# Paging Deck\n\nQ: pd q\nA: a\n[Basic]\n" >08-paging.md &&
	printf "# Paging Extra\n\nQ: pe q\nA: a\n[Basic]\n" >09-extra.md &&
	MEMDRILL_DB=$TRASH/decks.db memdrill import 08-paging.md 09-extra.md >/dev/null &&
	MEMDRILL_DB=$TRASH/decks.db memdrill cards --deck "Paging Deck" | cut -f5 >got &&
	echo "pd q" >expect && test_cmp expect got &&
	MEMDRILL_DB=$TRASH/decks.db memdrill cards --deck 08-paging | cut -f5 >got && test_cmp expect got &&
	MEMDRILL_DB=$TRASH/decks.db memdrill cards --deck extra | cut -f5 >got &&
	echo "pe q" >expect && test_cmp expect got &&
	MEMDRILL_DB=$TRASH/decks.db test_expect_code_run 2 memdrill cards --deck paging 2>err &&
	grep "'"'"'paging'"'"' matches several decks" err &&
	grep "^Paging Extra (09-extra)$" err &&
	MEMDRILL_DB=$TRASH/decks.db test_expect_code_run 2 memdrill cards --deck nope 2>err &&
	grep "^Paging Deck (08-paging)$" err
'

test_expect_success 'show: exact key, unique and ambiguous prefixes, retired' '
	cat >keys.md <<-\EOF &&
	# Keys

	Q: alpha one?
	A: first.
	ID: ab
	[Basic]

	---

	Q: alpha two?
	A: second.
	ID: abc
	[Basic]

	---

	Q: alpha three?
	A: third.
	ID: abd-x
	[Basic]

	---

	Q: beta?
	A: gone soon.
	ID: zz-retire
	[Basic]
	EOF
	memdrill import -q keys.md &&
	memdrill show ab --width 40 >out && grep "alpha one" out &&
	memdrill show abd --width 40 >out && grep "alpha three" out &&
	test_expect_code_run 2 memdrill show a 2>err &&
	grep "card prefix '"'"'a'"'"' is ambiguous: ab, abc, abd-x" err &&
	memdrill show zz --width 40 >out && grep "beta" out &&
	sed "/^Q: beta/,\$d" keys.md >k2.md && mv k2.md keys.md &&
	memdrill import -q keys.md &&
	test_expect_code_run 2 memdrill show zz 2>err &&
	grep "no card '"'"'zz'"'"'" err &&
	test_expect_code_run 2 memdrill show abe 2>err &&
	grep "no card '"'"'abe'"'"'" err
'

test_done
