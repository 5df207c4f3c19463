// SPDX-License-Identifier: GPL-2.0
// oracle.js - fsrs-rs (npm @open-spaced-repetition/binding 0.5.0) on a
// review log, for tests/cli/t-sched-optimize.sh and bench/optimize.sh.
//
//   node oracle.js items CSV HOUR   the training items, one a line:
//                                   "rating:delta_t ..." of its reviews
//   node oracle.js fit CSV HOUR     computeParameters: 21 numbers (and
//                                   with ORACLE_TIME set, its seconds
//                                   on stderr)
//   node oracle.js eval CSV HOUR W  FSRS(W).evaluate: "log_loss rmse"
//   node oracle.js split CSV HOUR   evaluateWithTimeSeriesSplits
// Days start at HOUR in UTC (TZ=UTC for memdrill to match).
'use strict';
const fs = require('fs');
const b = require('@open-spaced-repetition/binding');

const [mode, csv, hour, params] = process.argv.slice(2);
const items = b.convertCsvToFsrsItems(fs.readFileSync(csv), Number(hour),
	'UTC', () => 0);

(async () => {
	if (mode === 'items') {
		const out = items.map((it) => it.reviews.map((r) =>
			r.rating + ':' + r.deltaT).join(' '));
		process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
	} else if (mode === 'fit') {
		const t0 = process.hrtime.bigint();
		const w = await b.computeParameters(items, {
			enableShortTerm: true, numRelearningSteps: 1 });
		const t1 = process.hrtime.bigint();
		console.log(w.map((x) => x.toFixed(6)).join(','));
		if (process.env.ORACLE_TIME)
			console.error('computeParameters ' +
				      Number(t1 - t0) / 1e9 + ' s');
	} else if (mode === 'eval') {
		const w = params.split(',').map(Number);
		const e = new b.FSRSBinding(w).evaluate(items);
		console.log(e.logLoss.toFixed(6) + ' ' + e.rmseBins.toFixed(6));
	} else if (mode === 'split') {
		const e = await b.evaluateWithTimeSeriesSplits(items, {
			enableShortTerm: true, numRelearningSteps: 1 });
		console.log(e.logLoss.toFixed(6) + ' ' + e.rmseBins.toFixed(6));
	} else {
		console.error('usage: oracle.js items|fit|eval|split CSV HOUR [W]');
		process.exit(2);
	}
})().catch((e) => {
	console.error('oracle.js: ' + e.message);
	process.exit(1);
});
