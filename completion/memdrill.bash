# memdrill.bash - bash completion for memdrill: commands, subcommands,
# options, lab ids and card keys.  Installed by `make install` as
# $(DATADIR)/bash-completion/completions/memdrill; to try it from the
# source tree: `. completion/memdrill.bash`.  Lab ids and card keys are
# asked of memdrill itself (`lab list`, `cards`), so they follow the data
# and the collection memdrill would use.

_memdrill_labs()
{
	memdrill lab list 2>/dev/null | cut -f1
}

_memdrill_exercises()
{
	memdrill lab list 2>/dev/null | awk 'NR > 1 && $2 == "exercise" { print $1 }'
}

_memdrill_keys()
{
	memdrill cards 2>/dev/null | cut -f1
}

_memdrill()
{
	local cur prev cmd sub words i
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	COMPREPLY=()

	# the command: the first word after memdrill that is not an option
	cmd= sub=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--db) ((i++)) ;;
		-*) ;;
		*)
			if [[ -z $cmd ]]; then
				cmd=${COMP_WORDS[i]}
			elif [[ -z $sub ]]; then
				sub=${COMP_WORDS[i]}
			fi
			;;
		esac
	done

	case $prev in
	--db)
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	--accel)
		COMPREPLY=($(compgen -W "auto kvm tcg" -- "$cur"))
		return
		;;
	--dir)
		COMPREPLY=($(compgen -d -- "$cur"))
		return
		;;
	--deck | -d | --search | -s | --width | -w | --params | \
	--retention | -r | --rollover | -o | --seed | --init | --user)
		return
		;;
	esac

	if [[ -z $cmd ]]; then
		words="drill import check cards show stats sched revlog lab sim
		       sync rebuild class config help --db --help --version"
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return
	fi

	case $cmd in
	drill) words="--deck --plain --help" ;;
	import) words="--quiet --help"; COMPREPLY=($(compgen -f -- "$cur")) ;;
	check) words="--help"; COMPREPLY=($(compgen -f -- "$cur")) ;;
	cards) words="--deck --search --due --suspended --buried --help" ;;
	show)
		words="--width --help"
		[[ $cur == -* ]] || words="$words $(_memdrill_keys)"
		;;
	stats) words="--help" ;;
	config) words="--defaults --help" ;;
	help)
		words="drill import check cards show stats sched revlog lab sim
		       sync rebuild class config"
		;;
	revlog) words="export --help" ;;
	sync) words="--init --dir --user --offline --help" ;;
	rebuild) words="--help" ;;
	class)
		case $sub in
		"") words="report --help" ;;
		report) COMPREPLY=($(compgen -d -- "$cur")) ;;
		esac
		;;
	sched)
		case $sub in
		"") words="replay optimize evaluate retention items suspend
			   unsuspend bury reset --help" ;;
		replay)
			words="--params --retention --rollover --help"
			COMPREPLY=($(compgen -f -- "$cur"))
			;;
		optimize)
			words="--save --json --params --help"
			COMPREPLY=($(compgen -f -- "$cur"))
			;;
		evaluate)
			words="--json --params --help"
			COMPREPLY=($(compgen -f -- "$cur"))
			;;
		retention) words="--days --new --seed --json --help" ;;
		items) COMPREPLY=($(compgen -f -- "$cur")) ;;
		suspend | unsuspend | bury | reset) words="$(_memdrill_keys)" ;;
		esac
		;;
	lab)
		case $sub in
		"") words="list show actions run start solution verify --help" ;;
		show) words="$(_memdrill_labs)" ;;
		solution | verify) words="$(_memdrill_exercises)" ;;
		start)
			words="--fresh"
			[[ $cur == -* ]] || words="$(_memdrill_exercises)"
			;;
		run)
			words="--all --vm --host --accel --yes --help"
			[[ $cur == -* ]] || words="$words $(_memdrill_labs)"
			;;
		esac
		;;
	sim)
		case $sub in
		"") words="run check gen --help" ;;
		run)
			words="--trace --step --host --help"
			COMPREPLY=($(compgen -f -X '!*.scn' -- "$cur")
				   $(compgen -d -- "$cur"))
			;;
		check)
			words="--host --help"
			COMPREPLY=($(compgen -d -- "$cur"))
			;;
		gen) words="buddy slab fault oom --seed --solve" ;;
		esac
		;;
	esac
	COMPREPLY+=($(compgen -W "$words" -- "$cur"))
}

complete -F _memdrill memdrill
