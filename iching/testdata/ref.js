// Prints, for every hexagram of the i-ching package and every set of
// changing lines, the hexagram the package changes it into (null for
// none), and each hexagram's nuclear, opposite and reversed hexagrams
// found through the package's own line lookup: the reference the Go
// engine is compared with (ref_test.go).
const path = require('path');
const iching = require(path.join(process.argv[2], 'i-ching'));
const byLines = {};
for (let n = 1; n <= 64; n++) byLines[iching.hexagram(n).lines.join('')] = n;
const out = [];
for (let n = 1; n <= 64; n++) {
  const h = iching.hexagram(n);
  const l = h.lines; // bottom first
  const changes = [];
  for (let mask = 0; mask < 64; mask++) {
    const lines = [0, 1, 2, 3, 4, 5].map(i => (mask >> i) & 1);
    const c = h.changeLines(lines);
    changes.push(c === null ? null : c.to.number);
  }
  out.push({
    number: n,
    changes,
    nuclear: byLines[[l[1], l[2], l[3], l[2], l[3], l[4]].join('')],
    opposite: byLines[l.map(x => 1 - x).join('')],
    reversed: byLines[l.slice().reverse().join('')],
    upper: h.topTrigram.chineseName, lower: h.bottomTrigram.chineseName,
  });
}
process.stdout.write(JSON.stringify(out));
