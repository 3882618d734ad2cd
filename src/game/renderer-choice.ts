/**
 * Which Phaser renderer to start with. WebGL through a software rasteriser (SwiftShader, llvmpipe,
 * Microsoft's Basic Render Driver — school PCs without GPU drivers, headless browsers) is far slower
 * than Phaser's Canvas renderer for this game, so there the canvas renderer is used; everywhere else
 * Phaser picks (WebGL when it can). `?renderer=webgl` or `?renderer=canvas` in the address forces one.
 */
import Phaser from 'phaser';

/** Renderer names that mean "no GPU: WebGL is emulated on the CPU". */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

/** The WebGL renderer string of this browser ('' when there is no WebGL or it does not say). */
export function webglRendererName(doc: Document = document): string {
  try {
    const canvas = doc.createElement('canvas');
    const gl = (canvas.getContext('webgl') ?? canvas.getContext('experimental-webgl')) as WebGLRenderingContext | null;
    if (!gl) return '';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    // Give the throwaway context back at once (browsers cap live WebGL contexts).
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name;
  } catch {
    return '';
  }
}

/** Whether a WebGL renderer string names a software rasteriser. */
export function isSoftwareRenderer(name: string): boolean {
  return SOFTWARE.test(name);
}

export type RendererChoice = { type: number; why: string };

/** Pick the Phaser renderer type for this page (`search` is the address's query string). */
export function chooseRenderer(search: string = location.search, doc: Document = document): RendererChoice {
  const forced = new URLSearchParams(search).get('renderer')?.toLowerCase();
  if (forced === 'canvas') return { type: Phaser.CANVAS, why: 'forced by ?renderer=canvas' };
  if (forced === 'webgl') return { type: Phaser.WEBGL, why: 'forced by ?renderer=webgl' };
  const name = webglRendererName(doc);
  if (name && isSoftwareRenderer(name)) return { type: Phaser.CANVAS, why: `software WebGL (${name})` };
  return { type: Phaser.AUTO, why: name ? `WebGL on ${name}` : 'no WebGL renderer name' };
}
