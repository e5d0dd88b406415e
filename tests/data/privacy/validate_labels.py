#!/usr/bin/env python3
"""Check the labelled privacy evaluation data and print its counts.

Usage:  python validate_labels.py [DATA_DIR]      (default: the folder holding this script)

For every YAML document in DATA_DIR/dev and DATA_DIR/holdout it checks that
  * the document has a title, a context (agencies, glossary, places) and entries;
  * every entry has a known field and a text;
  * every label has a text and a kind from the published lists;
  * every labelled text occurs verbatim in the entry text, as many times as it is
    listed, in the listed order, at word boundaries, and that no person label
    overlaps a look-alike label (each label is given its own span of the text);
and it prints counts per split, per kind and per field, then checks the minimums:
8-10 documents, >= 180 person mentions, >= 80 distinct people, >= 180 look-alikes,
and every person kind and every look-alike kind at least 8 times, per split.

Exit status 0 when everything passes, 1 otherwise.  Needs only the standard
library and PyYAML.
"""
import collections
import os
import re
import sys

import yaml

PERSON_KINDS = [
    'full-name', 'first-name', 'surname', 'initials', 'initials-joined',
    'initials-clause-start', 'spaced-initials', 'first-name-initial',
    'pseudonym-common-word', 'pseudonym-month', 'pseudonym', 'name-in-list',
    'name-near-email', 'split-line', 'possessive', 'name-in-programme', 'lower-case',
]
LOOKALIKE_KINDS = [
    'acronym', 'role-or-rank', 'agency', 'law', 'programme', 'place', 'system',
    'document', 'month-or-day', 'common-word', 'heading', 'building',
]
FIELDS = ['summary', 'recommendation', 'action', 'lead_role', 'milestone', 'outcome',
          'update', 'evidence_title']
SPLITS = ['dev', 'holdout']
FILE_NAME = re.compile(r'^\d\d-[a-z0-9]+(-[a-z0-9]+)*\.yaml$')

MIN_DOCS, MAX_DOCS = 8, 10
MIN_PEOPLE = 180
MIN_DISTINCT_PEOPLE = 80
MIN_LOOKALIKES = 180
MIN_PER_KIND = 8

TITLES = r'(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Cllr|DS|DI|DC|PC|DCI|Sgt|Insp|Nurse|Sister|Matron)'


def normalise_person(text):
    """A rough identity key for counting distinct people (upper bound)."""
    t = re.sub(r'\s+', ' ', text).strip()
    t = re.sub(r"(?:'s|’s|')$", '', t)
    t = re.sub(r'^%s\.? ' % TITLES, '', t)
    return t.replace('.', '').replace(' ', '').lower()


def occurrences(text, needle):
    """Start offsets of needle in text at word boundaries (overlaps allowed)."""
    out, i = [], text.find(needle)
    while i >= 0:
        before = text[i - 1] if i > 0 else ' '
        after = text[i + len(needle)] if i + len(needle) < len(text) else ' '
        if not before.isalnum() and not after.isalnum():
            out.append(i)
        i = text.find(needle, i + 1)
    return out


def assign(text, lists):
    """Give every label its own span: each list in order, no two spans overlapping.

    lists: [[label_text, ...], [label_text, ...]].  Returns the spans or None.
    Small backtracking search (entries hold a few dozen labels at most).
    """
    seq = [(li, t) for li, labels in enumerate(lists) for t in labels]
    occ = {t: occurrences(text, t) for (_, t) in seq}
    spans = []

    def free(s, e):
        return all(e <= s2 or s >= e2 for (s2, e2) in spans)

    def rec(k, last_end):
        if k == len(seq):
            return True
        li, t = seq[k]
        start_from = last_end.get(li, 0)
        for s in occ[t]:
            if s < start_from or not free(s, s + len(t)):
                continue
            spans.append((s, s + len(t)))
            saved = last_end.get(li)
            last_end[li] = s + len(t)
            if rec(k + 1, last_end):
                return True
            spans.pop()
            if saved is None:
                del last_end[li]
            else:
                last_end[li] = saved
        return False

    return list(spans) if rec(0, {}) else None


def check_document(path, errors):
    where = os.path.relpath(path)
    try:
        with open(path, encoding='utf-8') as f:
            doc = yaml.safe_load(f)
    except yaml.YAMLError as exc:
        errors.append('%s: not valid YAML: %s' % (where, exc))
        return None
    if not isinstance(doc, dict):
        errors.append('%s: top level must be a mapping' % where)
        return None
    if not isinstance(doc.get('title'), str) or not doc['title'].strip():
        errors.append('%s: missing title' % where)
    ctx = doc.get('context')
    if not isinstance(ctx, dict):
        errors.append('%s: missing context' % where)
    else:
        for key in ('agencies', 'glossary', 'places'):
            if not isinstance(ctx.get(key), list):
                errors.append('%s: context.%s must be a list' % (where, key))
        for a in ctx.get('agencies') or []:
            if not isinstance(a, dict) or not isinstance(a.get('name'), str):
                errors.append('%s: each agency needs a name: %r' % (where, a))
        for g in ctx.get('glossary') or []:
            if not isinstance(g, dict) or not isinstance(g.get('term'), str):
                errors.append('%s: each glossary item needs a term: %r' % (where, g))
    entries = doc.get('entries')
    if not isinstance(entries, list) or not entries:
        errors.append('%s: entries must be a non-empty list' % where)
        return None
    out = []
    for n, e in enumerate(entries, 1):
        at = '%s: entry %d' % (where, n)
        if not isinstance(e, dict):
            errors.append('%s: must be a mapping' % at)
            continue
        field, text = e.get('field'), e.get('text')
        if field not in FIELDS:
            errors.append('%s: unknown field %r' % (at, field))
        if not isinstance(text, str) or not text:
            errors.append('%s: missing text' % at)
            continue
        lists = []
        for key, kinds in (('people', PERSON_KINDS), ('lookalikes', LOOKALIKE_KINDS)):
            labels = e.get(key)
            if labels is None:
                labels = []
            if not isinstance(labels, list):
                errors.append('%s: %s must be a list' % (at, key))
                labels = []
            good = []
            for lab in labels:
                if not isinstance(lab, dict) or not isinstance(lab.get('text'), str) \
                        or not lab['text']:
                    errors.append('%s: %s label needs a text: %r' % (at, key, lab))
                    continue
                if lab.get('kind') not in kinds:
                    errors.append('%s: %s label %r has unknown kind %r'
                                  % (at, key, lab['text'], lab.get('kind')))
                    continue
                if lab['text'] != lab['text'].strip():
                    errors.append('%s: label %r has leading/trailing space' % (at, lab['text']))
                good.append(lab)
            lists.append(good)
        people, looks = lists
        # verbatim, as many times as listed
        wanted = collections.Counter(l['text'] for l in people + looks)
        for t, k in wanted.items():
            have = text.count(t)
            if have < k:
                errors.append('%s: %r listed %d time(s) but occurs %d time(s) in the text'
                              % (at, t, k, have))
        if all(text.count(t) >= k for t, k in wanted.items()):
            if assign(text, [[l['text'] for l in people], [l['text'] for l in looks]]) is None:
                errors.append('%s: labels cannot be placed in order of appearance at word '
                              'boundaries without a person and a look-alike overlapping'
                              % at)
        out.append((field, people, looks))
    return out


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    errors = []
    per_split = {}
    for split in SPLITS:
        folder = os.path.join(root, split)
        if not os.path.isdir(folder):
            errors.append('%s: missing folder' % folder)
            continue
        names = sorted(f for f in os.listdir(folder) if f.endswith(('.yaml', '.yml')))
        for f in names:
            if not FILE_NAME.match(f):
                errors.append('%s/%s: file name should look like NN-short-name.yaml' % (split, f))
        if not MIN_DOCS <= len(names) <= MAX_DOCS:
            errors.append('%s: %d documents (want %d-%d)' % (split, len(names), MIN_DOCS, MAX_DOCS))
        stats = {
            'docs': len(names), 'entries': 0,
            'pk': collections.Counter(), 'lk': collections.Counter(),
            'pf': collections.Counter(), 'lf': collections.Counter(), 'ef': collections.Counter(),
            'distinct': set(),
        }
        for f in names:
            res = check_document(os.path.join(folder, f), errors)
            for field, people, looks in res or []:
                stats['entries'] += 1
                stats['ef'][field] += 1
                for lab in people:
                    stats['pk'][lab['kind']] += 1
                    stats['pf'][field] += 1
                    # people are not shared between documents, so the key is per document
                    stats['distinct'].add((f, normalise_person(lab['text'])))
                for lab in looks:
                    stats['lk'][lab['kind']] += 1
                    stats['lf'][field] += 1
        per_split[split] = stats

    splits = [s for s in SPLITS if s in per_split]
    w = 24

    def row(label, values):
        print('%-*s' % (w, label) + ''.join('%14s' % v for v in values))

    print()
    row('', splits)
    row('documents', [per_split[s]['docs'] for s in splits])
    row('entries', [per_split[s]['entries'] for s in splits])
    row('person mentions', [sum(per_split[s]['pk'].values()) for s in splits])
    row('distinct people (est.)', [len(per_split[s]['distinct']) for s in splits])
    row('look-alike mentions', [sum(per_split[s]['lk'].values()) for s in splits])
    print('\nperson kinds')
    for k in PERSON_KINDS:
        row('  ' + k, [per_split[s]['pk'][k] for s in splits])
    print('\nlook-alike kinds')
    for k in LOOKALIKE_KINDS:
        row('  ' + k, [per_split[s]['lk'][k] for s in splits])
    print('\nper field (entries / person mentions / look-alikes)')
    for fld in FIELDS:
        row('  ' + fld, ['%d/%d/%d' % (per_split[s]['ef'][fld], per_split[s]['pf'][fld],
                                       per_split[s]['lf'][fld]) for s in splits])

    for s in splits:
        st = per_split[s]
        if sum(st['pk'].values()) < MIN_PEOPLE:
            errors.append('%s: only %d person mentions (want >= %d)'
                          % (s, sum(st['pk'].values()), MIN_PEOPLE))
        if len(st['distinct']) < MIN_DISTINCT_PEOPLE:
            errors.append('%s: only about %d distinct people (want >= %d)'
                          % (s, len(st['distinct']), MIN_DISTINCT_PEOPLE))
        if sum(st['lk'].values()) < MIN_LOOKALIKES:
            errors.append('%s: only %d look-alike mentions (want >= %d)'
                          % (s, sum(st['lk'].values()), MIN_LOOKALIKES))
        for k in PERSON_KINDS:
            if st['pk'][k] < MIN_PER_KIND:
                errors.append('%s: person kind %s has %d (want >= %d)'
                              % (s, k, st['pk'][k], MIN_PER_KIND))
        for k in LOOKALIKE_KINDS:
            if st['lk'][k] < MIN_PER_KIND:
                errors.append('%s: look-alike kind %s has %d (want >= %d)'
                              % (s, k, st['lk'][k], MIN_PER_KIND))

    print()
    if errors:
        for e in errors:
            print('ERROR ' + e)
        print('\n%d problem(s)' % len(errors))
        return 1
    print('OK: all labels found verbatim, kinds known, minimums met.')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
