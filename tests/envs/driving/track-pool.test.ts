import { describe, expect, it } from 'vitest';
import '../../../envs/index.js';
import type { LaneKeepingCameraEnv } from '../../../envs/driving/lane-keeping-camera.js';
import { sharedTrackCache } from '../../../envs/driving/track-cache.js';
import { make } from '../../../src/registry.js';

describe('trackPool', () => {
  it('draws tracks from seeds 0..n-1, builds each once per process, and sees what a fresh build sees', () => {
    const a = make('Driving/LaneKeepingCamera-v0', { trackPool: 3 });
    const b = make('Driving/LaneKeepingCamera-v0', { trackPool: 3 });
    const seeds = new Set<number>();
    for (let i = 0; i < 12; i++) seeds.add(a.reset({ seed: i }).info['trackSeed'] as number);
    expect([...seeds].every((s) => s >= 0 && s < 3)).toBe(true);
    expect(seeds.size).toBeGreaterThan(1);

    // Two envs on the same pooled track share one track and one raster.
    const first = a.reset({ options: { trackSeed: 1 } });
    b.reset({ options: { trackSeed: 1 } });
    const innerA = a.unwrapped as LaneKeepingCameraEnv;
    const innerB = b.unwrapped as LaneKeepingCameraEnv;
    expect(innerA.track).toBe(innerB.track);
    expect(innerA.cameraRenderer.raster).toBe(innerB.cameraRenderer.raster);
    expect(innerA.cameraRenderer.raster).toBe(sharedTrackCache.raster(1, 0.05));

    // The same images as an env that builds the track itself.
    const fresh = make('Driving/LaneKeepingCamera-v0', { trackSeed: 1, randomStart: false });
    const pooled = make('Driving/LaneKeepingCamera-v0', { trackPool: 3, randomStart: false });
    const freshImage = fresh.reset({ options: { trackSeed: 1 } }).observation as Uint8Array;
    const pooledImage = pooled.reset({ options: { trackSeed: 1 } }).observation as Uint8Array;
    expect(Buffer.from(pooledImage).equals(Buffer.from(freshImage))).toBe(true);
    expect(first.observation).toBeInstanceOf(Uint8Array);
  });

  it('refuses a negative or fractional pool', () => {
    expect(() => make('Driving/LaneKeeping-v0', { trackPool: -1 })).toThrow(/trackPool must be 0 \(any track\) or an integer >= 1, got -1/);
    expect(() => make('Driving/LaneKeeping-v0', { trackPool: 2.5 })).toThrow(/got 2.5/);
  });
});
