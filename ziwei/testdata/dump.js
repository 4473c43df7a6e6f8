// Reads births as JSON lines on stdin and writes iztro's boards as JSON
// lines on stdout, for diff_test.go. Usage: node dump.js NODE_MODULES_DIR
//
// In:  {"date":"2000-8-16","ti":2,"g":"female","fix":true,"dd":"forward","year":2024}
// Out: {"lunar":[y,m,d,leap],"soul":"午","body":"戌","soulStar":"破军","bodyStar":"文昌",
//       "cls":"木三局","p":[palace…],"h":{…}} where a palace is
//       [name,stem,branch,isBody,isOrigin,[major],[minor],[adjective],
//        changsheng,boshi,jiangqian,suiqian,[start,end],[ages]]
//       and a star "name|brightness|mutagen|type".
'use strict';
const path = require('path');
const readline = require('readline');
const dir = path.resolve(process.argv[2]);
const { astro } = require(path.join(dir, 'iztro'));
require('./memo.js')(dir);
const { solar2lunar } = require(path.join(dir, 'lunar-lite'));

const star = (s) => `${s.name}|${s.brightness || ''}|${s.mutagen || ''}|${s.type}`;
const period = (p) => ({
  i: p.index,
  s: p.heavenlyStem,
  b: p.earthlyBranch,
  m: p.mutagen,
  st: p.stars ? p.stars.map((l) => l.map(star)) : null,
});

let dayDivide = 'forward';
const out = [];
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  if (!line) return;
  const q = JSON.parse(line);
  const dd = q.dd || 'forward';
  if (dd !== dayDivide) {
    astro.config({ dayDivide: dd });
    dayDivide = dd;
  }
  const a = astro.bySolar(q.date, q.ti, q.g, q.fix);
  const l = solar2lunar(q.date);
  const r = {
    lunar: [l.lunarYear, l.lunarMonth, l.lunarDay, l.isLeap],
    year: a.rawDates.chineseDate.yearly.join(''),
    soul: a.earthlyBranchOfSoulPalace,
    body: a.earthlyBranchOfBodyPalace,
    soulStar: a.soul,
    bodyStar: a.body,
    cls: a.fiveElementsClass,
    p: a.palaces.map((p) => [
      p.name, p.heavenlyStem, p.earthlyBranch, p.isBodyPalace, p.isOriginalPalace,
      p.majorStars.map(star), p.minorStars.map(star), p.adjectiveStars.map(star),
      p.changsheng12, p.boshi12, p.jiangqian12, p.suiqian12, p.decadal.range, p.ages,
    ]),
  };
  if (q.year) {
    const h = a.horoscope(new Date(q.year, 6, 1));
    r.h = {
      age: h.age.nominalAge,
      dname: h.decadal.name,
      d: period(h.decadal),
      a: period(h.age),
      y: period(h.yearly),
      sq: h.yearly.yearlyDecStar.suiqian12,
      jq: h.yearly.yearlyDecStar.jiangqian12,
    };
  }
  out.push(JSON.stringify(r));
  if (out.length >= 256) process.stdout.write(out.splice(0).join('\n') + '\n');
});
rl.on('close', () => {
  if (out.length) process.stdout.write(out.join('\n') + '\n');
});
