// SPDX-License-Identifier: GPL-2.0
// gen.js - make the review logs `memdrill sched optimize` is checked on
// against fsrs-rs (tests/cli/t-sched-optimize.sh): simulated learners
// scheduled by ts-fsrs 5.x (learning steps 1m 10m, relearning 10m,
// desired retention 0.9, fuzz) whose recall follows FSRS-6 with known
// "true" parameters.
//
// Run once (needs node and `npm install ts-fsrs@5` in some folder):
//   NODE_PATH=/that/folder/node_modules node gen.js
// It writes, in the `revlog export` schema
// (card_id,review_time,review_rating,review_state,review_duration):
//   learner.csv  2000 cards over 300 days, true parameters in learner.params
//   steps.csv    600 cards over 150 days with extra same-day reviews and
//                resets to new (true parameters: FSRS-6 defaults)
//   tiny.csv     100 cards over 8 days (too few items for a full fit:
//                pretrained initial stabilities only)
// Days are UTC days (ts-fsrs counts elapsed days so); reviews fall
// between 09:00 and 23:00 UTC, so a rollover at 4 changes nothing.
'use strict';
const fs = require('fs');
const {
	fsrs, FSRSAlgorithm, generatorParameters, createEmptyCard, Rating,
	forgetting_curve,
} = require('ts-fsrs');

function mulberry32(a) {
	return function () {
		a |= 0; a = a + 0x6D2B79F5 | 0;
		let t = Math.imul(a ^ a >>> 15, 1 | a);
		t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
		return ((t ^ t >>> 14) >>> 0) / 4294967296;
	};
}

const DAY = 86400000;
const utcDay = (ms) => Math.floor(ms / DAY);

function simulate(name, o) {
	const rnd = mulberry32(o.seed);
	const app = fsrs(generatorParameters({ enable_fuzz: true }));
	const truth = new FSRSAlgorithm(generatorParameters({ w: o.truth }));
	const cards = [];
	const rows = [];
	let introduced = 0;

	for (let day = 0; day < o.days; day++) {
		const start = day * DAY + 9 * 3600000, end = day * DAY +
			23 * 3600000;
		let clock = start;
		for (let k = 0; k < o.newPerDay && introduced < o.cards; k++)
			cards.push({
				id: 'c' + (1000 + introduced++),
				card: createEmptyCard(new Date(start)),
				mem: null, last: 0,
			});
		for (;;) {
			let best = null;
			for (const c of cards) {
				const due = c.card.due.getTime();
				if (due <= Math.max(clock, start) && due < end &&
				    (!best || due < best.card.due.getTime()))
					best = c;
			}
			if (!best) {
				// the next same-day step, if any, before 23:00
				let next = null;
				for (const c of cards) {
					const due = c.card.due.getTime();
					if (due > clock && due < end &&
					    (!next || due < next))
						next = due;
				}
				if (next === null)
					break;
				clock = next;
				continue;
			}
			const c = best;
			const now = new Date(Math.max(clock, start));
			let g;
			if (!c.mem) {
				const u = rnd();
				g = u < 0.24 ? 1 : u < 0.334 ? 2 : u < 0.829 ?
					3 : 4;
			} else {
				const el = (now.getTime() - c.last) / DAY;
				const r = forgetting_curve(o.truth[20], el,
							   c.mem.stability);
				if (rnd() < r) {
					const u = rnd();
					g = u < 0.15 ? 2 : u < 0.9 ? 3 : 4;
				} else {
					g = 1;
				}
			}
			const t = c.mem ? utcDay(now.getTime()) -
				utcDay(c.last) : 0;
			const rec = app.next(c.card, now, g);
			rows.push([c.id, now.getTime(), g, rec.log.state,
				   Math.round(3000 + rnd() * 17000)]);
			c.mem = truth.next_state(c.mem, t, g);
			c.last = now.getTime();
			c.card = rec.card;
			clock = now.getTime() + 20000;
			// a review again the same day, as cramming does
			if (o.sameDay && rnd() < o.sameDay &&
			    rec.card.state === 2)
				c.card = { ...c.card,
					due: new Date(clock + 3600000) };
			// forgotten on purpose: back to new
			if (o.reset && rnd() < o.reset && c.card.reps > 3) {
				c.card = app.forget(c.card, new Date(clock))
					.card;
				c.card.due = new Date((day + 1) * DAY);
				c.mem = null;
			}
			if (clock >= end)
				break;
		}
	}
	const out = ['card_id,review_time,review_rating,review_state,' +
		     'review_duration'];
	for (const r of rows)
		out.push(r.join(','));
	fs.writeFileSync(name + '.csv', out.join('\n') + '\n');
	console.log(name + ': ' + rows.length + ' reviews');
}

const learnerTruth = [0.5, 1.8, 4.0, 12.0, 5.8, 0.9, 2.2, 0.02, 1.7, 0.15,
	1.0, 1.7, 0.07, 0.35, 1.5, 0.45, 2.2, 0.4, 0.15, 0.08, 0.2];
const defaults = generatorParameters().w.slice();

fs.writeFileSync('learner.params', learnerTruth.join(',') + '\n');
simulate('learner', { seed: 17, cards: 2000, days: 300, newPerDay: 10,
		      truth: learnerTruth });
simulate('steps', { seed: 23, cards: 600, days: 150, newPerDay: 6,
		    truth: defaults, sameDay: 0.05, reset: 0.01 });
simulate('tiny', { seed: 29, cards: 100, days: 8, newPerDay: 14,
		   truth: defaults });
