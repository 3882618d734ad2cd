/**
 * The views' shared state (src/game/view-state.ts), one object per game instead of module globals:
 * title actions in order (a re-registered label replaces its action), canvas extras that redraw the
 * picture only when their labels change, and the room's page of choice cards.
 */
import { describe, expect, it } from 'vitest';
import { ViewState, type ViewChange } from '../../src/game/view-state.ts';

describe('view state', () => {
  it('lists title actions by order, replaces one registered again under its label, and tells listeners', () => {
    const views = new ViewState();
    const heard: ViewChange[] = [];
    views.subscribe((c) => heard.push(c));
    const ran: string[] = [];
    views.registerTitleAction({ label: 'Write a scenario', order: 40, run: () => ran.push('old') });
    views.registerTitleAction({ label: 'Load scenario file…', order: 10, run: () => {} });
    views.registerTitleAction({ label: 'Write a scenario', order: 40, run: () => ran.push('new') });
    expect(views.titleActions().map((a) => a.label)).toEqual(['Load scenario file…', 'Write a scenario']);
    views.titleActions()[1]!.run();
    expect(ran).toEqual(['new']);
    expect(heard).toEqual(['titleActions', 'titleActions', 'titleActions']);
  });

  it('redraws for canvas extras only when their labels change, and keeps two games apart', () => {
    const views = new ViewState();
    const other = new ViewState();
    const heard: ViewChange[] = [];
    views.subscribe((c) => heard.push(c));
    views.setCanvasExtras('debrief', [{ label: 'Open replay viewer', press: () => {} }]);
    views.setCanvasExtras('debrief', [{ label: 'Open replay viewer', press: () => {} }]);
    expect(heard).toEqual(['canvasExtras']);
    expect(views.canvasExtras('debrief').map((e) => e.label)).toEqual(['Open replay viewer']);
    expect(other.canvasExtras('debrief')).toEqual([]);
    views.setChoicePage(3, 3);
    views.setChoicePage(3, 3);
    expect(views.choicePage).toEqual({ first: 3, count: 3 });
    expect(other.choicePage).toEqual({ first: 0, count: 10 });
    expect(heard).toEqual(['canvasExtras', 'choicePage']);
  });
});
