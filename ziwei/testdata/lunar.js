// Writes the lunar date iztro (lunar-lite / lunar-typescript) gives every
// day from FROM to TO (YYYY-M-D), one line "days-since-epoch year month day
// leap monthDays" per lunar month start and at FROM, for lunar_test.go.
// Usage: node lunar.js NODE_MODULES_DIR FROM TO
'use strict';
const path = require('path');
const dir = path.resolve(process.argv[2]);
const { solar2lunar } = require(path.join(dir, 'lunar-lite'));
const { getTotalDaysOfLunarMonth } = require(path.join(dir, 'lunar-lite'));
const [from, to] = process.argv.slice(3).map((s) => {
  const [y, m, d] = s.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86400000;
});
const out = [];
for (let day = from; day <= to; day++) {
  const dt = new Date(day * 86400000);
  const s = `${dt.getUTCFullYear()}-${dt.getUTCMonth() + 1}-${dt.getUTCDate()}`;
  const l = solar2lunar(s);
  if (l.lunarDay === 1 || day === from) {
    out.push(`${day} ${l.lunarYear} ${l.lunarMonth} ${l.lunarDay} ${l.isLeap ? 1 : 0} ${getTotalDaysOfLunarMonth(s)}`);
  }
}
process.stdout.write(out.join('\n') + '\n');
