// Times iztro 2.6.1 on the births BenchmarkZiwei uses (births.json): a
// board (astro.bySolar) and its horoscope for the current year, per board.
// Then again with the pure lookups memoized as dump.js does (memo.js), to
// show how much of iztro's time is its i18n reverse lookups. cpu-ns/board
// is the process's CPU time per board, less inflated than the wall time on
// a busy shared machine.
// Usage: node ziwei/testdata/bench.js [NODE_MODULES_DIR]
'use strict';
const path = require('path');
const dir = path.resolve(process.argv[2] || process.env.ZIWEI_REF_DIR || path.join(__dirname, '..', '..', '.cache', 'iztro', 'node_modules'));
const { astro } = require(path.join(dir, 'iztro'));
const { timeToIndex } = require(path.join(dir, 'iztro', 'lib', 'utils'));
const births = require('./births.json').map((b) => {
  const [y, m, d] = b.date.split('-').map(Number);
  return { date: `${y}-${m}-${d}`, ti: timeToIndex(b.hour), g: b.gender };
});
const target = new Date(new Date().getFullYear(), 6, 1);

function board(i) {
  const b = births[i % births.length];
  astro.bySolar(b.date, b.ti, b.g, true).horoscope(target);
}

// Boards in births order until minMs have passed and at least 64 are
// done, after warm boards to warm up.
function time(label, minMs, warm) {
  for (let i = 0; i < warm; i++) board(i);
  let n = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let el = 0n;
  do {
    board(n++);
    el = process.hrtime.bigint() - start;
  } while (n < 64 || el < BigInt(minMs) * 1000000n);
  const c = process.cpuUsage(cpu);
  const cpuNs = ((c.user + c.system) * 1000) / n;
  console.log(`${label}\t${n} boards\t${Math.round(Number(el) / n)} ns/board\t${Math.round(cpuNs)} cpu-ns/board`);
}

time('iztro 2.6.1 (bySolar + horoscope)', 1000, 8);
require('./memo.js')(dir);
// Fill the caches on every birth first: the first board of a year
// computes its solar terms.
time('iztro 2.6.1, lookups memoized as dump.js does', 2000, births.length);
