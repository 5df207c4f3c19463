// SPDX-License-Identifier: GPL-2.0
// expect.js - values from fsrs-rs (npm @open-spaced-repetition/binding
// 0.5.0) that tests/unit/test-optimize.c pins memdrill's pieces to,
// written to expected.txt:
//   items LOG N          convertCsvToFsrsItems's item count (rollover 4)
//   pretrain LOG W...    computeParameters on a log too small for more
//                        than the initial stabilities
//   step1 LOG W...       computeParameters after one Adam step: one
//                        epoch of one batch holding every item
// Run once: NODE_PATH=.../node_modules node expect.js
'use strict';
const fs = require('fs');
const b = require('@open-spaced-repetition/binding');

const items = (log) => b.convertCsvToFsrsItems(fs.readFileSync(log + '.csv'),
	4, 'UTC', () => 0);
const fmt = (w) => w.map((x) => x.toFixed(6)).join(' ');

(async () => {
	const out = [];
	for (const log of ['learner', 'steps', 'tiny'])
		out.push('items ' + log + ' ' + items(log).length);
	out.push('pretrain tiny ' + fmt(await b.computeParameters(items('tiny'),
		{ enableShortTerm: true, numRelearningSteps: 1 })));
	for (const log of ['learner', 'steps'])
		out.push('step1 ' + log + ' ' + fmt(await b.computeParameters(
			items(log), { enableShortTerm: true,
			numRelearningSteps: 1, trainingConfig: {
				numEpochs: 1, batchSize: 1000000, seed: 2023,
				maxSeqLen: 256, learningRate: 0.04,
				gamma: 1 } })));
	fs.writeFileSync('expected.txt', out.join('\n') + '\n');
	console.log(out.join('\n'));
})();
