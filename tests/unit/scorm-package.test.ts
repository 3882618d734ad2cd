/**
 * The SCORM 1.2 package (issue 20): a zip with imsmanifest.xml at its root beside index.html, the
 * manifest naming one SCO that launches index.html, its title escaped and its identifiers valid.
 */
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { scormManifest, scormPackage, xmlIdentifier } from '../../src/offline/scorm-package.ts';

describe('the SCORM package', () => {
  it('zips the manifest and the game at the root', () => {
    const files = unzipSync(scormPackage('<html>game</html>', 'ferry', '1.0.0', 'Ferry'));
    expect(Object.keys(files).sort()).toEqual(['imsmanifest.xml', 'index.html']);
    expect(strFromU8(files['index.html']!)).toBe('<html>game</html>');
  });

  it('names one SCO launching index.html, with the title as text and identifiers that are XML names', () => {
    const xml = scormManifest('x y/<z>', '2.0.0', 'Tom & "Jerry" <3');
    expect(xml).toContain('<schemaversion>1.2</schemaversion>');
    expect(xml).toContain('adlcp:scormtype="sco" href="index.html"');
    expect(xml).toContain('<title>Tom &amp; &quot;Jerry&quot; &lt;3</title>');
    expect(xml).not.toContain('<3');
    expect(xmlIdentifier('x y/<z>')).toMatch(/^[A-Za-z][A-Za-z0-9_.-]*$/);
  });
});
