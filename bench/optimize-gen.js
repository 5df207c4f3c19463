// SPDX-License-Identifier: GPL-2.0
// optimize-gen.js - a review log of about N reviews for bench/optimize.sh:
// cards scheduled by ts-fsrs 5.x (learning steps 1m 10m, relearning 10m,
// retention 0.9, fuzz), recalled with FSRS-6 probabilities under fixed
// "true" parameters, each card simulated on its own over a year
// (reviews between 09:00 and 23:00 UTC), 30 new cards a day.
//   NODE_PATH=.../node_modules node optimize-gen.js N >log.csv
'use strict';
const { fsrs, FSRSAlgorithm, generatorParameters, createEmptyCard,
	forgetting_curve } = require('ts-fsrs');

const want = Number(process.argv[2] || 10000);
let seed = 12345;
const rnd = () => {
	seed |= 0; seed = seed + 0x6D2B79F5 | 0;
	let t = Math.imul(seed ^ seed >>> 15, 1 | seed);
	t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
	return ((t ^ t >>> 14) >>> 0) / 4294967296;
};
const DAY = 86400000, DAYS = 365;
const truth = [0.5, 1.8, 4.0, 12.0, 5.8, 0.9, 2.2, 0.02, 1.7, 0.15, 1.0,
	1.7, 0.07, 0.35, 1.5, 0.45, 2.2, 0.4, 0.15, 0.08, 0.2];
const app = fsrs(generatorParameters({ enable_fuzz: true }));
const mem = new FSRSAlgorithm(generatorParameters({ w: truth }));
const out = ['card_id,review_time,review_rating,review_state,' +
	     'review_duration'];
let n = 0, id = 0;

// one card, first seen on @day: its reviews until the end of the year
function card(day) {
	let c = createEmptyCard(new Date(day * DAY + 9 * 3600000));
	let m = null, last = 0, now = c.due.getTime() +
		Math.floor(rnd() * 12 * 3600000);
	const name = 'c' + id++;
	while (now < DAYS * DAY && n < want) {
		let g;
		if (!m) {
			const u = rnd();
			g = u < 0.24 ? 1 : u < 0.334 ? 2 : u < 0.829 ? 3 : 4;
		} else if (rnd() < forgetting_curve(truth[20],
				(now - last) / DAY, m.stability)) {
			const u = rnd();
			g = u < 0.15 ? 2 : u < 0.9 ? 3 : 4;
		} else {
			g = 1;
		}
		const t = m ? Math.floor(now / DAY) - Math.floor(last / DAY) : 0;
		const rec = app.next(c, new Date(now), g);
		out.push(name + ',' + now + ',' + g + ',' + rec.log.state + ',' +
			 Math.round(3000 + rnd() * 17000));
		n++;
		m = mem.next_state(m, t, g);
		last = now;
		c = rec.card;
		now = Math.max(c.due.getTime(), now + 60000);
		const h = (now % DAY) / 3600000;
		if (h < 9)
			now += (9 - h) * 3600000;
		else if (h >= 23)
			now += (24 - h + 9) * 3600000;
	}
}

for (let day = 0; n < want; day = (day + 1) % (DAYS - 30))
	for (let k = 0; k < 30 && n < want; k++)
		card(day);
process.stdout.write(out.join('\n') + '\n');
