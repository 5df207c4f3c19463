# tests/tui/tmux.sh - drive memdrill's curses screen in a private tmux
# server: start it in a window of a given size, send keys, capture the
# screen as text, wait for text to appear.  Sourced after ../lib.sh.

TM_SOCK="memdrill-$$"
# the current session's name lives in a file: tests run in subshells
echo 0 >"$TRASH/tm-n"

tm_t() {
	echo "t$(cat "$TRASH/tm-n")"
}
trap 'tmux -L "$TM_SOCK" kill-server 2>/dev/null; rm -rf "$TRASH"' EXIT

tm() {
	tmux -L "$TM_SOCK" -f /dev/null "$@"
}

# tm_start COLS ROWS ARGS...: run `memdrill ARGS` in a fresh window, with
# the test's environment (and the variables named in $TM_ENV).
tm_start() {
	cols=$1 rows=$2
	shift 2
	old=$(tm_t)
	echo $(($(cat "$TRASH/tm-n") + 1)) >"$TRASH/tm-n"
	{
		for v in HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME \
		    MEMDRILL_DB MEMDRILL_HOME LC_ALL NO_COLOR TZ EDITOR \
		    MEMDRILL_ASCII ${TM_ENV:-}; do
			eval "val=\${$v-}"
			printf "export %s='%s'\n" "$v" "$val"
		done
		printf 'export TERM=screen\n'
		printf '"%s"' "$MEMDRILL_BIN"
		for a in "$@"; do
			printf " '%s'" "$a"
		done
		printf '\necho "EXITED $?"\nsleep 600\n'
	} >"$TRASH/tm-run.sh"
	# a new session before the old one goes: the server stays up
	tm new-session -d -s "$(tm_t)" -x "$cols" -y "$rows" \
		"sh '$TRASH/tm-run.sh'" &&
	{ tm kill-session -t "$old" 2>/dev/null; true; }
}

tm_screen() {
	tm capture-pane -p -t "$(tm_t)"
}

tm_keys() {
	tm send-keys -t "$(tm_t)" "$@"
}

# tm_wait TEXT [TENTHS]: wait until TEXT (a grep -F string) is on screen;
# the screen is left in $TRASH/screen.  Shows the screen on timeout.
tm_wait() {
	n=0
	while [ "$n" -lt "${2:-50}" ]; do
		tm_screen >"$TRASH/screen" 2>/dev/null
		grep -qF -- "$1" "$TRASH/screen" && return 0
		sleep 0.1
		n=$((n + 1))
	done
	echo "timed out waiting for: $1"
	cat "$TRASH/screen"
	return 1
}

# tm_gone TEXT: TEXT is not on the current screen.
tm_gone() {
	tm_screen >"$TRASH/screen"
	! grep -qF -- "$1" "$TRASH/screen" || {
		echo "still on screen: $1"
		cat "$TRASH/screen"
		false
	}
}

# border_cols: for each stdin line holding a table border, the display
# columns (wc -L of what precedes) of its box characters, comma-separated.
border_cols() {
	awk 'BEGIN { nb = split("│ ┼ ├ ┤ ┬ ┴ ┌ ┐ └ ┘", b, " ") }
	{
		off = 0
		s = $0
		for (;;) {
			best = 0
			for (i = 1; i <= nb; i++) {
				p = index(s, b[i])
				if (p && (!best || p < best)) {
					best = p
					bl = length(b[i])
				}
			}
			if (!best)
				break
			print NR "\t" substr($0, 1, off + best - 1)
			off += best - 1 + bl
			s = substr($0, off + 1)
		}
	}' | {
		cur="" out=""
		tab=$(printf '\t')
		while IFS="$tab" read -r n prefix; do
			if [ "$n" != "$cur" ] && [ -n "$cur" ]; then
				echo "$out"
				out=""
			fi
			cur=$n
			out="$out$(printf '%s' "$prefix" | wc -L),"
		done
		[ -n "$out" ] && echo "$out"
	}
}

# aligned FILE: every table line of FILE has its borders at the same
# display columns (and there are at least 3 such lines).
aligned() {
	grep -E '│|┼|┌|└' "$1" | border_cols >"$TRASH/cols"
	cat "$TRASH/cols"
	[ "$(wc -l <"$TRASH/cols")" -ge 3 ] &&
	[ "$(sort -u "$TRASH/cols" | wc -l)" -eq 1 ]
}

count_revlog() {
	sqlite3 "$MEMDRILL_DB" 'select count(*) from revlog'
}
