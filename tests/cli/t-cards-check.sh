#!/bin/sh
# t-cards-check.sh - `memdrill check`: every deck diagnostic with its
# file:line, lab links both ways, exit statuses.
. "$(dirname "$0")/../lib.sh"

mkdir -p labs/scenarios
printf 'Q: ok\nA: fine\nLab: kept\n[Basic]\n' >good.md
cat >labs/kept.md <<'PAGE'
ID: kept
Title: A page some card links to
Kind: sim
Scenario: s
Expect: hello

Prose.
PAGE
sed -e 's/^ID: kept/ID: lonely/' labs/kept.md >labs/lonely.md
: >labs/scenarios/s.scn

test_expect_success 'a clean deck passes with exit 0' '
	memdrill check good.md labs 2>err >out &&
	grep "check: 0 errors, 1 warning" err &&
	echo "labs/lonely.md:1: warning: no card links to lab '"'"'lonely'"'"'" >expect &&
	test_cmp expect out
'

cat >bad.md <<'DECK'
# Bad
---
Q: no answer
---
Q: empty
A:
[Basic]
---
Q: no level
A: text
---
Q: odd level
A: text
[Expert]
---
Q: link
A: text
Lab: missing-page
[Basic]
---
Q: ok
A: ok
[Basic]
---
Q: ok
A: dup
[Basic]
---
Q: fence
A: x
```
never closed
[Basic]
DECK

test_expect_success 'every problem is reported at its line, exit 1' '
	test_expect_code_run 1 memdrill check bad.md labs >out 2>err &&
	cat >expect <<-EOF &&
	bad.md:3: error: missing '"'"'A:'"'"' after the question
	bad.md:6: error: empty answer
	bad.md:10: error: missing level tag: the card'"'"'s last line must be [Basic], [Intermediate] or [Advanced]
	bad.md:14: error: unknown level tag '"'"'[Expert]'"'"' (use [Basic], [Intermediate] or [Advanced])
	bad.md:25: error: duplicate question (first at bad.md:21)
	bad.md:31: error: unterminated code fence
	bad.md:18: error: unknown lab '"'"'missing-page'"'"' (no page labs/missing-page.md)
	labs/kept.md:1: warning: no card links to lab '"'"'kept'"'"'
	labs/lonely.md:1: warning: no card links to lab '"'"'lonely'"'"'
	EOF
	sort expect >e && sort out >o && test_cmp e o &&
	grep "check: 7 errors, 2 warnings in 1 deck" err
'

test_expect_success 'invalid UTF-8 is reported with its line' '
	printf "Q: ok\nA: bad \377 byte\n[Basic]\n" >utf.md &&
	test_expect_code_run 1 memdrill check utf.md >out &&
	grep "^utf.md:2: error: invalid UTF-8" out
'

test_expect_success 'a duplicate ID across two files names the first' '
	printf "Q: a\nA: b\nID: same\n[Basic]\n" >x.md &&
	printf "Q: c\nA: d\nID: same\n[Basic]\n" >y.md &&
	test_expect_code_run 1 memdrill check x.md y.md >out &&
	grep "^y.md:1: error: duplicate ID '"'"'same'"'"' (first at x.md:1)" out
'

test_expect_success 'a bad lab page is an error at its line' '
	printf "ID: broken\nTitle: t\nKind: quantum\nExpect: (\n\n" >labs/broken.md &&
	test_expect_code_run 1 memdrill check good.md labs >out &&
	grep "^labs/broken.md:3: error: unknown kind '"'"'quantum'"'"'" out &&
	grep "^labs/broken.md:4: error: bad regular expression" out
'

test_expect_success 'a code fence keeps ---, Q: and A: as content' '
	printf "Q: x\nA:\n\`\`\`\n---\nQ: y\nA: z\n\`\`\`\n[Basic]\n" >f.md &&
	memdrill check f.md 2>err && grep "0 errors" err
'

mkdir -p elsewhere/scenarios
cat >elsewhere/mine.md <<'PAGE'
ID: mine
Title: A page outside a labs folder
Kind: sim
Scenario: mine
Expect: ok

Prose.
PAGE
cat >elsewhere/scenarios/mine.scn <<'SCN'
machine ram=64M
# a comment
frobnicate 1
alloc_pages x order=0
bogus line
SCN

test_expect_success 'a lab page given as a file is linted as a page' '
	printf "ID: lone\nTitle: t\nKind: simm\nExpect: x\n\n" >lone.md &&
	test_expect_code_run 1 memdrill check lone.md >out 2>err &&
	echo "lone.md:3: error: unknown kind '"'"'simm'"'"' (use sim, kmod, host or exercise)" >expect &&
	test_cmp expect out &&
	grep "check: 1 error, 0 warnings in 0 decks, 1 lab page, 0 scenarios" err
'

test_expect_success 'the scenario a page names is linted, every bad line' '
	test_expect_code_run 1 memdrill check elsewhere/mine.md >out 2>err &&
	cat >expect <<-EOF &&
	elsewhere/scenarios/mine.scn:3: error: unknown command '"'"'frobnicate'"'"'
	elsewhere/scenarios/mine.scn:5: error: unknown command '"'"'bogus'"'"'
	EOF
	test_cmp expect out &&
	grep "check: 2 errors, 0 warnings in 0 decks, 1 lab page, 1 scenario$" err
'

test_expect_success 'a folder not named labs: pages, scenarios and decks by content' '
	printf "Q: q\nA: a\n[Basic]\n" >elsewhere/deck.md &&
	test_expect_code_run 1 memdrill check elsewhere >out 2>err &&
	test "$(grep -c "mine.scn" out)" = 2 &&
	grep "check: 2 errors, 0 warnings in 1 deck, 1 lab page, 1 scenario$" err
'

test_expect_success 'a .scn file is linted as a scenario, once' '
	test_expect_code_run 1 memdrill check elsewhere/scenarios/mine.scn \
		elsewhere/mine.md >out 2>err &&
	test "$(wc -l <out)" = 2 &&
	grep "in 0 decks, 1 lab page, 1 scenario$" err
'

test_expect_success 'a file with no cards is a warning, not a clean deck' '
	printf "# Notes\n\nJust prose.\n" >notes.md &&
	memdrill check notes.md >out 2>err &&
	grep "^notes.md:1: warning: no cards in this file" out &&
	grep "check: 0 errors, 1 warning in 1 deck" err
'

test_expect_success 'lab lint: no double reports, line order' '
	printf "Kind: simm\nTitle: t\nID: order\nExpect: (\n\n" >order.md &&
	test_expect_code_run 1 memdrill check order.md >out &&
	cut -d: -f2 out >lines && sort -n lines >sorted &&
	test_cmp sorted lines &&
	! grep "missing .Kind:" out && ! grep "no .Expect:. line" out &&
	grep "order.md:1: error: unknown kind" out &&
	grep "order.md:4: error: bad regular expression" out
'

cat >meta.md <<'DECK'
Q: one
A: text
Lba: sim-buddy
[Basic]
---
Q: two
A: text
Id: my-id
[Basic]
---
Q: three
A: text
Tag: a, b
[Basic]
---
Q: four
A: text
Lab: kept

[Basic]
---
Q: five
A: text
ID: five
more text
[Basic]
---
Q: six
A: text
```
ID: in a fence
```
[Basic]
DECK

test_expect_success 'misspelt or misplaced metadata is a warning with a suggestion' '
	test_expect_code_run 1 memdrill check meta.md labs >out 2>err &&
	cat >expect <<-EOF &&
	meta.md:3: warning: '"'"'Lba:'"'"' is not metadata and stays in the answer; did you mean '"'"'Lab:'"'"'?
	meta.md:8: warning: '"'"'Id:'"'"' is not metadata and stays in the answer; did you mean '"'"'ID:'"'"'?
	meta.md:13: warning: '"'"'Tag:'"'"' is not metadata and stays in the answer; did you mean '"'"'Tags:'"'"'?
	meta.md:24: warning: '"'"'ID:'"'"' line stays in the answer: metadata must stand directly above the level tag
	EOF
	grep "^meta.md:.*warning" out >got &&
	test_cmp expect got
'

test_expect_success 'a blank line between Lab: and the level tag keeps the link' '
	memdrill import meta.md >/dev/null &&
	test "$(sqlite3 "$MEMDRILL_DB" "select lab from cards where lab is not null")" = kept
'

test_expect_success 'a stray line after the last card says what is wrong' '
	printf "Q: a\nA: b\n[Basic]\nstray\n" >stray.md &&
	test_expect_code_run 1 memdrill check stray.md >out &&
	echo "stray.md:4: error: text after the level tag of the card at line 1 (line 3): a card ends at its level tag; put '"'"'---'"'"' before what follows" >expect &&
	test_cmp expect out
'

test_expect_success 'scenario errors name the rejected token' '
	printf "machine ram=64M\nproc A\nA mmap buf 16Q\nA mmap b2 16K\nA touch b2 wrte\nA mprotect b2 rx\nfile F 12Z\npressure lots\n" >tok.scn &&
	test_expect_code_run 1 memdrill check tok.scn >out &&
	cat >expect <<-EOF &&
	tok.scn:3: error: invalid size '"'"'16Q'"'"' (e.g. 64K, 2M)
	tok.scn:5: error: unknown access '"'"'wrte'"'"' (use read or write)
	tok.scn:6: error: unknown protection '"'"'rx'"'"' (use r, rw or none)
	tok.scn:7: error: invalid size '"'"'12Z'"'"' (e.g. 64K, 2M)
	tok.scn:8: error: invalid size '"'"'lots'"'"' (e.g. 64K, 2M)
	EOF
	test_cmp expect out
'

test_done
