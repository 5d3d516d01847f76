// Builds the console's single-page app into dist/app (relative URLs: it is served under any
// mount path). No inline script is emitted, so the console's CSP can forbid inline script.
import { defineConfig } from 'vite'
import { fileURLToPath } from 'node:url'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../dist/app', import.meta.url)),
    emptyOutDir: true,
    // bpmn-js and Chart.js are large; the app is served from the host's own server, not a CDN.
    chunkSizeWarningLimit: 2000,
    modulePreload: { polyfill: false },
  },
})
