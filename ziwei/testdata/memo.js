// iztro spends nearly all its time in i18n.kot, a reverse lookup that scans
// every translation of every locale on each call (and in i18next's t), and
// lunar-typescript recomputes a year's solar terms whenever the year changes
// (it caches only the last LunarYear). All three are pure for a fixed
// language (zh-CN here), so dump.js can memoize them; the boards are
// unchanged (diff_test.go checks a sample without it: ZIWEI_NO_MEMO=1).
// Call before computing any board. bench.js times iztro without it.
'use strict';
const path = require('path');
module.exports = function memoize(dir) {
  if (process.env.ZIWEI_NO_MEMO === '1') return;
  const i18n = require(path.join(dir, 'iztro', 'lib', 'i18n'));
  const kot = i18n.kot;
  const t = i18n.t;
  const kc = new Map();
  const tc = new Map();
  i18n.kot = function (value, k) {
    const key = k === undefined ? value : value + '\u0000' + k;
    if (kc.has(key)) return kc.get(key); // kot(undefined) is undefined
    const r = kot(value, k);
    kc.set(key, r);
    return r;
  };
  const { LunarYear } = require(path.join(dir, 'lunar-typescript'));
  const fromYear = LunarYear.fromYear;
  const yc = new Map();
  LunarYear.fromYear = function (y) {
    let r = yc.get(y);
    if (r === undefined) {
      r = fromYear.call(LunarYear, y);
      yc.set(y, r);
    }
    return r;
  };
  i18n.t = function (str) {
    if (tc.has(str)) return tc.get(str);
    const r = t(str);
    tc.set(str, r);
    return r;
  };
};
