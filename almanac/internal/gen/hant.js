// Converts a simplified-Chinese locale file to traditional Chinese
// (Taiwan standard forms, as the gazetteer's names): node hant.js in out.
// Keys are kept as they are (they name the simplified text lunar-go
// returns); only the values are converted. Sorted keys keep diffs small.
const fs = require('fs');
const OpenCC = require('opencc-js');
const toTW = OpenCC.Converter({ from: 'cn', to: 'tw' });
const [input, output] = process.argv.slice(2);
const src = JSON.parse(fs.readFileSync(input, 'utf8'));
const out = {};
for (const k of Object.keys(src).sort()) out[k] = toTW(src[k]);
fs.writeFileSync(output, JSON.stringify(out, null, 2) + '\n');
