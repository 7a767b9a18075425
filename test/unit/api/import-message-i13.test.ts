// Issue 13: a bad import file gets a sentence, not a JSON parser message.
import { describe, expect, it } from 'vitest';
import { parseExport } from '../../../src-shared/api/export-format';

describe('import of a bad file', () => {
  it('says what the file is not and where a good one comes from', () => {
    for (const bad of ['{', 'hello', '', '<svg/>']) {
      let msg = '';
      try {
        parseExport(bad);
      } catch (e) {
        msg = (e as Error).message;
      }
      expect(msg).toMatch(/^this file is not a run export of PLRF Workbench: it is not a JSON document/);
      expect(msg).not.toMatch(/Unexpected|position|token/);
    }
    // a JSON document of the wrong kind keeps its own message
    expect(() => parseExport('{"a":1}')).toThrow(/not a PLRF run export/);
  });
});

describe('import of a damaged export (issue 13, h13b)', () => {
  it('is a sentence naming the place in the file, with the field kept for the API', () => {
    const good = { format: 'plrf-run', version: 1, exportedAt: 1, run: { id: 3, kind: 'sgd', status: 'done', params: {}, seed: 1, codeVersion: 'x', label: '', tags: [], notes: '', createdAt: 1, startedAt: null, finishedAt: null, error: null }, result: null, partials: [] };
    const bad = { ...good, run: { ...good.run, label: 7 } };
    let err: { message: string; field?: string | null } = { message: '' };
    try {
      parseExport(JSON.stringify(bad));
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.message).toMatch(/^this run export is incomplete or damaged: .* \(at run\.label\); export the run again/);
    expect(err.field).toBe('content.run.label');
    // negative control: the intact document parses
    expect(parseExport(JSON.stringify(good)).run.id).toBe(3);
  });
});
