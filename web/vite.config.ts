/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// Preact without the preset: Vite's Oxc transform compiles JSX to preact/jsx-runtime.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 400 },
  test: { environment: 'happy-dom', include: ['tests/**/*.test.{ts,tsx}'] },
});
