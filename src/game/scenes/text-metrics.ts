/**
 * Phaser measures a font's ascent and descent by drawing on a scratch canvas every time a text's
 * font changes: each new Text, and each `setFontSize` of the scenes' shrink-to-fit loops (the title
 * screen alone made dozens of them before it was drawn). The answer depends only on the font and
 * the test string, so each is measured once and reused (docs/bench.md, "Start-up").
 */
import Phaser from 'phaser';

interface Metrics {
  ascent: number;
  descent: number;
  fontSize: number;
}

/** What Phaser's TextStyle holds that the measurement depends on (its own fields, not in its typings). */
interface StyleInternals {
  fontStyle: string;
  fontSize: string;
  fontFamily: string;
  testString: string;
  _font: string;
  metrics: Metrics;
  parent: Phaser.GameObjects.Text;
  update(recalculateMetrics: boolean): Phaser.GameObjects.Text;
  setStyle(style: object, updateText?: boolean, setDefaults?: boolean): Phaser.GameObjects.Text;
}

const measured = new Map<string, Metrics>();
let installed = false;
/** The test string of the styles measured (Phaser's default; the scenes never change it). */
let testString: string | undefined;

const fontOf = (s: { fontStyle?: string; fontSize?: string; fontFamily?: string }) =>
  [s.fontStyle ?? '', s.fontSize ?? '', s.fontFamily ?? ''].join(' ').trim();

/** Make every TextStyle reuse the metrics of a font it has measured before (idempotent). */
export function reuseFontMetrics(): void {
  if (installed) return;
  installed = true;
  const proto = Phaser.GameObjects.TextStyle.prototype as unknown as StyleInternals;
  const update = proto.update;
  proto.update = function (this: StyleInternals, recalculate: boolean) {
    if (!recalculate) return update.call(this, false);
    const font = fontOf(this);
    testString ??= this.testString;
    const key = `${font}\n${this.testString}`;
    const known = measured.get(key);
    if (!known) {
      const out = update.call(this, true);
      measured.set(key, { ...this.metrics });
      return out;
    }
    this._font = font;
    this.metrics = { ...known };
    return this.parent.updateText();
  };
  // A new Text measures its font in setStyle (unless `style()` handed it known metrics): keep that too.
  const setStyle = proto.setStyle;
  proto.setStyle = function (this: StyleInternals, style: object, updateText?: boolean, setDefaults?: boolean) {
    const out = setStyle.call(this, style, updateText, setDefaults);
    if (this.metrics && this.testString !== undefined) {
      testString ??= this.testString;
      const key = `${fontOf(this)}\n${this.testString}`;
      if (!measured.has(key)) measured.set(key, { ...this.metrics });
    }
    return out;
  };
}

/** The metrics measured for a style's font, to hand to a new Text so it need not measure (undefined the first time). */
export function knownMetrics(style: {
  fontStyle?: string;
  fontSize?: string;
  fontFamily?: string;
}): Metrics | undefined {
  const m = testString === undefined ? undefined : measured.get(`${fontOf(style)}\n${testString}`);
  return m && { ...m };
}
