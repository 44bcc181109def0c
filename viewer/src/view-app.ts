import type { RecordedEpisodeInfo, RunInfo, ServerMessage } from '../../src/core/wire.js';
import { fetchEpisode, fetchEpisodes, fetchMetricsText, fetchRuns, type LoadedEpisode } from './api.js';
import { ServerConnection } from './connection.js';
import { CurvesPanel } from './curves/curves-panel.js';
import { appendMetricsRow, emptyMetricTable, parseMetrics, type MetricTable } from './curves/metrics.js';
import { FrameRateMeter } from './frame-rate.js';
import { FrameTimeline } from './player/frame-timeline.js';
import { PolicyPanel } from './policy/policy-panel.js';
import { PlaybackClock } from './player/playback-clock.js';
import { SceneRenderer } from './render/scene-renderer.js';
import { Hud } from './ui/hud.js';
import { PlaybackControls } from './ui/playback-controls.js';
import { Sidebar } from './ui/sidebar.js';

/** Frames further apart than this are reached by a merged state instead of replaying updates. */
const MAX_INCREMENTAL_FRAMES = 32;

/** What the browser tests read from `window.palestra`. */
export interface ViewerProbe {
  mode: 'replay' | 'live' | 'idle';
  frame: number;
  frameCount: number;
  playing: boolean;
  fps: number;
  /** Mean milliseconds spent drawing one frame. */
  drawMs: number;
  /** Animation frames per second, drawn or not (with playback paused: what the browser offers). */
  loopFps: number;
  liveFrames: number;
  /** The step at which the live run finished training; null while it trains (or with no live run). */
  liveFinishedAt: number | null;
  chartsDrawn: number;
  /** The charts in the order shown, with each run's number of points. */
  charts: { tag: string; points: Record<string, number> }[];
  error: string | undefined;
}

/**
 * The replay and live viewer: a runs/episodes sidebar, the 3D scene with its HUD and playback
 * controls, and the training curves of the ticked runs.
 */
export class ViewApp {
  private readonly renderer: SceneRenderer;
  private readonly hud: Hud;
  private readonly controls: PlaybackControls;
  private readonly sidebar: Sidebar;
  private readonly curves: CurvesPanel;
  private readonly connection: ServerConnection;
  private readonly meter = new FrameRateMeter();
  /** Animation frames, drawn or not: what the browser gives the page (the fps reference). */
  private readonly loopMeter = new FrameRateMeter();
  private runs: RunInfo[] = [];
  private openRun: string | undefined;
  private episodes: RecordedEpisodeInfo[] = [];
  private openFile: string | undefined;
  private readonly compared = new Set<string>();
  private episode: LoadedEpisode | undefined;
  private timeline: FrameTimeline | undefined;
  private clock: PlaybackClock | undefined;
  private shownFrame = -1;
  private mode: ViewerProbe['mode'] = 'idle';
  private liveSceneId = -1;
  private liveFrames = 0;
  private lastLiveReturn: number | undefined;
  private liveRunId: string | undefined;
  /** The step at which the live run finished training, once the server said so. */
  private liveFinishedAt: number | undefined;
  private readonly badge: HTMLElement;
  /** Metrics the trainer streamed, for a live run whose metrics file is not written yet. */
  private readonly liveMetrics: MetricTable = emptyMetricTable();
  private lastTick = performance.now();
  private refreshTimer: number | undefined;
  private error: string | undefined;
  /** The checkpoint run in the page on an `eval --record` episode's observations (`?agent=<checkpoint>`). */
  private readonly policy: PolicyPanel;
  /** The checkpoint the page runs, kept in the URL so that a reload runs it again. */
  private policyCheckpoint: string | undefined;

  constructor(private readonly live: boolean) {
    const byId = (id: string): HTMLElement => document.getElementById(id)!;
    this.renderer = new SceneRenderer(byId('stage'), byId('overlays'));
    this.hud = new Hud(byId('hud'));
    this.controls = new PlaybackControls(byId('controls'), {
      onSeek: () => this.clock && this.showFrame(this.clock.frame),
      onFollow: (id) => this.renderer.follow(id),
    });
    this.sidebar = new Sidebar(byId('runs'), byId('episodes'), byId('episodes-title'), {
      onSelectRun: (id) => void this.openRunById(id, undefined),
      onCompare: (id, shown) => {
        if (shown) this.compared.add(id);
        else this.compared.delete(id);
        void this.refreshCurves();
        this.updateUrl();
      },
      onSelectEpisode: (runId, file) => void this.loadEpisode(runId, file),
      onSelectLive: () => this.followLive(),
    });
    this.curves = new CurvesPanel(byId('curves'));
    this.badge = byId('connection');
    this.connection = new ServerConnection((message) => this.onMessage(message));
    this.connection.onStatus = (status) => {
      if (status === 'open' && this.liveFinishedAt !== undefined) this.setBadge('finished', 'open');
      else if (status === 'open') this.setBadge(live ? 'live' : 'connected', 'open');
      else this.setBadge(status === 'closed' ? 'server stopped' : status, status);
      if (status === 'open' && this.mode === 'live') this.connection.send({ type: 'subscribe-live' });
    };
    const params = new URLSearchParams(location.search);
    this.policy = new PolicyPanel(byId('stage'), {
      checkpoint: params.get('agent') ?? undefined,
      backend: params.get('policyBackend'),
      onChoose: (checkpoint) => {
        this.policyCheckpoint = checkpoint;
        this.updateUrl();
      },
    });
    this.policyCheckpoint = params.get('agent') ?? undefined;
    (window as unknown as { palestra: () => ViewerProbe }).palestra = () => this.probe();
    requestAnimationFrame((now) => this.tick(now));
  }

  /** Opens what the URL names (?run=&episode=&compare=), else the newest run and episode (or live). */
  async start(): Promise<void> {
    const params = new URLSearchParams(location.search);
    try {
      this.runs = await fetchRuns();
      for (const id of (params.get('compare') ?? '').split(',').filter(Boolean)) this.compared.add(id);
      const runId = params.get('run') ?? this.runs[0]?.id;
      // The open run's curves show by default; a live run's before it has logged anything.
      if (this.compared.size === 0 && runId && (this.live || this.runs.find((run) => run.id === runId)?.hasMetrics)) this.compared.add(runId);
      const episodeFile = params.get('episode') ?? undefined;
      if (runId) await this.openRunById(runId, episodeFile ?? (this.live ? null : undefined));
      else this.sidebar.showRuns(this.runs, undefined, this.compared);
      if (this.live && !episodeFile) this.followLive();
      if (!runId && !this.live) this.showMessage('No runs in this directory yet: train one with `palestra train CartPole-v1 --view`.');
      await this.refreshCurves();
    } catch (error) {
      this.fail(error);
    }
  }

  /** Opens a run's episode list; loads `file`, or its newest episode when undefined (null: load none). */
  private async openRunById(runId: string, file: string | undefined | null): Promise<void> {
    this.openRun = runId;
    this.sidebar.showRuns(this.runs, runId, this.compared);
    this.episodes = await fetchEpisodes(runId);
    this.renderEpisodeList();
    const chosen = file === undefined ? this.episodes.at(-1)?.file : file;
    if (chosen) await this.loadEpisode(runId, chosen);
    else if (this.mode !== 'live') this.showNothing(this.episodes.length === 0 ? `${runId} has no recorded episodes (palestra train records every 20th episode of env 0; see --record-every).` : 'Pick an episode in the list to replay it.');
    this.updateUrl();
  }

  private renderEpisodeList(): void {
    this.sidebar.showEpisodes(this.openRun, this.episodes, this.openFile, { available: this.live, selected: this.mode === 'live' });
  }

  private async loadEpisode(runId: string, file: string): Promise<void> {
    try {
      this.leaveLive();
      const episode = await fetchEpisode(runId, file);
      this.episode = episode;
      this.openFile = file;
      this.timeline = new FrameTimeline(episode.frames);
      this.clock = new PlaybackClock(episode.frames.length, episode.header.renderFps);
      this.mode = 'replay';
      this.shownFrame = -1;
      this.controls.attach(this.clock);
      if (episode.frames.length === 0) this.showMessage('This episode has no frames: its env draws nothing (render() returned undefined).');
      else {
        this.showMessage(undefined);
        this.showFrame(0);
        this.clock.play();
      }
      this.renderEpisodeList();
      this.updateUrl();
      void this.policy.open(runId, episode.header.policy, episode.policySteps).then(() => this.policy.showFrame(this.shownFrame));
    } catch (error) {
      this.fail(error);
    }
  }

  /** An empty stage with a note, instead of the last episode of another run. */
  private showNothing(note: string | undefined): void {
    this.episode = undefined;
    this.timeline = undefined;
    this.clock = undefined;
    this.openFile = undefined;
    this.shownFrame = -1;
    this.mode = 'idle';
    this.controls.attach(undefined);
    this.renderer.setScene({ objects: [], ground: false });
    this.hud.show({});
    this.policy.hide();
    this.showMessage(note);
    this.renderEpisodeList();
  }

  private followLive(): void {
    this.mode = 'live';
    this.policy.hide();
    this.clock = undefined;
    this.openFile = undefined;
    this.liveSceneId = -1;
    this.controls.attach(undefined);
    this.connection.send({ type: 'subscribe-live' });
    this.showMessage(this.liveFinishedAt === undefined ? 'Waiting for the trainer to send a frame…' : this.finishedNote());
    this.renderEpisodeList();
    this.updateUrl();
  }

  private leaveLive(): void {
    if (this.mode === 'live') this.connection.send({ type: 'unsubscribe-live' });
  }

  private onMessage(message: ServerMessage): void {
    switch (message.type) {
      case 'live-frame': {
        if (this.mode !== 'live') return;
        const frame = message.frame;
        if (frame.scene) {
          this.renderer.setScene(frame.scene);
          this.liveSceneId = frame.sceneId;
          this.controls.setFollowChoices(this.renderer.objectIds, this.renderer.followed);
          this.showMessage(this.liveFinishedAt === undefined ? undefined : this.finishedNote());
        }
        if (frame.sceneId !== this.liveSceneId) return;
        this.renderer.apply(frame.updates);
        this.liveFrames++;
        this.hud.show({ ...frame.hud, episode: message.episode, step: message.step, ...(this.lastLiveReturn === undefined ? {} : { 'last return': this.lastLiveReturn }), ...(message.dropped ? { dropped: message.dropped } : {}) });
        return;
      }
      case 'live-episode':
        this.lastLiveReturn = message.episodeReturn;
        this.scheduleRefresh();
        return;
      case 'live-metrics':
        this.liveRunId = message.runId;
        appendMetricsRow(this.liveMetrics, { ...message.values, step: message.step });
        if (message.runId && !this.compared.has(message.runId) && this.compared.size === 0) this.compared.add(message.runId);
        this.scheduleRefresh();
        return;
      case 'live-status':
        this.liveFinishedAt = message.step;
        this.liveRunId = message.runId ?? this.liveRunId;
        this.setBadge('finished', 'open');
        if (this.mode === 'live') this.showMessage(this.finishedNote());
        // The last evaluation and episodes are on disk now: fetch them at once.
        this.scheduleRefresh(0);
        return;
      case 'error':
        this.showMessage(`Server: ${message.message}`);
        return;
      default:
        return;
    }
  }

  /** New episodes and metrics of a live run show up within two seconds, without flooding the server. */
  private scheduleRefresh(delayMs = 2000): void {
    if (this.refreshTimer !== undefined && delayMs > 0) return;
    window.clearTimeout(this.refreshTimer);
    this.refreshTimer = window.setTimeout(async () => {
      this.refreshTimer = undefined;
      try {
        this.runs = await fetchRuns();
        this.sidebar.showRuns(this.runs, this.openRun, this.compared);
        if (this.openRun === undefined && this.liveRunId) this.openRun = this.liveRunId;
        if (this.openRun) {
          this.episodes = await fetchEpisodes(this.openRun);
          this.renderEpisodeList();
        }
        await this.refreshCurves();
      } catch {
        // The next live message tries again.
      }
    }, delayMs);
  }

  private finishedNote(): string {
    const run = this.liveRunId ? ` ${this.liveRunId}` : '';
    return `Training${run} finished at step ${this.liveFinishedAt!.toLocaleString('en-US')}. Its curves and recorded episodes stay here until you stop the server.`;
  }

  private setBadge(text: string, status: string): void {
    this.badge.textContent = text;
    this.badge.className = `badge ${status}`;
  }

  private async refreshCurves(): Promise<void> {
    const ids = [...this.compared];
    const texts = await Promise.all(ids.map((id) => fetchMetricsText(id)));
    this.curves.show(
      ids.map((id, index) => {
        const table = parseMetrics(texts[index]!);
        return { id, table: table.series.size === 0 && id === this.liveRunId ? this.liveMetrics : table };
      }),
    );
  }

  private showFrame(index: number): void {
    const timeline = this.timeline;
    const episode = this.episode;
    if (!timeline || !episode || index < 0 || index >= timeline.length) return;
    const previous = this.shownFrame;
    if (previous < 0 || !timeline.sameScene(previous, index)) {
      this.renderer.setScene(timeline.sceneAt(index));
      this.renderer.apply(timeline.stateAt(index));
      this.controls.setFollowChoices(this.renderer.objectIds, this.renderer.followed);
    } else if (index > previous && index - previous <= MAX_INCREMENTAL_FRAMES) {
      for (let i = previous + 1; i <= index; i++) this.renderer.apply(timeline.frames[i]!.updates);
    } else if (index !== previous) {
      this.renderer.resetPoses();
      this.renderer.apply(timeline.stateAt(index));
    }
    this.shownFrame = index;
    this.policy.showFrame(index);
    const frame = timeline.frames[index]!;
    this.hud.show({
      ...frame.hud,
      episode: episode.header.episode,
      frame: `${index + 1} / ${timeline.length}`,
      ...(episode.end ? { 'episode return': episode.end.episodeReturn } : {}),
    });
  }

  private tick(now: number): void {
    this.loopMeter.tick(now);
    const seconds = Math.min((now - this.lastTick) / 1000, 0.25);
    this.lastTick = now;
    if (this.clock) {
      const frame = this.clock.advance(seconds);
      if (frame !== this.shownFrame) this.showFrame(frame);
      this.controls.refresh();
      // Draw every animation frame while playing, so the fps readout measures what the viewer can do.
      if (this.clock.playing) this.renderer.invalidate();
    }
    const drawStart = performance.now();
    if (this.renderer.render()) this.meter.tick(now, performance.now() - drawStart);
    requestAnimationFrame((next) => this.tick(next));
  }

  private probe(): ViewerProbe {
    return {
      mode: this.mode,
      frame: this.shownFrame,
      frameCount: this.timeline?.length ?? 0,
      playing: this.clock?.playing ?? false,
      fps: this.meter.fps,
      drawMs: this.meter.meanDrawMs,
      loopFps: this.loopMeter.fps,
      liveFrames: this.liveFrames,
      liveFinishedAt: this.liveFinishedAt ?? null,
      chartsDrawn: this.curves.drawnChartCount,
      charts: this.curves.chartSummary,
      error: this.error,
    };
  }

  private updateUrl(): void {
    const params = new URLSearchParams();
    if (this.openRun) params.set('run', this.openRun);
    if (this.openFile && this.mode === 'replay') params.set('episode', this.openFile);
    if (this.compared.size > 0) params.set('compare', [...this.compared].join(','));
    // The policy's choices stay in the URL, so a reload runs it again.
    if (this.policyCheckpoint) params.set('agent', this.policyCheckpoint);
    const backend = new URLSearchParams(location.search).get('policyBackend');
    if (backend) params.set('policyBackend', backend);
    history.replaceState(null, '', `${location.pathname}?${params.toString()}`);
  }

  private showMessage(text: string | undefined): void {
    const element = document.getElementById('message')!;
    element.hidden = text === undefined;
    element.textContent = text ?? '';
  }

  private fail(error: unknown): void {
    this.error = error instanceof Error ? error.message : String(error);
    // The stage stays empty and the HUD, where the episode's values would be, says why.
    this.showNothing(undefined);
    this.hud.note(`Could not load: ${this.error}`);
  }
}
