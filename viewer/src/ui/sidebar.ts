import type { RecordedEpisodeInfo, RunInfo } from '../../../src/core/wire.js';
import { formatValue } from './hud.js';

export interface SidebarEvents {
  onSelectRun(runId: string): void;
  onCompare(runId: string, shown: boolean): void;
  onSelectEpisode(runId: string, file: string): void;
  onSelectLive(): void;
}

/** The runs list (click to open, tick to compare curves) and the open run's episode list. */
export class Sidebar {
  constructor(
    private readonly runsList: HTMLElement,
    private readonly episodesList: HTMLElement,
    private readonly episodesTitle: HTMLElement,
    private readonly events: SidebarEvents,
  ) {}

  showRuns(runs: readonly RunInfo[], openRun: string | undefined, compared: ReadonlySet<string>): void {
    this.runsList.innerHTML = '';
    if (runs.length === 0) this.runsList.append(note('No runs here yet. Train one with `palestra train CartPole-v1`.'));
    for (const run of runs) {
      const item = document.createElement('li');
      item.className = run.id === openRun ? 'selected' : '';
      item.dataset.run = run.id;
      const tick = document.createElement('input');
      tick.type = 'checkbox';
      tick.checked = compared.has(run.id);
      tick.title = 'Show this run in the training curves';
      tick.addEventListener('click', (event) => event.stopPropagation());
      tick.addEventListener('change', () => this.events.onCompare(run.id, tick.checked));
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = run.id;
      const detail = document.createElement('span');
      detail.className = 'detail';
      detail.textContent = [run.envId, run.agent, `${run.episodeCount} ep`].filter(Boolean).join(' · ');
      item.append(tick, name, detail);
      item.addEventListener('click', () => this.events.onSelectRun(run.id));
      this.runsList.appendChild(item);
    }
  }

  showEpisodes(runId: string | undefined, episodes: readonly RecordedEpisodeInfo[], openFile: string | undefined, live: { available: boolean; selected: boolean }): void {
    this.episodesList.innerHTML = '';
    this.episodesTitle.textContent = runId ? `Episodes of ${runId}` : 'Episodes';
    if (live.available) {
      const item = document.createElement('li');
      item.className = `live ${live.selected ? 'selected' : ''}`;
      item.id = 'live-item';
      item.textContent = '● Live: follow training';
      item.addEventListener('click', () => this.events.onSelectLive());
      this.episodesList.appendChild(item);
    }
    if (runId && episodes.length === 0) this.episodesList.append(note('No recorded episodes in this run.'));
    // Newest first: the latest policy is usually what one wants to see.
    for (const episode of [...episodes].reverse()) {
      const item = document.createElement('li');
      item.className = episode.file === openFile && !live.selected ? 'selected' : '';
      item.dataset.file = episode.file;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = `#${episode.episode}`;
      const detail = document.createElement('span');
      detail.className = 'detail';
      detail.textContent = [`step ${episode.step}`, episode.episodeReturn === undefined ? '' : `return ${formatValue(episode.episodeReturn)}`, episode.length === undefined ? '' : `${episode.length} steps`]
        .filter(Boolean)
        .join(' · ');
      item.append(name, detail);
      item.addEventListener('click', () => runId && this.events.onSelectEpisode(runId, episode.file));
      this.episodesList.appendChild(item);
    }
  }
}

function note(text: string): HTMLElement {
  const item = document.createElement('li');
  item.className = 'note';
  item.textContent = text;
  return item;
}
