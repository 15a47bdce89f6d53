// make.mjs regenerates the <lang>.txt files in this folder from the npm
// package stopwords-iso. See README.md for the rule. Usage:
//
//	cd "$(mktemp -d)" && npm pack stopwords-iso@1.1.0 && tar xzf stopwords-iso-1.1.0.tgz
//	node /path/to/lang/stopwords/make.mjs package/stopwords-iso.json /path/to/lang/stopwords
import fs from 'node:fs';
import path from 'node:path';

const [src, outDir] = process.argv.slice(2);
if (!src || !outDir) {
  console.error('usage: node make.mjs stopwords-iso.json OUTDIR');
  process.exit(2);
}
const langs = ('de en fr es it nl pl pt sv da no fi ru cs hu ro tr id ' +
  'uk bg sk sl hr el ca lt lv vi ar fa he hi').split(' ');
// One word as lang.NextWord sees it: letters and combining marks, with an
// apostrophe (' or ’) or a zero-width (non-)joiner only between two of them.
// Entries with digits, spaces, hyphens, dots or other punctuation are dropped.
const oneWord = /^[\p{L}\p{M}]+(?:['\u2019\u200c\u200d][\p{L}\p{M}]+)*$/u;
const iso = JSON.parse(fs.readFileSync(src, 'utf8'));
for (const l of langs) {
  const seen = new Set();
  let dropped = [];
  for (const raw of iso[l]) {
    const w = raw.normalize('NFC').toLowerCase().replace(/\u2019/g, "'");
    if (!oneWord.test(w)) { dropped.push(raw); continue; }
    seen.add(w);
  }
  // Sort by UTF-8 bytes, as Go's sort.Strings does.
  const words = [...seen].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  fs.writeFileSync(path.join(outDir, l + '.txt'), words.join('\n') + '\n');
  console.log(`${l}\t${iso[l].length}\t${words.length}\tdropped ${dropped.length}`);
}
