// Decap CMS's own YAML handling (decap-cms-core src/formats/yaml.ts, 3.x), run with node on
// files: what the web editor would write back after opening a file and saving it unchanged.
// The `yaml` package is the one decap-cms-core depends on, from .tools/cms (see .ci/run).
// Input on stdin: {"files": [{"path": ..., "sortedKeys": [...]}]}; output: {path: {data, text}}.
'use strict';
const fs = require('fs');
const yaml = require('yaml');

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
for (const { path, sortedKeys } of request.files) {
  const data = fromFile(fs.readFileSync(path, 'utf8'));
  out[path] = { data, text: toFile(data, sortedKeys || []) };
}
process.stdout.write(JSON.stringify(out));
