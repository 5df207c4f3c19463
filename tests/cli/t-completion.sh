#!/bin/sh
# t-completion.sh - the bash and zsh completions (completion/): commands,
# subcommands, options, lab ids from `memdrill lab list`, card keys from
# `memdrill cards`.  bash calls the completion function directly; zsh
# drives an interactive zsh in a pseudo-terminal (zsh/zpty) and reads the
# completed line.  zsh missing is a skip.
. "$(dirname "$0")/../lib.sh"

comp=$TEST_TOP/completion

# bash_complete WORD...: the candidates for the last WORD
bash_complete() {
	bin=$MEMDRILL_BIN bash -c '. "$1"; shift
		memdrill() { "$bin" "$@"; }
		COMP_WORDS=(memdrill "$@"); COMP_CWORD=$#
		_memdrill; printf "%s\n" "${COMPREPLY[@]}" | sort -u' \
		_ "$comp/memdrill.bash" "$@"
}

test_expect_success 'bash: commands' '
	bash_complete s >out &&
	printf "%s\n" sched show sim stats sync >expect &&
	test_cmp expect out
'

test_expect_success 'bash: lab ids after lab run, from lab list' '
	bash_complete lab run kmod-slab-r >out &&
	echo kmod-slab-redzone >expect && test_cmp expect out &&
	bash_complete lab show "" >out &&
	test $(wc -l <out) -eq $(ls "$TEST_TOP"/labs/*.md | grep -vc README)
'

test_expect_success 'bash: options of a subcommand, accelerators' '
	bash_complete lab run --a >out &&
	printf "%s\n" --accel --all >expect && test_cmp expect out &&
	bash_complete lab run --accel "" >out &&
	printf "%s\n" auto kvm tcg >expect && test_cmp expect out &&
	bash_complete sched replay --r >out &&
	printf "%s\n" --retention --rollover >expect && test_cmp expect out
'

test_expect_success 'bash: card keys after show' '
	printf "# D\n\n## 1. S\n\nQ: One?\nA: 1.\nID: alpha-one\n[Basic]\n\n---\n\nQ: Two?\nA: 2.\nID: alpha-two\n[Basic]\n" >d.md &&
	memdrill import d.md >/dev/null &&
	bash_complete show alpha >out &&
	printf "%s\n" alpha-one alpha-two >expect && test_cmp expect out
'

if ! command -v zsh >/dev/null 2>&1; then
	test_skip "zsh completion" "zsh is not installed"
	test_done
	exit
fi

# zsh_complete LINE WANT: type LINE and Tab in an interactive zsh using
# completion/_memdrill, then ^X, bound to print the edited line; succeed
# when it is WANT.  timeout only guards against a hang: the driver waits
# for the printed line, not for a time.
cat >zdrive.zsh <<'EOF_Z'
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1='% '; fpath=($1 \$fpath); autoload -Uz compinit"
zpty -w z "compinit -u -D; memdrill() { \"$4\" \"\$@\" }"
zpty -w z "showbuf() { zle -M \"[[\$BUFFER]]\" }; zle -N showbuf"
zpty -w z "bindkey '^X' showbuf; print rea''dy"
zpty -r z line '*ready*'
zpty -w -n z "$2"$'\t\C-x'
zpty -r z line "*\[\[*\]\]*"
print -r -- ${${line#*\[\[}%%\]\]*}
zpty -d z
EOF_Z
zsh_complete() {
	timeout 60 zsh -f zdrive.zsh "$comp" "$1" "$2" "$MEMDRILL_BIN" >got &&
	printf "%s\n" "$2" >want && test_cmp want got
}

test_expect_success 'zsh: the script parses' '
	zsh -n "$comp/_memdrill"
'
test_expect_success 'zsh: a command' '
	zsh_complete "memdrill sche" "memdrill sched "
'
test_expect_success 'zsh: a lab id after lab run' '
	zsh_complete "memdrill lab run kmod-slab-r" "memdrill lab run kmod-slab-redzone "
'
test_expect_success 'zsh: an option of sched replay' '
	zsh_complete "memdrill sched replay --ret" "memdrill sched replay --retention "
'

test_done
