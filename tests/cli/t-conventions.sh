#!/bin/sh
# t-conventions.sh - house conventions of the command line: relative XDG
# paths ignored, TERM=dumb means no colour, no "//" in printed paths.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'a relative XDG_DATA_HOME is ignored (XDG spec)' '
	MEMDRILL_DB= XDG_DATA_HOME=rel/data memdrill cards 2>err;
	grep -F "no collection at '"'"'$HOME/.local/share/memdrill/memdrill.db'"'"'" err &&
	MEMDRILL_DB= XDG_DATA_HOME=$TRASH/abs memdrill cards 2>err;
	grep -F "no collection at '"'"'$TRASH/abs/memdrill/memdrill.db'"'"'" err
'

test_expect_success 'XDG_CONFIG_HOME: relative ignored, trailing slash kept single' '
	XDG_CONFIG_HOME=rel memdrill config | head -n 1 >out &&
	grep -F "$HOME/.config/memdrill/config" out &&
	XDG_CONFIG_HOME=$TRASH/cfg/ memdrill config | head -n 1 >out &&
	grep -F "$TRASH/cfg/memdrill/config (" out
'

test_expect_success 'TERM=dumb on a terminal: no colour' '
	if ! command -v script >/dev/null; then echo "no script(1)"; exit 1; fi &&
	printf "Q: q\nA: **bold** and \`code\`\n[Basic]\n" >d.md &&
	memdrill import d.md >/dev/null &&
	k=$(memdrill cards | cut -f1) &&
	env -u NO_COLOR TERM=xterm script -qc "$MEMDRILL_BIN show $k" /dev/null >tty.out &&
	grep -q "$(printf "\033")\[" tty.out &&
	env -u NO_COLOR TERM=dumb script -qc "$MEMDRILL_BIN show $k" /dev/null >tty.out &&
	grep -q "bold" tty.out &&
	! grep -q "$(printf "\033")\[" tty.out
'

test_expect_success 'a folder given with a trailing slash: no // in paths' '
	mkdir -p decks labs &&
	printf "Q: a\nA:\n[Basic]\n" >decks/x.md &&
	printf "ID: p\nTitle: t\nKind: simm\nExpect: x\n\n" >labs/p.md &&
	memdrill check decks/ labs/ >out 2>&1;
	grep "^decks/x.md:2: error: empty answer" out &&
	grep "^labs/p.md:3: error: unknown kind" out &&
	! grep "//" out
'

test_expect_success 'option errors name the whole command' '
	test_expect_code_run 2 memdrill lab run --bogus 2>err &&
	head -n 1 err | grep "^memdrill lab run: unrecognized option .--bogus." &&
	test_expect_code_run 2 memdrill cards --bogus 2>err &&
	head -n 1 err | grep "^memdrill cards: unrecognized option" &&
	test_expect_code_run 2 memdrill sched replay --retention 2>err &&
	head -n 1 err | grep "^memdrill sched replay: option .--retention. requires an argument"
'

test_expect_success 'an unknown subcommand says so before the usage' '
	test_expect_code_run 2 memdrill lab frob 2>err &&
	head -n 1 err | grep "unknown lab subcommand .frob." &&
	sed -n 2p err | grep "^usage: memdrill lab"
'

test_done
