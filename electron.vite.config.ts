import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { bundledParts } from './scripts/bundledParts'

// electron-vite reads Electron's version to pick its build target. Where the Electron runtime could not be
// installed (web mode) that package is absent, so name the major version the app is built for.
process.env.ELECTRON_MAJOR_VER ??= '45'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('src-main/shell/index.ts'),
          web: resolve('src-main/server/index.ts'),
          'compute-host': resolve('src-main/compute-host/index.ts'),
          // The compute host's worker threads (src-main/compute-host/bands/bandPool.ts).
          bands: resolve('src-main/compute-host/bands/bandWorker.ts'),
          // A project writer's WAL checkpoints (src-main/documents/project/walCheckpoints.ts).
          'wal-checkpoints': resolve('src-main/documents/project/walCheckpointWorker.ts'),
        },
        // Shared chunks sit beside the entries, so a chunk's `new URL('./bands.js', import.meta.url)` finds them.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but 'electron': bundle its dependencies, as CommonJS.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve('src-preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: 'src-renderer',
    build: { rollupOptions: { input: resolve('src-renderer/index.html') } },
    plugins: [react()],
    // Help › About lists these (src-renderer/ui/AboutDialog.tsx).
    define: { __BUNDLED_PARTS__: JSON.stringify(bundledParts(resolve('.'))) },
  },
})
