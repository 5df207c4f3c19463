#!/bin/sh
# t-scroll.sh - h/l in the review screen scroll a wide code block as one
# piece (its short lines move with its long ones, as less -S does), and
# leave prose alone.
. "$(dirname "$0")/../lib.sh"
. "$TEST_TOP/tests/tui/tmux.sh"

if ! command -v tmux >/dev/null 2>&1; then
	test_skip "tui" "tmux is not installed"
	test_done
	exit
fi

cat >wide.md <<'DECK'
# Scroll deck

## 1. Wide

Q: A wide diagram?
A: Prose stays put.

```
short-AAAA-BBBB-CCCC
the-long-line-0123456789-0123456789-0123456789-0123456789-0123456789-END
```
[Basic]
DECK

test_expect_success 'the deck imports' '
	memdrill import wide.md
'

test_expect_success 'l scrolls the whole code block, not only its long line' '
	tm_start 40 20 drill &&
	tm_wait "A wide diagram?" &&
	tm_keys Space &&
	tm_wait "short-AAAA-BBBB-CCCC" &&
	tm_keys l &&
	sleep 0.3 &&
	tm_screen >screen &&
	! grep -q "short-AAAA" screen &&
	grep -q "Prose stays put." screen &&
	tm_keys h &&
	tm_wait "short-AAAA-BBBB-CCCC"
'

test_expect_success 'at 60 columns a cut footer or help line ends with a marker' '
	tm_start 60 20 drill &&
	tm_wait "A wide diagram?" &&
	tail -n 1 "$TRASH/screen" | grep -q "…$" &&
	tm_keys "?" &&
	sleep 0.3 && tm_screen >screen &&
	grep -q "…$" screen
'

test_done
