#!/bin/sh
# t-deck-source.sh - the bundled deck is traceable to Linux 6.1: every card
# has a Source: line whose paths exist in Debian's linux-source-6.1 and
# whose identifiers occur in the file named before them, and every
# identifier-like word in inline code (`...`) of the cards occurs in the
# tree or stands on the reviewed allowlist tests/data/deck-source-allow.txt
# ("WORD reason"; an entry the deck no longer needs is a failure too).
#
# The tree: $MEMDRILL_TEST_KSRC when set (an unpacked linux-source-6.1),
# else the copy unpacked once into the test cache
# (build/cache/linux-source-6.1/), from a linux-source-6.1_*.deb left
# there or fetched with `apt-get download linux-source-6.1` (no root
# needed).  Without the package every check is skipped, never passed.
. "$(dirname "$0")/../lib.sh"
cards=$TEST_TOP/cards
allow=$TEST_TOP/tests/data/deck-source-allow.txt
cache=$XDG_CACHE_HOME/linux-source-6.1

# ksrc_unpack: unpack the 6.1 tree into $cache/tree once; 1 if impossible.
ksrc_unpack() {
	[ -f "$cache/tree/mm/slub.c" ] && return 0
	mkdir -p "$cache" || return 1
	deb=$(ls "$cache"/linux-source-6.1_*_all.deb 2>/dev/null | tail -n 1)
	if [ -z "$deb" ]; then
		command -v apt-get >/dev/null 2>&1 || return 1
		(cd "$cache" && apt-get download -q linux-source-6.1) \
		    >"$cache/download.log" 2>&1 || return 1
		deb=$(ls "$cache"/linux-source-6.1_*_all.deb 2>/dev/null |
		    tail -n 1)
		[ -n "$deb" ] || return 1
	fi
	command -v xz >/dev/null 2>&1 || return 1
	rm -rf "$cache/tree.new" && mkdir "$cache/tree.new" &&
	dpkg-deb --fsys-tarfile "$deb" |
	    tar -xO ./usr/src/linux-source-6.1.tar.xz |
	    tar -xJ -C "$cache/tree.new" --strip-components=1 &&
	test -f "$cache/tree.new/mm/slub.c" &&
	rm -rf "$cache/tree" && mv "$cache/tree.new" "$cache/tree"
}

if [ -f "${MEMDRILL_TEST_KSRC:-/nonexistent}/mm/slub.c" ]; then
	ksrc=$MEMDRILL_TEST_KSRC
elif ksrc_unpack; then
	ksrc=$cache/tree
else
	ksrc=
fi

# Every card: "FILE:LINE<TAB>ID<TAB>Source value" (empty when missing).
card_sources() {
	awk -v OFS='\t' '
	FNR == 1 { fence = 0 }
	/^[ ]{0,3}(```|~~~)/ { fence = !fence; next }
	fence { next }
	/^Q:/ { at = FILENAME ":" FNR; id = ""; src = "" }
	/^ID: / { id = substr($0, 5) }
	/^Source: / { src = substr($0, 9) }
	/^\[(Basic|Intermediate|Advanced)\][ \t]*$/ { print at, id, src }
	' "$cards"/*.md
}

# Inline code of the cards: "FILE:LINE<TAB>path|word<TAB>TOKEN".  A span
# that is a kernel path is one path; any other span gives its words of
# three or more characters that start with a letter or '_' (placeholders
# in <...> dropped).  Code fences and metadata lines are not scanned.
card_tokens() {
	awk -v OFS='\t' '
	FNR == 1 { fence = 0 }
	/^[ ]{0,3}(```|~~~)/ { fence = !fence; next }
	fence || /^(ID|Tags|Lab|Source):/ { next }
	{
		s = $0
		while (match(s, /`[^`]+`/)) {
			span = substr(s, RSTART + 1, RLENGTH - 2)
			s = substr(s, RSTART + RLENGTH)
			if (span ~ /^(arch|block|Documentation|drivers|fs|include|init|ipc|kernel|lib|mm|net|scripts|security|tools|virt)\/[^ ]*$/) {
				sub(/:[0-9]+$/, "", span)
				print FILENAME ":" FNR, "path", span
				continue
			}
			gsub(/<[^>]*>/, " ", span)
			n = split(span, w, /[^A-Za-z0-9_]+/)
			for (i = 1; i <= n; i++)
				if (length(w[i]) >= 3 && w[i] ~ /^[A-Za-z_]/)
					print FILENAME ":" FNR, "word", w[i]
		}
	}' "$cards"/*.md
}

test_expect_success 'every card has a Source: line' '
	card_sources >src &&
	test -s src &&
	awk -F "\t" "\$3 == \"\" { print \$1 \": no Source: (\" \$2 \")\"; bad = 1 }
	    END { exit bad }" src
'

test_expect_success 'memdrill check warns on a card without Source: in a Kernel deck' '
	printf "# D\n\n> **Kernel**: 6.1\n\n---\n\nQ: a\nA: b\nID: a\n[Basic]\n\n---\n\nQ: c\nA: d\nSource: mm/slub.c\nID: c\n[Basic]\n" >k.md &&
	memdrill check k.md >out 2>err &&
	grep "^k.md:7: warning: card has no .Source:. line" out &&
	grep "check: 0 errors, 1 warning" err &&
	sed "/Kernel/d" k.md >n.md &&
	memdrill check n.md >out 2>err &&
	test ! -s out &&
	grep "check: 0 errors, 0 warnings" err
'

test_expect_success 'the allowlist has a reason on every entry' '
	test -s "$allow" &&
	grep -v "^#" "$allow" | awk "NF < 2 { print \"no reason: \" \$0; bad = 1 }
	    END { exit bad }"
'

if [ -z "$ksrc" ]; then
	why="linux-source-6.1 not available (apt-get download failed"
	why="$why or no xz; see $cache/download.log)"
	test_skip 'Source: paths and identifiers exist in 6.1' "$why"
	test_skip 'inline code names exist in 6.1 or are allowed' "$why"
	test_skip 'every allowlist entry is still needed' "$why"
	test_done
fi

# Source: items are "PATH [IDENT...]" or "name(N)" (a man page).
test_expect_success 'Source: paths and identifiers exist in 6.1' '
	card_sources >src &&
	bad=0 &&
	while IFS="	" read -r at id val; do
		test -n "$val" || continue
		printf "%s\n" "$val" | tr "," "\n" >items
		while read -r path idents; do
			case $path in
			"") echo "$at ($id): empty Source: item"; bad=1 ;;
			*"("[0-9]*")") continue ;;
			esac
			if [ ! -e "$ksrc/$path" ]; then
				echo "$at ($id): no $path in 6.1"; bad=1; continue
			fi
			for w in $idents; do
				if [ -d "$ksrc/$path" ]; then
					grep -rqFw -- "$w" "$ksrc/$path"
				else
					grep -qFw -- "$w" "$ksrc/$path"
				fi || { echo "$at ($id): no $w in $path"; bad=1; }
			done
		done <items
	done <src &&
	test "$bad" = 0
'

# One pass over the tree finds which of the deck's words occur in it.
card_tokens >tok
awk -F "\t" '$2 == "word" { print $3 }' tok | sort -u >words
grep -v "^#" "$allow" | awk '{ print $1 }' | sort -u >allowed
grep -rFwoh --binary-files=without-match -f words "$ksrc" 2>/dev/null |
    sort -u >found

test_expect_success 'inline code names exist in 6.1 or are allowed' '
	test -s words && test -s found &&
	comm -23 words found | comm -23 - allowed >missing &&
	awk -F "\t" "\$2 == \"path\" { print \$1 \"\t\" \$3 }" tok >paths &&
	bad=0 &&
	while IFS="	" read -r at p; do
		test -e "$ksrc/$p" || grep -qxF -- "$p" allowed ||
			{ echo "$at: no $p in 6.1"; bad=1; }
	done <paths &&
	while read -r w; do
		grep "	$w\$" tok | cut -f1 | sed "s/\$/: $w: not in 6.1/"
	done <missing &&
	test ! -s missing && test "$bad" = 0
'

# An entry is stale when the tree has it or no card uses it any more.
test_expect_success 'every allowlist entry is still needed' '
	cut -f3 tok | sort -u >used &&
	while read -r a; do
		case $a in
		*/*) test -e "$ksrc/$a" && echo "in 6.1: $a" ;;
		*) grep -qxF -- "$a" found && echo "in 6.1: $a" ;;
		esac
		grep -qxF -- "$a" used || echo "no card uses: $a"
	done <allowed >stale &&
	cat stale &&
	test ! -s stale
'

test_done
