/**
 * Entry point: wire the session (the only owner of the run) to its two views — the Phaser canvas
 * and the accessible DOM layer — plus settings, sound and keys. Only `window.__crisisRoom`
 * (test-hooks.ts) is exposed on window.
 */
import Phaser from 'phaser';
import './game/style.css';
import { BUILTIN_SCENARIOS } from './game/builtin-scenarios.ts';
import { addressProblems, GameSession, seedFromQuery, type Screen } from './game/session.ts';
import { SettingsStore, timerFromQuery } from './game/storage/settings.ts';
import { createSoundBoard } from './game/audio/sound-board.ts';
import { DomLayer } from './game/a11y/dom-layer.ts';
import { SettingsDialog } from './game/a11y/settings-dialog.ts';
import { installKeys } from './game/a11y/keys.ts';
import { TitleScene } from './game/scenes/title-scene.ts';
import { BriefingScene } from './game/scenes/briefing-scene.ts';
import { RoomScene } from './game/scenes/room-scene.ts';
import { DebriefScene } from './game/scenes/debrief-scene.ts';
import { HEIGHT, RENDER_SCALE, WIDTH } from './game/layout.ts';
import { lazyTeacherDesk } from './teacher/lazy-desk.ts';
import { chooseRenderer } from './game/renderer-choice.ts';
import { randomSeed, startRun } from './engine/run.ts';
import { ViewState } from './game/view-state.ts';
import { watchDialogs } from './ui/dialog-guard.ts';
import { fitViewToStage, followViewWidth, onCanvasMoved } from './game/view-size.ts';
import { applyTextView } from './game/text-view.ts';
import { exposeTestHooks } from './game/test-hooks.ts';
import { oneFileDesk } from './offline/one-file-desk.ts';
import { keptConsole } from './live/kept-console.ts';

// The one-file game (`npm run build:single`, issue 20): the file's own scenarios, no library, editor or
// service worker (the constant is fixed at build time, so that code is left out of the file).
const ONE_FILE = import.meta.env.MODE === 'single';

// `?timer=double|off` lets a teacher fix the countdowns for the whole class.
const settings = new SettingsStore(timerFromQuery(location.search));
const sound = createSoundBoard();
const session = new GameSession(settings, sound, seedFromQuery(location.search));
// `?seed=abc` or `?timer=fast`: said on the title screen, not ignored silently.
session.warnAddress(addressProblems(location.search));
const dialog = new SettingsDialog(session);
// What the views share besides the game's state (title actions, canvas extras, the choice page).
const views = new ViewState();
// Teacher layer (issue 5): scenario library, file/drop/URL/link loading, replay viewer. Its code
// loads once the title is up (a dynamic import: keep it off the start-up path, docs/bench.md).
const a11yRoot = document.getElementById('a11y-root')!;
const teacher = ONE_FILE ? oneFileDesk(document, session, views) : lazyTeacherDesk(document, session, a11yRoot, views);
const dom = new DomLayer(a11yRoot, session, () => dialog.open(), views, teacher.hooks);
installKeys(session, () => dialog.isOpen);

// "Run a live class" (issue 18): the dialog and the console load only when first opened (not in a one-file game).
const liveHost: import('./live/console.ts').LiveConsoleHost = {
  scenarios: () => session.scenarios.map((e) => e.compiled),
  reviewReplays: (items) =>
    void import('./class-review/screen.ts').then(({ openClassReview }) =>
      openClassReview(document, {
        findScenario: (id, sha256) =>
          (
            session.scenarios.find((e) => e.compiled.scenario.id === id && e.compiled.sha256 === sha256) ??
            session.scenarios.find((e) => e.compiled.scenario.id === id)
          )?.compiled,
        scenarios: () => session.scenarios.map((e) => e.compiled),
        openReplay: (replay, file) => void teacher.desk().then((d) => d.openReplay(replay, file)),
      }).add(items),
    ),
};
if (!ONE_FILE) {
  views.registerTitleAction({
    label: 'Run a live class',
    order: 45,
    run: () => void import('./live/console.ts').then(({ openLiveClass }) => openLiveClass(document, liveHost)),
  });
  // A reload of the teacher's console brings it back, with its controls (src/live/kept-console.ts).
  if (keptConsole())
    void import('./live/console.ts').then(({ reopenLiveConsole }) => reopenLiveConsole(document, liveHost));
}

// "Write a scenario": the editor (and CodeMirror) load only when first opened.
if (!ONE_FILE)
  views.registerTitleAction({
    label: 'Write a scenario',
    order: 40,
    run: () =>
      void import('./editor/editor-screen.ts').then(({ openScenarioEditor }) =>
        openScenarioEditor(document, {
          libraryScenarios: () =>
            (teacher.loaded?.libraryEntries ?? []).map((e) => ({ title: e.title, fileName: e.fileName, text: e.text })),
          play: (compiled, startAt) => {
            const entry = { file: 'test run', compiled, builtin: false, warnings: [] };
            if (startAt) session.playRun(entry, startRun(compiled, randomSeed(), { startAt }));
            else session.newGame(entry);
          },
          leaveGame: () => session.mainMenu(),
          saveToLibrary: async (text, fileName) => (await teacher.desk()).loadScenarioText(text, fileName, 'file'),
          announce: (t) => session.announce(t),
        }),
      ),
  });

function applyBodySettings(): void {
  const s = settings.get();
  document.body.classList.toggle('larger-text', s.largerText);
  document.body.classList.toggle('reduced-motion', s.reducedMotion);
}
settings.subscribe(applyBodySettings);
applyBodySettings();
applyTextView(settings, document.body);

// Audio starts on the first gesture (browsers refuse it before).
const unlock = () => {
  sound.unlock();
  sound.setAmbient(true);
  window.removeEventListener('pointerdown', unlock, true);
  window.removeEventListener('keydown', unlock, true);
};
window.addEventListener('pointerdown', unlock, true);
window.addEventListener('keydown', unlock, true);

session.setBuiltins(ONE_FILE ? [] : BUILTIN_SCENARIOS);
// Teacher layer: open the library and load what the address carries once the title screen is up.
let teacherStarted = false;
session.subscribe((change) => {
  if (change !== 'screen' || session.screen === 'loading' || teacherStarted) return;
  teacherStarted = true;
  void teacher.start();
});

const SCENE_FOR: Record<Screen, string> = {
  loading: 'title',
  title: 'title',
  briefing: 'briefing',
  room: 'room',
  outcome: 'room',
  debrief: 'debrief',
};

function startCanvas(): Phaser.Game | undefined {
  try {
    // The picture fills the stage: lay out for its shape before the game is sized.
    fitViewToStage(document.getElementById('game')!);
    // Software WebGL (no GPU driver) is far slower than the Canvas renderer: see renderer-choice.ts.
    const renderer = chooseRenderer();
    const game = new Phaser.Game({
      type: renderer.type,
      parent: 'game',
      width: WIDTH * RENDER_SCALE,
      height: HEIGHT * RENDER_SCALE,
      backgroundColor: '#0d141c',
      banner: false,
      audio: { noAudio: true },
      // Only events aimed at the canvas itself: a click released over a dialog or a button is theirs.
      input: { keyboard: false, windowEvents: false },
      scale: {
        mode: Phaser.Scale.FIT,
        autoCenter: Phaser.Scale.CENTER_BOTH,
        width: WIDTH * RENDER_SCALE,
        height: HEIGHT * RENDER_SCALE,
      },
      // The first scene starts when Phaser has booted: the title, which the session already shows.
      scene: [
        new TitleScene(session, views),
        new BriefingScene(session, views),
        new RoomScene(session, views),
        new DebriefScene(session, views, () => dom.exportPath()),
      ],
    });
    followViewWidth(game);
    onCanvasMoved(game, document.getElementById('game')!, () => dom.placeTwins());
    game.events.once(Phaser.Core.Events.READY, () => {
      game.canvas.setAttribute('aria-hidden', 'true');
      game.canvas.setAttribute('tabindex', '-1');
      // Which renderer runs, and why (for bug reports and tests): 'canvas' or 'webgl'.
      game.canvas.dataset.renderer = game.renderer.type === Phaser.CANVAS ? 'canvas' : 'webgl';
      game.canvas.dataset.rendererWhy = renderer.why;
      // The player may have left the title in the panel while Phaser was booting.
      booted = true;
      show();
    });
    // Show the scene for the session's screen (once booted); the room scene also draws the outcome.
    let booted = false;
    let current = SCENE_FOR[session.screen];
    const show = () => {
      const next = SCENE_FOR[session.screen];
      if (!booted || next === current) return;
      // The loop may be asleep (an idle screen): scene changes happen in its next step.
      game.loop.wake(true);
      game.scene.stop(current);
      game.scene.start(next);
      current = next;
    };
    session.subscribe((change) => {
      if (change === 'screen') show();
    });
    return game;
  } catch (err) {
    // No canvas (no WebGL nor 2D context): the DOM layer alone still plays the whole game.
    console.warn('the canvas could not start; playing in the panel only', err);
    return undefined;
  }
}

// Nothing is left to load before the title: the built-in scenarios were compiled at build time and
// the sounds load after the first gesture. So the title shows at once in the panel, and on the
// canvas as soon as Phaser has booted (no loading screen to wait through).
void sound.preload();
session.ready();
const game = startCanvas();
exposeTestHooks(session, game);
// The installable app: the service worker, and "A new version is ready" when one waits (issue 20).
if (!ONE_FILE)
  void import('./offline/update-prompt.ts').then((m) => m.promptForUpdates(document, (t) => session.announce(t)));
// While any dialog is open the canvas takes no input at all, and the countdown waits.
watchDialogs(document, (open) => {
  if (game?.input) game.input.enabled = !open;
  if (open) session.pauseTimer();
  else session.resumeTimer();
});
