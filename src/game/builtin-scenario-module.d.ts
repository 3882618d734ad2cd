/** `import s from '…/file.yaml?scenario'`: the file checked at build time (tools/vite-plugin-builtin-scenarios.ts). */
declare module '*?scenario' {
  const precompiled: import('./builtin-scenarios.ts').BuiltinScenario;
  export default precompiled;
}
