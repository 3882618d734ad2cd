/**
 * The built-in scenarios as text, for "copy of a built-in scenario" and the Harbour Strike
 * template. Imported only by the lazily loaded editor, so these texts never weigh on start-up.
 */
import kazakhstan from '../../scenarios/kazakhstan-2022.yaml?raw';
import armenia from '../../scenarios/armenia-2022.yaml?raw';
import template from '../../scenarios/examples/template.yaml?raw';
import type { StartingPoint } from './editor-screen.ts';

/** The Harbour Strike template (scenarios/examples/template.yaml). */
export const TEMPLATE: StartingPoint = { title: 'Harbour Strike template', fileName: 'template.yaml', text: template };

/** Every built-in scenario, to start from a copy. */
export const BUILTIN_TEXTS: readonly StartingPoint[] = [
  { title: 'Kazakhstan, January 2022 (built-in)', fileName: 'kazakhstan-2022.yaml', text: kazakhstan },
  { title: 'Armenia, September 2022 (built-in)', fileName: 'armenia-2022.yaml', text: armenia },
  { title: 'Harbour Strike (built-in template)', fileName: 'template.yaml', text: template },
];
