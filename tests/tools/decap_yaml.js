// Decap CMS's own YAML handling (decap-cms-core src/formats/yaml.ts, 3.x), run with node on
// files: what the web editor would write back after opening a file and saving it unchanged.
// The `yaml` package is the one decap-cms-core depends on, from .tools/cms (see .ci/run).
// Before writing, the key order is kept as /admin/'s own preSave hook keeps it
// (actionplans/data/admin/keep-order.js, the same file, with the order the build generates).
// Input on stdin: {"order": {...}, "files": [{"path": ..., "sortedKeys": [...]}]};
// output: {path: {data, text}}.
'use strict';
const fs = require('fs');
const path = require('path');
const yaml = require('yaml');
const { orderPlain } = require(path.join(__dirname, '..', '..', 'actionplans', 'data', 'admin', 'keep-order.js'));

// Decap's custom tag: full ISO timestamps become dates; nothing in the content format is one.
const timestampTag = {
  identify: value => value instanceof Date,
  default: true,
  tag: '!timestamp',
  test: /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2}(\.[0-9]+)?)Z$/,
  resolve: str => new Date(str),
  stringify: value => value.toISOString(),
};

function fromFile(content) {
  if (content && content.trim().endsWith('---')) content = content.trim().slice(0, -3);
  const doc = yaml.parseDocument(content, { customTags: [timestampTag], prettyErrors: true });
  if (doc.errors.length > 0) throw new Error(doc.errors.map(e => e.message).join('\n'));
  return doc.toJSON();
}

function toFile(data, sortedKeys) {
  const contents = yaml.createNode(data);
  contents.items.sort((a, b) => {
    const ia = sortedKeys.indexOf(a.key && a.key.toString());
    const ib = sortedKeys.indexOf(b.key && b.key.toString());
    if (ia === -1 || ib === -1) return 0;
    return ia - ib;
  });
  const doc = new yaml.Document();
  doc.contents = contents;
  return doc.toString();
}

const request = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = {};
for (const { path: file, sortedKeys } of request.files) {
  const data = fromFile(fs.readFileSync(file, 'utf8'));
  out[file] = { data, text: toFile(request.order ? orderPlain(data, request.order) : data, sortedKeys || []) };
}
process.stdout.write(JSON.stringify(out));
