// sample.js: positions from astronomy-engine for the Chebyshev fit.
// Usage: node sample.js <node_modules dir>. Reads JSON lines
// {"b":"Moon","tt":[…]} (TT days since J2000) and writes one JSON line per
// request: [[lon, lat], …] in degrees, geocentric apparent ecliptic of date.
'use strict';
const path = require('path');
const readline = require('readline');
const A = require(path.resolve(process.argv[2], 'astronomy-engine'));

function pos(body, tt) {
  const t = A.AstroTime.FromTerrestrialTime(tt);
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

const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on('line', (line) => {
  if (!line) return;
  const req = JSON.parse(line);
  const res = req.tt.map((tt) => pos(req.b, tt));
  process.stdout.write(JSON.stringify(res) + '\n');
});
