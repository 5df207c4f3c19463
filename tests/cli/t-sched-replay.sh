#!/bin/sh
# t-sched-replay.sh - `memdrill sched replay` against ts-fsrs 5.x (data in
# tests/data/ts-fsrs, made by gen.js there), input errors, revlog export.
. "$(dirname "$0")/../lib.sh"
data=$TEST_TOP/tests/data/ts-fsrs

# compare EXPECTED ACTUAL: same rows (sorted by card, time); elapsed days and
# intervals equal; stability and difficulty within a relative 1e-5.
compare() {
	sort -t, -k1,1 -k2,2n "$1" | grep -v '^card_id' >e.sorted
	sort -t, -k1,1 -k2,2n "$2" | grep -v '^card_id' >a.sorted
	test "$(wc -l <e.sorted)" = "$(wc -l <a.sorted)" || {
		echo "row counts differ"; return 1; }
	paste -d, e.sorted a.sorted | awk -F, '
	function bad(i) {
		d = $i - $(i + 7); if (d < 0) d = -d
		s = $i < 0 ? -$i : $i
		return d > 1e-5 * (s > 0 ? s : 1)
	}
	$1 != $8 || $2 != $9 || $3 != $10 || $4 != $11 || $7 != $14 ||
	    bad(5) || bad(6) {
		print "differs: " $0; n++
	}
	END { exit n > 0 }'
}

for set in fsrs6 custom1 custom2; do
	test_expect_success "replay matches ts-fsrs ($set parameters)" "
		params=\$(cat '$data/$set.params') &&
		TZ=UTC memdrill sched replay --rollover 0 \
			\${params:+--params \"\$params\"} '$data/$set.in.csv' >out &&
		compare '$data/$set.expected.csv' out
	"
done

test_expect_success 'the comparison can fail: a changed parameter differs' '
	TZ=UTC memdrill sched replay --rollover 0 --retention 0.8 \
		"$data/fsrs6.in.csv" >out &&
	! compare "$data/fsrs6.expected.csv" out >/dev/null
'

test_expect_success 'reference vector 1 through the command line' '
	printf "card_id,review_time,review_rating\n" >v1.csv &&
	t=0 && for p in 0:1 0:3 1:3 3:3 8:3 21:3; do
		t=$((t + ${p%:*} * 86400000)) &&
		echo "v,$t,${p#*:}" >>v1.csv || exit 1
	done &&
	TZ=UTC memdrill sched replay --rollover 0 v1.csv | tail -n 1 >last &&
	echo "v,2851200000,3,21,53.626902917,6.357487084,54" >expect &&
	test_cmp expect last
'

test_expect_success 'rollover: 03:00 and 05:00 local are different days at 4' '
	printf "card_id,review_time,review_rating\nc,%s,3\nc,%s,3\n" \
		$((3 * 3600000)) $((5 * 3600000)) >r.csv &&
	TZ=UTC memdrill sched replay --rollover 4 r.csv | tail -n 1 |
		cut -d, -f4 >got && echo 1 >expect && test_cmp expect got &&
	TZ=UTC memdrill sched replay --rollover 0 r.csv | tail -n 1 |
		cut -d, -f4 >got && echo 0 >expect && test_cmp expect got
'

test_expect_success 'reads stdin with -' '
	TZ=UTC memdrill sched replay --rollover 0 - <v1.csv | tail -n 1 >last &&
	echo "v,2851200000,3,21,53.626902917,6.357487084,54" >expect &&
	test_cmp expect last
'

test_expect_success 'bad input names the file and line' '
	printf "card_id,review_time,review_rating\nc,1,3\nc,2,7\n" >bad.csv &&
	test_expect_code_run 2 memdrill sched replay bad.csv 2>err &&
	grep "bad.csv:3: bad review_rating '"'"'7'"'"' (1 to 4)" err &&
	printf "id,time\n" >bad2.csv &&
	test_expect_code_run 2 memdrill sched replay bad2.csv 2>err &&
	grep "bad2.csv:1: no column .card_id. in the header (card_id,review_time,review_rating" err &&
	printf "card_id,review_time,review_rating,x\nc,1,3\n" >bad3.csv &&
	test_expect_code_run 2 memdrill sched replay bad3.csv 2>err &&
	grep "bad3.csv:2: expected 4 fields as in the header, found fewer" err
'

test_expect_success 'bad options are usage errors' '
	test_expect_code_run 2 memdrill sched replay --retention 2 v1.csv 2>err &&
	grep "bad --retention" err &&
	test_expect_code_run 2 memdrill sched replay --params 1,2,3 v1.csv 2>err &&
	grep "3 parameters given, expected 17, 19 or 21" err &&
	test_expect_code_run 2 memdrill sched frobnicate 2>err
'

test_expect_success 'revlog export: header and one row per stored review' '
	printf "Q: a\nA: b\n[Basic]\n" >d.md &&
	memdrill import d.md >/dev/null &&
	id=$(sqlite3 "$MEMDRILL_DB" "select id from cards") &&
	sqlite3 "$MEMDRILL_DB" "insert into revlog(card_id, time, rating,
		state, duration_ms) values($id, 1700000000123, 3, 0, 4500),
		($id, 1700090000000, 1, 2, 800)" &&
	memdrill revlog export >out &&
	cat >expect <<-EOF &&
	card_id,review_time,review_rating,review_state,review_duration
	$id,1700000000123,3,0,4500
	$id,1700090000000,1,2,800
	EOF
	test_cmp expect out
'

test_expect_success 'revlog export | sched replay - round trip' '
	id=$(sqlite3 "$MEMDRILL_DB" "select id from cards") &&
	memdrill revlog export | TZ=UTC memdrill sched replay --rollover 0 - \
		>out &&
	cut -d, -f1-4 out >got &&
	cat >expect <<-EOF &&
	card_id,review_time,review_rating,elapsed_days
	$id,1700000000123,3,0
	$id,1700090000000,1,1
	EOF
	test_cmp expect got
'

test_expect_success 'columns are found by name, in any order' '
	printf "review_rating,x,card_id,review_time\n3,zz,v,0\n" >o.csv &&
	TZ=UTC memdrill sched replay --rollover 0 o.csv | cut -d, -f1-4 >got &&
	printf "card_id,review_time,review_rating,elapsed_days\nv,0,3,0\n" \
		>expect &&
	test_cmp expect got
'

test_done
