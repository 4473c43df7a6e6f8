// Prints the i-ching package's hexagrams as JSON for gen (main.go):
// number, Chinese name and lines (bottom first, 1 = yang), and its version.
const path = require('path');
const dir = process.argv[2];
const pkg = require(path.join(dir, 'i-ching', 'package.json'));
const iching = require(path.join(dir, 'i-ching'));
const out = { version: pkg.version, hexagrams: [] };
for (let n = 1; n <= 64; n++) {
  const h = iching.hexagram(n);
  out.hexagrams.push({ number: h.number, name: h.chineseName, lines: h.lines });
}
process.stdout.write(JSON.stringify(out));
