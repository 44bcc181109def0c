import { MAX_SPEED, MIN_SPEED, type PlaybackClock } from '../player/playback-clock.js';

/** Inline SVG icons: fonts on some systems lack the media-control glyphs. */
const svg = (path: string): string => `<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path d="${path}" fill="currentColor"/></svg>`;
const ICONS = {
  play: svg('M4 2l10 6-10 6z'),
  pause: svg('M3 2h4v12H3zM9 2h4v12H9z'),
  previous: svg('M3 2h2v12H3zM14 2v12L6 8z'),
  next: svg('M11 2h2v12h-2zM2 2v12l8-6z'),
};

const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10].filter((speed) => speed >= MIN_SPEED && speed <= MAX_SPEED);

/** What the controls ask the app to do beyond changing the clock. */
export interface ControlsEvents {
  /** The frame changed by a user action (scrub, step): show it now. */
  onSeek(): void;
  onFollow(id: string | undefined): void;
}

/**
 * The bar under the scene: play/pause, step, scrub, speed, loop, camera follow.
 * Keyboard: space plays/pauses, arrow keys step (when no input has focus).
 */
export class PlaybackControls {
  private readonly playButton: HTMLButtonElement;
  private readonly scrubber: HTMLInputElement;
  private readonly frameLabel: HTMLElement;
  private readonly followSelect: HTMLSelectElement;
  private readonly speedSelect: HTMLSelectElement;
  private clock: PlaybackClock | undefined;

  constructor(
    private readonly element: HTMLElement,
    private readonly events: ControlsEvents,
  ) {
    element.innerHTML = '';
    const button = (icon: string, title: string, action: () => void): HTMLButtonElement => {
      const node = document.createElement('button');
      node.innerHTML = icon;
      node.title = title;
      node.addEventListener('click', action);
      element.appendChild(node);
      return node;
    };
    button(ICONS.previous, 'Previous frame (←)', () => this.step(-1));
    this.playButton = button(ICONS.play, 'Play / pause (space)', () => this.togglePlay());
    this.playButton.id = 'play';
    button(ICONS.next, 'Next frame (→)', () => this.step(1));
    this.scrubber = document.createElement('input');
    this.scrubber.type = 'range';
    this.scrubber.id = 'scrub';
    this.scrubber.min = '0';
    this.scrubber.addEventListener('input', () => {
      this.clock?.seek(Number(this.scrubber.value));
      this.events.onSeek();
    });
    this.frameLabel = document.createElement('span');
    this.frameLabel.className = 'frame-label';
    this.speedSelect = document.createElement('select');
    this.speedSelect.id = 'speed';
    this.speedSelect.title = 'Replay speed';
    for (const speed of SPEEDS) this.speedSelect.add(new Option(`${speed}x`, String(speed), speed === 1, speed === 1));
    this.speedSelect.addEventListener('change', () => {
      if (this.clock) this.clock.speed = Number(this.speedSelect.value);
    });
    const loopLabel = document.createElement('label');
    const loop = document.createElement('input');
    loop.type = 'checkbox';
    loop.checked = true;
    loop.id = 'loop';
    loop.addEventListener('change', () => {
      if (this.clock) this.clock.loop = loop.checked;
    });
    loopLabel.append(loop, ' loop');
    this.followSelect = document.createElement('select');
    this.followSelect.id = 'follow';
    this.followSelect.title = 'Camera follows';
    this.followSelect.addEventListener('change', () => this.events.onFollow(this.followSelect.value || undefined));
    element.append(this.scrubber, this.frameLabel, this.speedSelect, loopLabel, this.followSelect);
    window.addEventListener('keydown', (event) => this.onKey(event));
  }

  /** Controls now drive `clock` (undefined: nothing to replay, e.g. live mode). */
  attach(clock: PlaybackClock | undefined): void {
    this.clock = clock;
    this.element.classList.toggle('disabled', clock === undefined);
    if (clock) {
      clock.speed = Number(this.speedSelect.value);
      clock.loop = (this.element.querySelector('#loop') as HTMLInputElement).checked;
      this.scrubber.max = String(Math.max(0, clock.frameCount - 1));
    }
    this.refresh();
  }

  /** The objects the camera may follow; `current` is selected. */
  setFollowChoices(ids: string[], current: string | undefined): void {
    this.followSelect.innerHTML = '';
    this.followSelect.add(new Option('camera: free orbit', ''));
    for (const id of ids) this.followSelect.add(new Option(`camera: follow ${id}`, id, false, id === current));
  }

  /** Shows the clock's frame and state. */
  refresh(): void {
    const clock = this.clock;
    const icon = clock?.playing ? ICONS.pause : ICONS.play;
    if (this.playButton.innerHTML !== icon) this.playButton.innerHTML = icon;
    // Called every animation frame: touch the DOM only when something changed (layout is costly).
    const label = clock ? `${clock.frame + 1} / ${clock.frameCount}` : 'live';
    if (this.frameLabel.textContent !== label) this.frameLabel.textContent = label;
    if (clock && this.scrubber.value !== String(clock.frame)) this.scrubber.value = String(clock.frame);
  }

  private togglePlay(): void {
    if (!this.clock) return;
    if (this.clock.playing) this.clock.pause();
    else this.clock.play();
    this.refresh();
  }

  private step(delta: number): void {
    if (!this.clock) return;
    this.clock.step(delta);
    this.events.onSeek();
    this.refresh();
  }

  private onKey(event: KeyboardEvent): void {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
    if (event.key === ' ') this.togglePlay();
    else if (event.key === 'ArrowLeft') this.step(-1);
    else if (event.key === 'ArrowRight') this.step(1);
    else return;
    event.preventDefault();
  }
}
