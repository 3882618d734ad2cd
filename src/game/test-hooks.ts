/**
 * `window.__crisisRoom`: a few read-mostly hooks for the browser tests and for bug reports. They
 * report what the canvas shows (texts it had to shorten, the scenes running) and can jump a run to
 * any decision of a loaded scenario (a path of choices, exactly as a saved game would replay it).
 */
import type Phaser from 'phaser';
import { startRun } from '../engine/run.ts';
import type { GameSession } from './session.ts';
import { overflowsShown, truncationsShown } from './scenes/ui.ts';

/** The hooks, as the tests see them. */
export interface CrisisRoomHooks {
  /** Texts the canvas shows shortened with "…" now (the scene and the full text): should be none. */
  truncations(): { scene: string; text: string }[];
  /** Texts the canvas draws outside their room (off the canvas, past their line width or box) now: should be none. */
  overflows(): { scene: string; text: string; why: string }[];
  /** Every text the canvas draws now (the scene and the text; a paged text: the page showing). */
  texts(): { scene: string; text: string }[];
  /** Where the canvas draws each text equal to `text`, in drawing order (logical canvas pixels). */
  textBoxes(text: string): { x: number; y: number; w: number; h: number }[];
  /** The keys of the Phaser scenes running now. */
  scenes(): string[];
  /** Play a loaded scenario from `seed` along `choices` (choice ids) and show where it stands; false when refused. */
  playPath(scenarioId: string, seed: number, choices: string[]): boolean;
}

/** Put the hooks on `window.__crisisRoom`. */
export function exposeTestHooks(session: GameSession, game: Phaser.Game | undefined): void {
  const hooks: CrisisRoomHooks = {
    truncations: () => truncationsShown(),
    overflows: () => (game ? overflowsShown(game) : []),
    texts: () => (game ? textsDrawn(game) : []),
    textBoxes: (text) => (game ? textBoxes(game, text) : []),
    scenes: () => game?.scene.getScenes(true).map((s) => s.sys.settings.key) ?? [],
    playPath: (scenarioId, seed, choices) => {
      const entry = session.scenarios.find((e) => e.compiled.scenario.id === scenarioId);
      if (!entry) return false;
      try {
        const run = startRun(entry.compiled, seed);
        for (const c of choices) run.choose(c);
        session.playRun(entry, run);
        return true;
      } catch {
        return false;
      }
    },
  };
  (globalThis as unknown as { __crisisRoom: CrisisRoomHooks }).__crisisRoom = hooks;
}

/** The texts drawn in the active scenes (containers walked; hidden and empty texts left out). */
function textsDrawn(game: Phaser.Game): { scene: string; text: string }[] {
  const out: { scene: string; text: string }[] = [];
  const visit = (scene: string, list: Phaser.GameObjects.GameObject[]) => {
    for (const o of list) {
      if ('list' in o && Array.isArray(o.list)) visit(scene, o.list as Phaser.GameObjects.GameObject[]);
      // The baked picture hides its container, not the texts in it: a text's own visibility is what counts.
      const t = o as Partial<Phaser.GameObjects.Text>;
      if (o.type === 'Text' && t.visible && t.text) out.push({ scene, text: t.text });
    }
  };
  for (const scene of game.scene.getScenes(true)) visit(scene.sys.settings.key, scene.children.list);
  return out;
}

/** The bounds of every drawn text equal to `text` in the active scenes, in drawing order. */
function textBoxes(game: Phaser.Game, text: string): { x: number; y: number; w: number; h: number }[] {
  const found: { x: number; y: number; w: number; h: number }[] = [];
  const visit = (list: Phaser.GameObjects.GameObject[]) => {
    for (const o of list) {
      if ('list' in o && Array.isArray(o.list)) visit(o.list as Phaser.GameObjects.GameObject[]);
      const t = o as Phaser.GameObjects.Text;
      if (o.type === 'Text' && t.visible && t.text === text) {
        const b = t.getBounds();
        found.push({ x: b.x, y: b.y, w: b.width, h: b.height });
      }
    }
  };
  for (const scene of game.scene.getScenes(true)) visit(scene.children.list);
  return found;
}
