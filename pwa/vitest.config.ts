import { defineConfig } from 'vitest/config'
import preact from '@preact/preset-vite'

// Kept apart from vite.config.ts so tests don't run the PWA plugin.
export default defineConfig({
  plugins: [preact()],
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    environment: 'node',
    // Tests read shared vectors from ../tests/vectors/ with plain Node fs.
    root: '.',
  },
  server: { fs: { allow: ['..'] } },
})
