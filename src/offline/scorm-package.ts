/**
 * A SCORM 1.2 package of a one-file game (issue 20): `imsmanifest.xml` (one organization, one item,
 * one SCO resource) and `index.html`, zipped with fflate. Pure: no DOM. What the game reports to the
 * LMS is src/offline/scorm-bridge.ts.
 */
import { zipSync, strToU8 } from 'fflate';

/** The SCO's file inside the package. */
export const SCORM_LAUNCH_FILE = 'index.html';

/** Text safe in XML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** An XML identifier (xs:ID) made from a scenario id: letters, digits, `-`, `_`, `.`, starting with a letter. */
export function xmlIdentifier(id: string): string {
  return `crisis-room-${id.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

/** The SCORM 1.2 manifest of a package holding one game. */
export function scormManifest(scenarioId: string, version: string, title: string): string {
  const id = xmlIdentifier(scenarioId);
  const t = escapeXml(title);
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${id}" version="${escapeXml(version)}"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="${id}-org">
    <organization identifier="${id}-org">
      <title>${t}</title>
      <item identifier="${id}-item" identifierref="${id}-sco" isvisible="true">
        <title>${t}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="${id}-sco" type="webcontent" adlcp:scormtype="sco" href="${SCORM_LAUNCH_FILE}">
      <file href="${SCORM_LAUNCH_FILE}"/>
    </resource>
  </resources>
</manifest>
`;
}

/** The zip: the manifest at the root beside the one-file game (`oneFileHtml`, built with `scorm: true`). */
export function scormPackage(oneFileHtml: string, scenarioId: string, version: string, title: string): Uint8Array {
  return zipSync(
    {
      'imsmanifest.xml': strToU8(scormManifest(scenarioId, version, title)),
      [SCORM_LAUNCH_FILE]: strToU8(oneFileHtml),
    },
    { level: 9 },
  );
}
