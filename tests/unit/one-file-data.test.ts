/**
 * The one-file game's data block (issue 20): scenarios go in as JSON data that no text can break out
 * of, the page title is escaped, and a damaged or empty block is said in words.
 */
import { describe, expect, it } from 'vitest';
import {
  EMPTY_DATA_BLOCK,
  fillOneFileShell,
  jsonForScriptBlock,
  ONE_FILE_FORMAT,
  parseOneFileData,
} from '../../src/offline/one-file-data.ts';

const SHELL = `<html><head><title>Crisis Room</title><script type="module">const s = "</body>";</script></head><body>${EMPTY_DATA_BLOCK}\n</body></html>`;
const HOSTILE = 'a </script><script>alert(1)</script> <!-- $& $1 \u2028 é';

/** The data block's text as the browser's HTML parser would hand it to the page (up to the first `</script`). */
function dataBlockText(html: string): string {
  const open = '<script type="application/json" id="crisis-room-one-file">';
  const start = html.lastIndexOf(open) + open.length;
  return html.slice(start, html.toLowerCase().indexOf('</script', start));
}

describe('the one-file data block', () => {
  it('carries any scenario text back unchanged, and nothing in it can end the block', () => {
    const data = { format: ONE_FILE_FORMAT, scenarios: [{ fileName: 'x.yaml', text: HOSTILE }] } as const;
    const html = fillOneFileShell(SHELL, { ...data, scenarios: [...data.scenarios] }, 'T');
    const block = dataBlockText(html);
    expect(block).not.toMatch(/<\/?script|<!--/i);
    expect(parseOneFileData(block).data?.scenarios[0]?.text).toBe(HOSTILE);
    expect(jsonForScriptBlock('<')).toBe('"\\u003c"');
  });

  it('sets the page title as text', () => {
    const html = fillOneFileShell(
      SHELL,
      { format: ONE_FILE_FORMAT, scenarios: [{ fileName: 'a', text: 'b' }] },
      '<b>Ferry</b> & co',
    );
    expect(html).toContain('<title>&lt;b&gt;Ferry&lt;/b&gt; &amp; co · Crisis Room</title>');
  });

  it('refuses a page that is not the shell, and says why a block cannot be read', () => {
    expect(() => fillOneFileShell('<html></html>', { format: ONE_FILE_FORMAT, scenarios: [] }, 'T')).toThrow(
      /not the one-file shell/,
    );
    expect(parseOneFileData('null').problem).toMatch(/holds no scenario/);
    expect(parseOneFileData('{"format":').problem).toMatch(/damaged/);
    expect(parseOneFileData('{"format":"other","scenarios":[]}').problem).toMatch(
      /not a crisis-room-one-file\/1 block/,
    );
    expect(parseOneFileData(`{"format":"${ONE_FILE_FORMAT}","scenarios":[{"fileName":"a"}]}`).problem).toMatch(
      /without a name or text/,
    );
  });
});
