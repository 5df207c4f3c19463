#!/bin/sh
# t-deck-source.sh - the bundled deck is traceable to Linux 6.1: every card
# has a Source: line whose paths exist in Debian's linux-source-6.1 and
# whose identifiers occur in the file named before them, and every
# identifier-like word in inline code (`...`) and code blocks of the cards
# occurs in the tree or stands on the reviewed allowlist
# tests/data/deck-source-allow.txt
# ("WORD reason"; an entry the deck no longer needs is a failure too).
#
# The tree: $MEMDRILL_TEST_KSRC when set (an unpacked linux-source-6.1),
# else the copy unpacked once into the test cache
# (build/cache/linux-source-6.1/), from a linux-source-6.1_*.deb left
# there or fetched with `apt-get download linux-source-6.1` (no root
# needed).  Without the package the source checks are skipped, never
# passed.  Names that only later-version lines ("6.3+: ...") use are
# checked the same way against linux-source-6.12 (bookworm-security;
# $MEMDRILL_TEST_KSRC_6_12), skipped when that cannot be had.
. "$(dirname "$0")/../lib.sh"
cards=$TEST_TOP/cards
allow=$TEST_TOP/tests/data/deck-source-allow.txt

# ksrc V: print the path of an unpacked linux-source-V tree, unpacking it
# once into $XDG_CACHE_HOME/linux-source-V/tree from a .deb left there or
# fetched with `apt-get download`; print nothing if that is impossible
# (the reason goes to $XDG_CACHE_HOME/linux-source-V/download.log).
ksrc() {
	c=$XDG_CACHE_HOME/linux-source-$1
	if [ -f "$c/tree/mm/slub.c" ]; then
		echo "$c/tree"
		return
	fi
	mkdir -p "$c" || return
	deb=$(ls "$c"/linux-source-"$1"_*_all.deb 2>/dev/null | tail -n 1)
	if [ -z "$deb" ]; then
		command -v apt-get >/dev/null 2>&1 || return
		(cd "$c" && apt-get download -q "linux-source-$1") \
		    >"$c/download.log" 2>&1 || return
		deb=$(ls "$c"/linux-source-"$1"_*_all.deb 2>/dev/null |
		    tail -n 1)
		[ -n "$deb" ] || return
	fi
	command -v xz >/dev/null 2>&1 ||
		{ echo "no xz (xz-utils)" >"$c/download.log"; return; }
	rm -rf "$c/tree.new" && mkdir "$c/tree.new" &&
	dpkg-deb --fsys-tarfile "$deb" |
	    tar -xO "./usr/src/linux-source-$1.tar.xz" |
	    tar -xJ -C "$c/tree.new" --strip-components=1 &&
	test -f "$c/tree.new/mm/slub.c" &&
	rm -rf "$c/tree" && mv "$c/tree.new" "$c/tree" &&
	echo "$c/tree"
}

if [ -f "${MEMDRILL_TEST_KSRC:-/nonexistent}/mm/slub.c" ]; then
	ksrc=$MEMDRILL_TEST_KSRC
else
	ksrc=$(ksrc 6.1)
fi

# Every card: "FILE:LINE<TAB>ID<TAB>Source value" (empty when missing).
card_sources() {
	awk -v OFS='\t' '
	FNR == 1 { fence = 0 }
	!fence && /^Q:/ { at = FILENAME ":" FNR; id = ""; src = "" }
	/^( ? ? ?|[AQ]: *)(```|~~~)/ { fence = !fence; next }
	fence { next }
	/^ID: / { id = substr($0, 5) }
	/^Source: / { src = substr($0, 9) }
	/^\[(Basic|Intermediate|Advanced)\][ \t]*$/ { print at, id, src }
	' "$cards"/*.md
}

# Inline code of the cards: "FILE:LINE<TAB>path|word<TAB>TOKEN".  A span
# that is a kernel path is one path; any other span gives its words of
# three or more characters that start with a letter or '_' (placeholders
# in <...> dropped).  In code fences (also one opened on the A: line) only
# words with a '_' count, so prose and pseudo-code stay out; metadata lines
# are not scanned.
card_tokens() {
	awk -v OFS='\t' '
	FNR == 1 { fence = 0 }
	/^( ? ? ?|[AQ]: *)(```|~~~)/ { fence = !fence; next }
	fence {
		n = split($0, w, /[^A-Za-z0-9_]+/)
		for (i = 1; i <= n; i++)
			if (length(w[i]) >= 4 && w[i] ~ /^[A-Za-z_]/ &&
			    w[i] ~ /_/)
				print FILENAME ":" FNR, "word", w[i]
		next
	}
	/^(ID|Tags|Lab|Source):/ { next }
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
	why="$why or no xz; see $XDG_CACHE_HOME/linux-source-6.1/download.log)"
	test_skip 'Source: paths and identifiers exist in 6.1' "$why"
	test_skip 'inline code names exist in 6.1 or are allowed' "$why"
	test_skip 'every allowlist entry is still needed' "$why"
	test_skip 'post-6.1 names in later-version lines exist in 6.12' "$why"
	test_done
	exit
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

# A later-version line ("6.3+: ...") may name what 6.1 lacks; such names
# (the allowlisted ones) must exist in Debian's linux-source-6.12.
if [ -f "${MEMDRILL_TEST_KSRC_6_12:-/nonexistent}/mm/slub.c" ]; then
	k612=$MEMDRILL_TEST_KSRC_6_12
else
	k612=$(ksrc 6.12)
fi
awk -F "\t" '{ print $1 "\t" $3 }' tok | while IFS="	" read -r at t; do
	f=${at%:*} n=${at##*:}
	sed -n "${n}p" "$f" | grep -qE '^[0-9]+\.[0-9]+\+:' &&
		grep -qxF -- "$t" allowed && echo "$at	$t"
done | sort -u >later
if [ -z "$k612" ]; then
	test_skip 'post-6.1 names in later-version lines exist in 6.12' \
	    "linux-source-6.12 not available (in bookworm-security; see $XDG_CACHE_HOME/linux-source-6.12/download.log)"
else
	test_expect_success 'post-6.1 names in later-version lines exist in 6.12' '
		test -s later &&
		cut -f2 later | grep -v / | sort -u >later-words &&
		grep -rFwoh --binary-files=without-match -f later-words \
		    "$k612" 2>/dev/null | sort -u >found612 &&
		bad=0 &&
		while IFS="	" read -r at t; do
			case $t in
			*/*) test -e "$k612/$t" ;;
			*) grep -qxF -- "$t" found612 ;;
			esac || { echo "$at: $t: not in 6.12"; bad=1; }
		done <later &&
		test "$bad" = 0
	'
fi

test_done
