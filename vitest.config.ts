import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The webgpu tests run on SwiftShader, the CPU Vulkan driver Debian's chromium package ships,
// unless a Vulkan driver was named already. The loader reads these when the test processes start,
// so they are set here, before vitest forks them.
const swiftShader = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env['VK_ICD_FILENAMES'] && !process.env['VK_DRIVER_FILES'] && existsSync(swiftShader)) {
  process.env['VK_ICD_FILENAMES'] = swiftShader;
  process.env['LD_LIBRARY_PATH'] = ['/usr/lib/chromium', process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':');
}
process.env['XDG_RUNTIME_DIR'] ??= tmpdir();

export default defineConfig({
  // The examples import the package by name, as a user's code does; in a checkout that is src/.
  resolve: { alias: { palestra: fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts', 'envs/**/*.test.ts', 'agents/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: run files in parallel processes, tests within a file in order.
    pool: 'forks',
  },
});
