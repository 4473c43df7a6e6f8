// ref.js: astronomy-engine 2.1.19's figures for the differential test.
// Usage: node ref.js <node_modules dir>. Reads JSON lines
// {"ut": days from J2000 (UTC), "lat": deg, "lon": deg} and writes one JSON
// line each: {"b": [[lon, lat, speed], …] for Sun … Pluto, "lst": hours,
// "tobl": degrees, "asc": degrees, "mc": degrees}. Positions are geocentric
// apparent ecliptic of date (SunPosition, EclipticGeoMoon, and Ecliptic of
// GeoVector with aberration); speed is a central difference over ±1 hour.
// The angles use astronomy-engine's SiderealTime and e_tilt true obliquity.
'use strict';
const path = require('path');
const readline = require('readline');
const A = require(path.resolve(process.argv[2], 'astronomy-engine'));

const bodies = ['Sun', 'Moon', 'Mercury', 'Venus', 'Mars', 'Jupiter', 'Saturn', 'Uranus', 'Neptune', 'Pluto'];

function pos(body, t) {
  if (body === 'Sun') {
    const s = A.SunPosition(t);
    return [s.elon, s.elat];
  }
  if (body === 'Moon') {
    const s = A.EclipticGeoMoon(t);
    return [s.lon, s.lat];
  }
  const e = A.Ecliptic(A.GeoVector(body, t, true));
  return [e.elon, e.elat];
}

function rem(x) { x %= 360; if (x > 180) x -= 360; if (x < -180) x += 360; return x; }

const D2R = Math.PI / 180;
const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on('line', (line) => {
  if (!line) return;
  const q = JSON.parse(line);
  const t = A.MakeTime(q.ut);
  const h = 1 / 24;
  const t1 = A.MakeTime(q.ut - h), t2 = A.MakeTime(q.ut + h);
  const b = bodies.map((name) => {
    const p = pos(name, t);
    const p1 = pos(name, t1), p2 = pos(name, t2);
    return [p[0], p[1], rem(p2[0] - p1[0]) / (2 * h)];
  });
  const gast = A.SiderealTime(t);
  const tobl = A.e_tilt(t).tobl;
  let lst = (gast + q.lon / 15) % 24;
  if (lst < 0) lst += 24;
  const ramc = lst * 15 * D2R, eps = tobl * D2R;
  let mc = Math.atan2(Math.sin(ramc), Math.cos(ramc) * Math.cos(eps)) / D2R;
  let asc = Math.atan2(Math.cos(ramc), -(Math.sin(ramc) * Math.cos(eps) + Math.tan(q.lat * D2R) * Math.sin(eps))) / D2R;
  if (mc < 0) mc += 360;
  if (asc < 0) asc += 360;
  process.stdout.write(JSON.stringify({ b, lst, tobl, asc, mc }) + '\n');
});
