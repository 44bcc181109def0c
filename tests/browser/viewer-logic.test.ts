import { describe, expect, it } from 'vitest';
import type { SceneFrame, SceneSpec } from '../../src/core/scene.js';
import { alignRuns, parseMetrics } from '../../viewer/src/curves/metrics.js';
import { RunColours } from '../../viewer/src/curves/run-colours.js';
import { smoothEma } from '../../viewer/src/curves/smoothing.js';
import { groupTags } from '../../viewer/src/curves/tag-groups.js';
import { formatSeconds, formatTicks } from '../../viewer/src/curves/tick-labels.js';
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
  it('reads one series per scalar against the step key and skips bad lines and non-numbers', () => {
    const table = parseMetrics('{"step":10,"loss":0.5,"time":3}\n{oops\n{"step":20,"loss":0.25,"episodeReturn":9,"phase":"eval"}\n');
    expect([...table.series.keys()]).toEqual(['loss', 'episodeReturn']);
    expect(table.series.get('loss')).toEqual({ steps: [10, 20], times: [3, 3], values: [0.5, 0.25] });
    expect(table.series.get('episodeReturn')).toEqual({ steps: [20], times: [3], values: [9] });
    expect(parseMetrics('{"timesteps":5,"r":1}').series.get('r')!.steps).toEqual([5]);
    expect(parseMetrics('{"r":1}\n{"r":2}').series.get('r')!.steps).toEqual([0, 1]);
  });

  it('keeps a training row and an evaluation row logged at the same step (PPO logs both at every update)', () => {
    const table = parseMetrics('{"step":2048,"time":1,"policyLoss":-0.01}\n{"step":2048,"eval/meanReturn":40}\n{"step":4096,"time":2,"policyLoss":-0.02}\n{"step":4096,"eval/meanReturn":90}\n');
    const loss = table.series.get('policyLoss')!;
    const evaluation = table.series.get('eval/meanReturn')!;
    expect(loss.values).toEqual([-0.01, -0.02]);
    expect(evaluation.times).toEqual([1, 2]);
    expect(alignRuns([loss, evaluation])).toEqual({ x: [2048, 4096], ys: [[-0.01, -0.02], [40, 90]] });
  });

  it('puts runs on one sorted step axis with gaps as null, and a null never erases a value', () => {
    expect(alignRuns([{ steps: [1, 2], values: [5, 6] }, { steps: [3, 2], values: [8, 7] }])).toEqual({ x: [1, 2, 3], ys: [[5, 6, null], [null, 7, 8]] });
    expect(alignRuns([{ steps: [1, 1, 2], values: [5, null, 6] }])).toEqual({ x: [1, 2], ys: [[5, 6]] });
  });
});

describe('formatTicks / formatSeconds (axis labels)', () => {
  it('writes as many decimals as the tick spacing needs, never repeating a label', () => {
    expect(formatTicks([2.2443, 2.2444, 2.2445], 0.0001)).toEqual(['2.2443', '2.2444', '2.2445']);
    expect(formatTicks([0, 0.25, 0.5, 0.75], 0.25)).toEqual(['0', '0.25', '0.50', '0.75']);
    expect(formatTicks([-1, 0, 1], 1)).toEqual(['-1', '0', '1']);
  });

  it('shortens large values so they fit a narrow axis, and writes tiny ones with an exponent', () => {
    expect(formatTicks([0, 5000, 10000, 15000, 20000], 5000)).toEqual(['0', '5k', '10k', '15k', '20k']);
    expect(formatTicks([0, 2500, 5000, 7500, 10000], 2500)).toEqual(['0', '2.5k', '5.0k', '7.5k', '10.0k']);
    expect(formatTicks([1000000, 1500000, 2000000], 500000)).toEqual(['1.0M', '1.5M', '2.0M']);
    expect(formatTicks([0.0001, 0.0002, 0.0003], 0.0001)).toEqual(['1e-4', '2e-4', '3e-4']);
  });

  it('writes wall-clock time as seconds, then m:ss, then h:mm:ss', () => {
    expect(formatSeconds([0, 10, 20], 10)).toEqual(['0s', '10s', '20s']);
    expect(formatSeconds([0, 90, 180], 90)).toEqual(['0:00', '1:30', '3:00']);
    expect(formatSeconds([3600, 5400], 1800)).toEqual(['1:00:00', '1:30:00']);
  });
});

describe('groupTags / RunColours', () => {
  const tags = ['loss', 'bufferSize', 'eval/meanReturn', 'episodeReturnMean', 'valueLoss', 'entropy', 'eval/stdReturn'];

  it('groups returns and evaluation first, losses next, the rest last, alphabetically, whatever the input order', () => {
    const expected = [
      { title: 'Returns and evaluation', tags: ['episodeReturnMean', 'eval/meanReturn', 'eval/stdReturn'] },
      { title: 'Losses', tags: ['loss', 'valueLoss'] },
      { title: 'Other scalars', tags: ['bufferSize', 'entropy'] },
    ];
    expect(groupTags(tags)).toEqual(expected);
    expect(groupTags([...tags].reverse())).toEqual(expected);
  });

  it('filters tags by a case-insensitive regular expression, or as text when it is not one', () => {
    expect(groupTags(tags, 'LOSS$').flatMap((group) => group.tags)).toEqual(['loss', 'valueLoss']);
    expect(groupTags(tags, '^eval/').flatMap((group) => group.tags)).toEqual(['eval/meanReturn', 'eval/stdReturn']);
    expect(groupTags(['a(b', 'c'], 'a(').flatMap((group) => group.tags)).toEqual(['a(b']);
    expect(groupTags(tags, 'nothing-like-this')).toEqual([]);
  });

  it('keeps a run\'s colour when other runs come and go', () => {
    const colours = new RunColours();
    const first = colours.of('ppo-1');
    const second = colours.of('dqn-1');
    expect(second).not.toBe(first);
    colours.of('a2c-1');
    expect(colours.of('dqn-1')).toBe(second);
    expect(colours.of('ppo-1')).toBe(first);
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
