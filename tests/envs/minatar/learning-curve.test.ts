import { describe, expect, it } from 'vitest';
import { curveCsv, curvesSvg, framesToReach, lastMeanReturn, meanReturnAt, movingAverage, niceStep, parseCurveCsv, type EpisodePoint } from '../../../experiments/minatar/learning-curve.js';

const episodes: EpisodePoint[] = [1, 3, 5, 7].map((episodeReturn, i) => ({ frame: (i + 1) * 10, episodeReturn, length: 10, seconds: i }));

describe('MinAtar learning curves', () => {
  it('averages the last n returns and a trailing window', () => {
    expect(lastMeanReturn(episodes, 2)).toBe(6);
    expect(lastMeanReturn(episodes, 100)).toBe(4);
    expect(lastMeanReturn([], 100)).toBeNaN();
    expect(movingAverage(episodes, 2)).toEqual([1, 2, 4, 6]);
  });

  it('reads where a run stood at a given frame', () => {
    // Episodes end at frames 10, 20, 30, 40 with returns 1, 3, 5, 7.
    expect(meanReturnAt(episodes, 25, 2)).toBe(2);
    expect(meanReturnAt(episodes, 30, 2)).toBe(4);
    expect(meanReturnAt(episodes, 1000, 100)).toBe(4);
    expect(meanReturnAt(episodes, 5)).toBeNaN();
  });

  it('writes one CSV row per episode with the 100-episode mean', () => {
    expect(curveCsv({ label: 'DQN', episodes: episodes.slice(0, 2) })).toBe('frame,return,length,seconds,return_mean100\n10,1,10,0.00,1.0000\n20,3,10,1.00,2.0000\n');
  });

  it('reads back the CSV it writes', () => {
    expect(parseCurveCsv(curveCsv({ label: 'PPO', episodes }))).toEqual(episodes.map((e) => ({ ...e, seconds: Number(e.seconds.toFixed(2)) })));
    expect(() => parseCurveCsv('step,value\n1,2\n')).toThrow("learning curve CSV: expected the header 'frame,return,length,seconds,...', got 'step,value'");
  });

  it('finds the first frame where the windowed mean reaches a target, once the window is full', () => {
    // Windows of 2: means 2 (frame 20), 4 (30), 6 (40).
    expect(framesToReach(episodes, 4, 2)).toBe(30);
    expect(framesToReach(episodes, 1, 2)).toBe(20); // frame 10 has only one episode in its window
    expect(framesToReach(episodes, 6.5, 2)).toBeUndefined();
  });

  it('draws one polyline per curve and a dashed line per reference', () => {
    const svg = curvesSvg('Breakout <v0>', [{ label: 'DQN', episodes }], [{ label: 'paper', value: 10 }]);
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('Breakout &lt;v0&gt;');
  });

  it('labels the frame axis in round steps', () => {
    expect(niceStep(5_006_880, 6)).toBe(1_000_000);
    expect(niceStep(720_000, 6)).toBe(200_000);
    expect(niceStep(1_100_000, 6)).toBe(200_000);
    expect(niceStep(40, 6)).toBe(10);
    const svg = curvesSvg('t', [{ label: 'DQN', episodes }]);
    // Frames 10..40 in steps of 10: labels 0, 10, 20, 30, 40 under the plot.
    for (const label of ['>0<', '>10<', '>20<', '>30<', '>40<']) expect(svg).toContain(label);
  });

  it('stops the curves at lastFrame for a zoomed chart', () => {
    const full = curvesSvg('t', [{ label: 'DQN', episodes }]);
    const zoomed = curvesSvg('t', [{ label: 'DQN', episodes }], [], { lastFrame: 20 });
    const pointCount = (svg: string) => svg.match(/points="([^"]*)"/)![1]!.split(' ').length;
    expect(pointCount(full)).toBe(episodes.length);
    expect(pointCount(zoomed)).toBe(2);
  });
});
