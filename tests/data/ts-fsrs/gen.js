// SPDX-License-Identifier: GPL-2.0
// gen.js - make the differential test data for `memdrill sched replay`
// from ts-fsrs 5.x, the reference FSRS-6 implementation in TypeScript.
//
// Run once (needs node and `npm install ts-fsrs@5` in some folder):
//   NODE_PATH=/that/folder/node_modules node gen.js
// It writes, for each parameter set NAME: NAME.params (the --params value,
// empty for the defaults), NAME.in.csv (review log, rows shuffled) and
// NAME.expected.csv (ts-fsrs next_state / next_interval after each review,
// days counted in UTC with the day starting at 00:00).
'use strict';
const fs = require('fs');
const { FSRSAlgorithm, generatorParameters } = require('ts-fsrs');

// FSRS-6 vectors only: ts-fsrs clamps a migrated 17/19-value vector's
// w19 (0 by the documented upgrade) up to 0.01, so it no longer means the
// same thing; the upgrade itself is unit-tested against the reference.
const sets = {
	fsrs6: null,
	custom1: [0.6845422, 1.6790825, 4.7349424, 10.042885, 7.4410233,
		0.64219797, 1.071918, 0.0025195254, 1.432437, 0.1544,
		0.8692766, 2.0696752, 0.0953, 0.2975, 2.4691248, 0.19542035,
		3.201072, 0.18046261, 0.121442534, 0.05, 0.3],
	custom2: [0.4, 0.6, 2.4, 5.8, 6.81, 0.44675014, 1.36, 0.01, 1.49,
		0.14, 0.94, 2.18, 0.05, 0.34, 1.26, 0.29, 2.61, 0.3, 0.2, 0.1,
		0.2],
};

// A small deterministic generator (mulberry32) so the data never changes.
function rng(seed) {
	return function () {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const DAY = 86400000;
const gaps = [0, 0, 1, 1, 2, 3, 5, 8, 13, 21, 40, 90, 200, 400];

for (const [name, w] of Object.entries(sets)) {
	const algo = new FSRSAlgorithm(generatorParameters(w ? { w } : {}));
	const rand = rng([...name].reduce((h, ch) => h * 31 + ch.charCodeAt(0), 7));
	const rows = [], out = [];
	for (let c = 0; c < 120; c++) {
		const id = `card${c}`;
		const n = 1 + Math.floor(rand() * 14);
		let day = 19000 + Math.floor(rand() * 500), prev = null, m = null;
		let ms = Math.floor(rand() * DAY / 2);
		for (let i = 0; i < n; i++) {
			const gap = i ? gaps[Math.floor(rand() * gaps.length)] : 0;
			// times strictly increase, also within one day
			day += gap;
			ms = gap ? Math.floor(rand() * DAY / 2) :
				   ms + 1 + Math.floor(rand() * (DAY - ms - 2) / 8);
			const time = day * DAY + ms;
			const g = 1 + Math.floor(rand() * 4);
			const t = prev === null ? 0 : day - prev;
			m = algo.next_state(m, t, g);
			const ivl = algo.next_interval(m.stability, t);
			rows.push(`${id},${time},${g}`);
			out.push(`${id},${time},${g},${t},${m.stability},` +
				 `${m.difficulty},${ivl}`);
			prev = day;
		}
	}
	for (let i = rows.length - 1; i > 0; i--) {	// any row order
		const j = Math.floor(rand() * (i + 1));
		[rows[i], rows[j]] = [rows[j], rows[i]];
	}
	fs.writeFileSync(`${name}.params`, w ? w.join(',') + '\n' : '\n');
	fs.writeFileSync(`${name}.in.csv`,
		'card_id,review_time,review_rating\n' + rows.join('\n') + '\n');
	fs.writeFileSync(`${name}.expected.csv`,
		'card_id,review_time,review_rating,elapsed_days,stability,' +
		'difficulty,interval\n' + out.join('\n') + '\n');
}
