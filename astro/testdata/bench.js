// Times astronomy-engine 2.1.19 on the births BenchmarkAstro uses
// (births.json), per chart: the ten bodies' apparent ecliptic positions
// with their rates (a second position an hour later), sidereal time, true
// obliquity, ascendant and midheaven. astronomy-engine has no houses,
// nodes or aspects, so those are left out of its side. cpu-ns/chart is
// the process's CPU time per chart, less inflated than the wall time on a
// busy shared machine.
// Usage: node astro/testdata/bench.js [NODE_MODULES_DIR]
'use strict';
const path = require('path');
const dir = path.resolve(process.argv[2] || process.env.ASTRO_REF_DIR || path.join(__dirname, '..', '..', '.cache', 'astronomy-engine', 'node_modules'));
const A = require(path.join(dir, 'astronomy-engine'));
const births = require('./births.json').map((b) => ({ ut: A.MakeTime(new Date(b.utc)).ut, lat: b.lat, lon: b.lon }));
const bodies = ['Sun', 'Moon', 'Mercury', 'Venus', 'Mars', 'Jupiter', 'Saturn', 'Uranus', 'Neptune', 'Pluto'];
const D2R = Math.PI / 180;

function pos(body, t) {
  if (body === 'Sun') return A.SunPosition(t).elon;
  if (body === 'Moon') return A.EclipticGeoMoon(t).lon;
  return A.Ecliptic(A.GeoVector(body, t, true)).elon;
}

let sink = 0;
function chart(i) {
  const b = births[i % births.length];
  // Fresh AstroTime objects: astronomy-engine caches nutation per time.
  const t = A.MakeTime(b.ut), t2 = A.MakeTime(b.ut + 1 / 24);
  for (const name of bodies) sink += pos(name, t) - pos(name, t2);
  const lst = (A.SiderealTime(t) + b.lon / 15) * 15 * D2R;
  const eps = A.e_tilt(t).tobl * D2R;
  sink += Math.atan2(Math.sin(lst), Math.cos(lst) * Math.cos(eps));
  sink += Math.atan2(Math.cos(lst), -(Math.sin(lst) * Math.cos(eps) + Math.tan(b.lat * D2R) * Math.sin(eps)));
}

function time(label, minMs, warm) {
  for (let i = 0; i < warm; i++) chart(i);
  let n = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let el = 0n;
  do {
    chart(n++);
    el = process.hrtime.bigint() - start;
  } while (n < 64 || el < BigInt(minMs) * 1000000n);
  const c = process.cpuUsage(cpu);
  const cpuNs = ((c.user + c.system) * 1000) / n;
  console.log(`${label}\t${n} charts\t${Math.round(Number(el) / n)} ns/chart\t${Math.round(cpuNs)} cpu-ns/chart`);
}

time('astronomy-engine 2.1.19 (10 bodies with rates, sidereal time, ascendant, midheaven)', 2000, births.length);
if (!Number.isFinite(sink)) console.log(sink);
