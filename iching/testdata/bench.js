// The reference's figure for `make bench-iching`: the i-ching package's
// ask(), a three-coin cast with its resulting hexagram, timed over many
// casts after a warm-up, beside BenchmarkCast.
const path = require('path');
const iching = require(path.join(process.argv[2], 'i-ching'));
const n = 20000;
for (let i = 0; i < 2000; i++) iching.ask('warm-up ' + i);
const t0 = process.hrtime.bigint();
let sink = 0;
for (let i = 0; i < n; i++) {
  const r = iching.ask('question ' + i);
  sink += r.hexagram.number + (r.change ? r.change.to.number : 0);
}
const ns = Number(process.hrtime.bigint() - t0) / n;
console.log(`i-ching ask(): ${(ns / 1000).toFixed(2)} µs per cast (${n} casts, checksum ${sink})`);
