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
