// iztro spends nearly all its time in i18n.kot, a reverse lookup that scans
// every translation of every locale on each call (and in i18next's t);
// lunar-typescript recomputes a year's solar terms whenever the year changes
// (it caches only the last LunarYear); and lunar-lite converts the same
// date many times per board. All are pure for a fixed language (zh-CN
// here), so dump.js memoizes them: about 1.3 ms per board instead of
// 30–150 ms. The boards are unchanged (diff_test.go compares a sample
// dumped without it: ZIWEI_NO_MEMO=1). Call before computing any board.
// bench.js times iztro both ways.
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
  // lunar-lite's conversions, called many times per board for the same
  // date; the index re-exports them through getters, so patch the modules.
  const conv = require(path.join(dir, 'lunar-lite', 'lib', 'convertor'));
  const ganzhi = require(path.join(dir, 'lunar-lite', 'lib', 'ganzhi'));
  const s2l = conv.solar2lunar;
  const lc = new Map();
  conv.solar2lunar = function (date) {
    if (typeof date !== 'string') return s2l(date);
    let r = lc.get(date);
    if (r === undefined) {
      r = s2l(date);
      lc.set(date, r);
    }
    return r;
  };
  const gz = ganzhi.getHeavenlyStemAndEarthlyBranchBySolarDate;
  const gc = new Map();
  ganzhi.getHeavenlyStemAndEarthlyBranchBySolarDate = function (date, ti, opts) {
    if (typeof date !== 'string') return gz(date, ti, opts);
    const key = date + '|' + ti + '|' + JSON.stringify(opts);
    let r = gc.get(key);
    if (r === undefined) {
      r = gz(date, ti, opts);
      gc.set(key, r);
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
