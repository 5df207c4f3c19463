#!/bin/sh
# t-class.sh - memdrill class report on a generated class
# (tests/data/class-gen.awk): 200 simulated students and the first 164
# bundled cards (plus three labs), written as the event logs students'
# syncs write.  Each student reviews most cards 3 to 6 times at growing
# intervals and passes with a chance that is the product of their ability
# and the card's ease; every 41st card is hard.
# The report's counts are checked against the generator's own counts; the
# hard cards and the hardest lab come first; a bad file is named.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'setup: the bundled cards' '
	memdrill import "$TEST_TOP/cards" >/dev/null &&
	memdrill cards | cut -f1 | head -n 164 >keys &&
	test "$(wc -l <keys)" = 164
'

# The generator (tests/data/class-gen.awk): one file per student, and a
# summary line per event for the expectations.
test_expect_success 'generate 200 students' '
	awk -v out="$TRASH/class/reviews" -f "$TEST_TOP/tests/data/class-gen.awk" \
		keys >truth &&
	test "$(ls class/reviews | wc -l)" = 200
'

test_expect_success 'report: totals, and the report can be run' '
	memdrill class report class >out &&
	reviews=$(grep -c "^R " truth) &&
	grep "^class: 200 students, 164 cards, 3 labs, $reviews reviews\$" out
'

test_expect_success 'per card: reviewers and reviews as generated' '
	awk "\$1 == \"R\" { n[\$3]++; if (!seen[\$2 \" \" \$3]++) r[\$3]++ }
	     END { for (k in n) print k, r[k], n[k] }" truth | sort >want &&
	sed -n "/^cards, hardest/,/^\$/p" out | sed "1,2d;/^\$/d" |
		awk "{ print \$1, \$2, \$3 }" | sort >got &&
	test "$(wc -l <got)" = 164 && test_cmp want got
'

test_expect_success 'the four hard cards come first, with low retention' '
	awk "NR % 41 == 1" keys | sort >want &&
	sed -n "/^cards, hardest/,/^\$/p" out | sed -n "3,6p" >top &&
	cut -d" " -f1 top | sort >got && test_cmp want got &&
	awk "{ sub(\"%\", \"\", \$4); if (\$4 + 0 >= 50) exit 1 }" top &&
	sed -n "/^cards, hardest/,/^\$/p" out | sed -n "7p" |
		awk "{ sub(\"%\", \"\", \$4); exit !(\$4 + 0 > 80) }"
'

test_expect_success 'labs: runs and pass rates as generated, hardest first' '
	awk "\$1 == \"L\" { n[\$3]++; p[\$3] += \$4 == \"pass\";
		if (!s[\$2 \" \" \$3]++) st[\$3]++ }
	     END { for (l in n) printf \"%s %d %d %d%%\n\", l, st[l], n[l],
		int((p[l] * 100 + n[l] / 2) / n[l]) }" truth | sort >want &&
	sed -n "/^labs, lowest/,/^\$/p" out | sed "1,2d;/^\$/d" >labs &&
	sort labs | awk "{ print \$1, \$2, \$3, \$4 }" >got &&
	test_cmp want got &&
	head -1 labs | grep "^lab-hard "
'

test_expect_success 'per student: reviews as generated, weekly columns' '
	awk "\$1 == \"R\" { n[\$2]++ } END { for (s in n) print s, n[s] }" \
		truth | sort >want &&
	sed -n "/^students/,\$p" out | sed "1,2d" | awk "{ print \$1, \$2 }" \
		>got && test_cmp want got &&
	grep "^s001 .* 2026-09-07 [0-9]*/" out
'

test_expect_success 'a bad file is named and skipped; the rest is reported' '
	mkdir class/reviews/s999 &&
	printf "1\t1789000000000\treview\tx\t3\t0\n2\t1789000000001\treview\tx\t9\t0\n" \
		>class/reviews/s999/d1.tsv &&
	test_expect_code_run 1 memdrill class report class >out 2>err &&
	grep "skipped reviews/s999/d1.tsv:2: bad rating" err &&
	grep "^class: 201 students, 164 cards" out &&
	grep "^s999  *0 " out
'

test_expect_success 'no reviews/ folder is an error' '
	test_expect_code_run 2 memdrill class report . 2>err &&
	grep "no class repository at" err
'

test_done
