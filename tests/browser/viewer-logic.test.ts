import { describe, expect, it } from 'vitest';
import type { SceneFrame, SceneSpec } from '../../src/core/protocol.js';
import { alignRuns, parseMetrics } from '../../viewer/src/curves/metrics.js';
import { smoothEma } from '../../viewer/src/curves/smoothing.js';
import { FrameTimeline } from '../../viewer/src/player/frame-timeline.js';
import { PlaybackClock } from '../../viewer/src/player/playback-clock.js';

describe('smoothEma (TensorBoard smoothing)', () => {
  it('matches the debiased moving average worked by hand', () => {
    // w = 0.5: averages 0.5*1 = 0.5, 0.25 + 0.5*3 = 1.75, 0.875 + 0.5*5 = 3.375;
    // debias by 1 - 0.5^n: 0.5/0.5 = 1, 1.75/0.75 = 2.333.., 3.375/0.875 = 3.857..
    const smoothed = smoothEma([1, 3, 5], 0.5);
    expect(smoothed[0]).toBe(1);
    expect(smoothed[1]).toBeCloseTo(7 / 3, 12);
    expect(smoothed[2]).toBeCloseTo(27 / 7, 12);
  });

  it('leaves values alone at weight 0, keeps constants constant, and skips gaps', () => {
    expect(smoothEma([4, -2, 7], 0)).toEqual([4, -2, 7]);
    expect(smoothEma([2, 2, 2, 2], 0.95).map((v) => Number(v!.toFixed(12)))).toEqual([2, 2, 2, 2]);
    const withGap = smoothEma([1, null, Number.NaN, 3], 0.5);
    expect(withGap[1]).toBeNull();
    expect(withGap[2]).toBeNull();
    expect(withGap[3]).toBeCloseTo(7 / 3, 12);
  });
});

describe('parseMetrics / alignRuns', () => {
  it('reads columns against the step key and skips bad lines and non-numbers', () => {
    const table = parseMetrics('{"step":10,"loss":0.5,"time":3}\n{oops\n{"step":20,"loss":0.25,"episodeReturn":9,"phase":"eval"}\n');
    expect(table.steps).toEqual([10, 20]);
    expect([...table.columns.keys()]).toEqual(['episodeReturn', 'loss']);
    expect(table.columns.get('loss')).toEqual([0.5, 0.25]);
    expect(table.columns.get('episodeReturn')).toEqual([null, 9]);
    expect(parseMetrics('{"timesteps":5,"r":1}').steps).toEqual([5]);
    expect(parseMetrics('{"r":1}\n{"r":2}').steps).toEqual([0, 1]);
  });

  it('puts runs on one sorted step axis with gaps as null', () => {
    expect(alignRuns([{ steps: [1, 2], values: [5, 6] }, { steps: [3, 2], values: [8, 7] }])).toEqual({ x: [1, 2, 3], ys: [[5, 6, null], [null, 7, 8]] });
  });
});

describe('FrameTimeline', () => {
  const sceneA: SceneSpec = { objects: [{ id: 'a', shape: { type: 'sphere', radius: 1 } }, { id: 'b', shape: { type: 'sphere', radius: 1 } }] };
  const sceneB: SceneSpec = { objects: [{ id: 'c', shape: { type: 'sphere', radius: 1 } }] };
  // 'a' moves every frame, 'b' only at frame 3 (colour) and frame 40 (position).
  const frames: SceneFrame[] = Array.from({ length: 80 }, (_, i) => ({
    scene: i < 70 ? sceneA : sceneB,
    updates: i < 70 ? [{ id: 'a', position: [i, 0, 0] as [number, number, number] }, ...(i === 3 ? [{ id: 'b', color: '#ff0000' }] : []), ...(i === 40 ? [{ id: 'b', position: [0, 4, 0] as [number, number, number] }] : [])] : [{ id: 'c', visible: i % 2 === 0 }],
    hud: {},
  }));
  const timeline = new FrameTimeline(frames);

  it('merges partial updates since the scene began, across keyframes', () => {
    expect(timeline.stateAt(0)).toEqual([{ id: 'a', position: [0, 0, 0] }]);
    expect(timeline.stateAt(2)).toEqual([{ id: 'a', position: [2, 0, 0] }]);
    expect(timeline.stateAt(35)).toEqual([{ id: 'a', position: [35, 0, 0] }, { id: 'b', color: '#ff0000' }]);
    expect(timeline.stateAt(69)).toEqual([{ id: 'a', position: [69, 0, 0] }, { id: 'b', color: '#ff0000', position: [0, 4, 0] }]);
  });

  it('starts afresh at a new scene', () => {
    expect(timeline.sameScene(10, 69)).toBe(true);
    expect(timeline.sameScene(69, 70)).toBe(false);
    expect(timeline.sceneAt(75)).toBe(sceneB);
    expect(timeline.stateAt(71)).toEqual([{ id: 'c', visible: false }]);
  });
});

describe('PlaybackClock', () => {
  it('advances by fps x speed, loops, and stops at the end without loop', () => {
    const clock = new PlaybackClock(100, 50);
    clock.play();
    expect(clock.advance(0.1)).toBe(5);
    clock.speed = 2;
    expect(clock.advance(0.1)).toBe(15);
    expect(clock.advance(1)).toBe(15); // 115 frames wrap to 15
    clock.loop = false;
    expect(clock.advance(10)).toBe(99);
    expect(clock.playing).toBe(false);
  });

  it('clamps speed to 0.1x..10x and steps and seeks within the episode', () => {
    const clock = new PlaybackClock(10, 10);
    clock.speed = 50;
    expect(clock.speed).toBe(10);
    clock.speed = 0.01;
    expect(clock.speed).toBe(0.1);
    clock.step(3);
    expect(clock.frame).toBe(3);
    clock.step(-10);
    expect(clock.frame).toBe(0);
    clock.seek(42);
    expect(clock.frame).toBe(9);
    clock.play();
    expect(clock.frame).toBe(0);
  });
});
