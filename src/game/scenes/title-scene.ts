/** The title screen: the game's name and a card per scenario (New game, Continue). */
import type { ViewState } from '../view-state.ts';
import {
  HEIGHT,
  WIDTH,
  buttonRow,
  titleActionButtons,
  titleCardButtons,
  titleCardExtras,
  titleCardPad,
  titleCards,
} from '../layout.ts';
import {
  COLORS,
  PagedText,
  TEXT,
  ViewScene,
  canvasButton,
  canvasParagraphs,
  fitShrink,
  panel,
  shrinkToFit,
  style,
} from './ui.ts';
import { cardTitle, type GameSession } from '../session.ts';

/** Scenario cards drawn on the canvas; the DOM layer mirrors them as articles. */
export class TitleScene extends ViewScene {
  constructor(session: GameSession, views: ViewState) {
    super('title', session, views);
  }

  override create(): void {
    super.create();
    const off = this.views.subscribe((c) => c !== 'choicePage' && this.sys.isActive() && this.redraw());
    this.events.once('shutdown', off);
  }

  protected override redrawOn(change: string): boolean {
    return change === 'settings' || change === 'scenarios' || change === 'screen' || change === 'notice';
  }

  protected draw(): void {
    const s = this.session;
    this.put(this.add.rectangle(0, 0, WIDTH, HEIGHT, COLORS.bg).setOrigin(0));
    // A faint table silhouette behind the title.
    const g = this.put(this.add.graphics());
    g.fillStyle(COLORS.wood, 0.25).fillEllipse(WIDTH / 2, HEIGHT + 120, 1500, 520);
    this.put(this.add.text(48, 40, 'Crisis Room', style(s, 48, { fontStyle: 'bold' })));
    // A notice (a save that cannot be continued, storage that cannot save) takes the subtitle's place.
    const notice = s.notice;
    if (notice)
      this.put(
        fitShrink(
          s,
          this.add.text(
            52,
            100,
            '',
            style(s, 16, { color: notice.kind === 'error' ? TEXT.bad : TEXT.accent, wordWrap: { width: WIDTH - 104 } }),
          ),
          `⚠ ${notice.title}: ${notice.lines.join(' ')}`,
          46,
          [16, 14, 13, 12],
        ),
      );
    else
      this.put(
        this.add.text(
          52,
          104,
          'Hear your advisors. Decide under pressure. Compare with history.',
          style(s, 20, { color: TEXT.dim }),
        ),
      );
    // The title screen's actions (load a file, open a replay, and those other screens register).
    const actions = this.views.titleActions();
    titleActionButtons(actions.length).forEach((b, i) =>
      this.put(canvasButton(this, s, b, actions[i]!.label, () => actions[i]!.run())),
    );

    const boxes = titleCards(s.scenarios.length);
    s.scenarios.slice(0, boxes.length).forEach((entry, i) => {
      const b = boxes[i]!;
      const sc = entry.compiled.scenario;
      this.put(panel(this, b, COLORS.panel, COLORS.panelEdge, 14));
      this.put(this.add.rectangle(b.x, b.y, b.w, 6, COLORS.accent).setOrigin(0));
      const pad = titleCardPad(b);
      const inner = b.w - 2 * pad;
      // Short cards (two rows of them): title, role and buttons; the summary only if it fits whole.
      const short = b.h < 300;
      let y = b.y + (short ? 11 : 24);
      const extras = this.views.canvasExtras(`card:${sc.id}`);
      const extraBoxes = buttonRow(titleCardExtras(b), extras.length);
      // The buttons' top: title, role and summary share what is left above it.
      const buttonsTop = Math.min(titleCardButtons(b).newGame.y, ...extraBoxes.map((x) => x.y)) - 3;
      const titleSizes = short ? [20, 18, 16, 14] : [26, 22, 19, 17];
      const title = this.put(
        this.add.text(b.x + pad, y, '', style(s, 26, { fontStyle: 'bold', wordWrap: { width: inner } })),
      );
      const role = this.put(
        this.add.text(
          b.x + pad,
          y,
          '',
          style(s, 17, { color: TEXT.accent, wordWrap: { width: inner }, lineSpacing: short ? -2 : 0 }),
        ),
      );
      const roleSizes = short ? [14, 13, 12] : [17, 15, 13, 12];
      // The largest title that leaves the role room to show whole (neither is cut while any size fits).
      for (let k = 0; k < titleSizes.length; k++) {
        fitShrink(s, title, cardTitle(entry), short ? 52 : 70, titleSizes.slice(k));
        role.y = y + title.height + (short ? 2 : 10);
        if (shrinkToFit(s, role, sc.role, buttonsTop - role.y, roleSizes)) break;
        if (k === titleSizes.length - 1) fitShrink(s, role, sc.role, Math.max(15, buttonsTop - role.y), roleSizes);
      }
      y = role.y + role.height + (short ? 6 : 12);
      const goals = sc.learningGoals?.length
        ? `\n\nLearning goals:\n${sc.learningGoals.map((x) => `• ${x}`).join('\n')}`
        : '';
      const room = buttonsTop - y;
      const body = this.add.text(
        b.x + pad,
        y,
        '',
        style(s, 16, { color: TEXT.main, wordWrap: { width: inner }, lineSpacing: 3 }),
      );
      // The summary with the goals if they fit at a readable size, else the summary alone (the briefing
      // lists the goals), a page at a time on a tall card; a short card leaves it to the Text view.
      if (!shrinkToFit(s, body, canvasParagraphs(sc.summary) + goals, room, [16, 15, 14])) {
        if (!shrinkToFit(s, body, canvasParagraphs(sc.summary), room, [15, 14, 13, 12])) {
          body.destroy();
          if (!short && room > 60)
            new PagedText(
              this,
              s,
              { x: b.x + pad, y, w: inner, h: room },
              canvasParagraphs(sc.summary),
              style(s, 14, { color: TEXT.main, wordWrap: { width: inner }, lineSpacing: 2 }),
              () => this.invalidate(),
              (o) => this.put(o),
              (o) => this.putLive(o),
            );
        } else this.put(body);
      } else this.put(body);
      extraBoxes.forEach((box, k) =>
        this.put(canvasButton(this, s, box, extras[k]!.label, () => extras[k]!.press(), false, [16, 14, 13, 12])),
      );
      const btn = titleCardButtons(b);
      this.put(canvasButton(this, s, btn.newGame, 'New game', () => s.newGame(entry), true));
      if (s.saveStatus(entry) === 'ok')
        this.put(canvasButton(this, s, btn.cont, 'Continue', () => s.continueGame(entry)));
    });
    if (s.scenarios.length > boxes.length) {
      this.put(
        this.add
          .text(
            WIDTH - 48,
            140,
            `${s.scenarios.length - boxes.length} more scenario(s): see Text view`,
            style(s, 14, { color: TEXT.dim }),
          )
          .setOrigin(1, 1),
      );
    }
    if (!s.scenarios.length)
      this.put(
        this.add
          .text(WIDTH / 2, HEIGHT / 2, 'No scenario loaded: use "Load scenario file…" below.', style(s, 20))
          .setOrigin(0.5),
      );
  }
}
