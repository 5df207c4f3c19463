# class-gen.awk - a generated class for memdrill class report
# (tests/cli/t-class.sh): 200 simulated students over the card keys read
# one per line (the 164 bundled cards), and three labs.
#
#   awk -v out=DIR/reviews -f class-gen.awk KEYS >TRUTH
#
# writes DIR/reviews/sNNN/d1.tsv, the event logs students' syncs write
# (docs/sync.md), and prints the truth the report is checked against:
# "R student key rating" per review, "L student lab verdict" per lab run.
# Each student skips every card where (student + card) % 7 == 0, reviews
# the others 3 to 6 times at 1, 3, 7, 15 and 30 day gaps, the first time
# Good, then Good with a chance of ability (0.8 .. 1) times the card's
# ease (0.35 for every 41st card, else 0.97), else Again.  Labs pass with
# a chance of 0.9, 0.6 and 0.3.  srand(18): the same class every run.
BEGIN { srand(18) }
{ key[NR - 1] = $1 }
END {
	n = NR
	t0 = 1788998400 * 1000	# Monday 2026-09-07, ms
	split("lab-easy lab-mid lab-hard", lab, " ")
	split("0.9 0.6 0.3", labp, " ")
	split("1 3 7 15 30 60", gap, " ")
	for (s = 1; s <= 200; s++) {
		name = sprintf("s%03d", s)
		dir = out "/" name
		system("mkdir -p '" dir "'")
		f = dir "/d1.tsv"
		seq = 0
		a = 0.8 + 0.2 * rand()
		print "# memdrill events of device d1" > f
		for (c = 0; c < n; c++) {
			if ((s + c) % 7 == 0)
				continue
			p = (c % 41 == 0) ? 0.35 : 0.97
			t = t0 + (s % 5) * 86400000 + c * 60000
			k = 3 + (s + c) % 4
			for (j = 1; j <= k; j++) {
				r = (j == 1 || rand() < p * a) ? 3 : 1
				printf "%d\t%.0f\treview\t%s\t%d\t5000\n", ++seq, t, key[c], r > f
				print "R", name, key[c], r
				t += gap[j] * 86400000
			}
		}
		for (l = 1; l <= 3; l++) {
			if ((s + l) % 4 == 0)
				continue
			v = rand() < labp[l] ? "pass" : "fail"
			printf "%d\t%.0f\tlab\t%s\tsim\t%s\t100\n", ++seq, t0 + l, lab[l], v > f
			print "L", name, lab[l], v
		}
		close(f)
	}
}
