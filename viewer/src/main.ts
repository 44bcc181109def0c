import './style.css';
import { PlayApp } from './play/play-app.js';
import { ViewApp } from './view-app.js';

interface ServerInfo {
  mode: 'view' | 'play';
  live: boolean;
  playEnvId?: string;
}

/** Asks the server what it serves (replays, a live run, or an env to play) and starts that page. */
async function main(): Promise<void> {
  const info = (await (await fetch('/api/info')).json()) as ServerInfo;
  if (info.mode === 'play' && info.playEnvId) {
    new PlayApp(info.playEnvId);
    return;
  }
  await new ViewApp(info.live).start();
}

void main();
