import { defineConfig } from 'vite';

/**
 * The web page. Root is client/app; the build goes to client/app/dist, which the server serves at `/`.
 * In development (`npm run dev`) the page is served here with reload and the API, socket.io and the
 * document endpoint are proxied to the server (PALABRE_URL, default http://localhost:3000).
 */
const target = process.env.PALABRE_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: import.meta.dirname,
  // JSX is compiled for Preact, no plugin needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: true,
  },
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    proxy: {
      '/api': { target },
      '/socket.io': { target, ws: true },
      '/yjs': { target, ws: true },
    },
  },
});
