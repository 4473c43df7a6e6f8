// Prints, as one JSON document, the iztro data the ziwei tables are built
// from: the zh-CN, zh-TW, en-US, ja-JP and ko-KR locales, star brightness, the 四化 per
// stem, 命主/身主 per branch, and the `type` iztro gives each star on a
// board. Usage: node gen.js NODE_MODULES_DIR
'use strict';
const path = require('path');
const dir = path.resolve(process.argv[2]);
const lib = (p) => require(path.join(dir, 'iztro', 'lib', p));
const pkg = require(path.join(dir, 'iztro', 'package.json'));
const loc = (l) => lib(path.join('i18n', 'locales', l)).default;
const { STARS_INFO } = lib('data/stars');
const { heavenlyStems } = lib('data/heavenlyStems');
const { earthlyBranches } = lib('data/earthlyBranches');
const { kot } = lib('i18n');
const { astro } = require(path.join(dir, 'iztro'));

// Every origin star appears on every board (default algorithm); the period
// stars come from a horoscope. Record the type iztro gives each.
const kinds = {};
const add = (s) => {
  const k = kot(s.name);
  if (kinds[k] && kinds[k] !== s.type) throw new Error('two types for ' + k);
  kinds[k] = s.type;
};
const board = astro.bySolar('2000-8-16', 2, 'female', true, 'zh-CN');
for (const p of board.palaces) [...p.majorStars, ...p.minorStars, ...p.adjectiveStars].forEach(add);
const h = board.horoscope(new Date(2024, 6, 1));
for (const ps of [h.decadal.stars, h.yearly.stars]) ps.forEach((l) => l.forEach(add));

process.stdout.write(JSON.stringify({
  version: pkg.version,
  locales: { 'zh-CN': loc('zh-CN'), 'zh-TW': loc('zh-TW'), 'en-US': loc('en-US'), 'ja-JP': loc('ja-JP'), 'ko-KR': loc('ko-KR') },
  starsInfo: STARS_INFO,
  stems: heavenlyStems,
  branches: earthlyBranches,
  kinds,
}));
