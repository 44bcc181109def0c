import type { PlayKey } from '../core/wire.js';

/** Keyboard keys for action names as Gymnasium/ALE spell them ('LEFT', 'FIRE', ...). */
const KEY_FOR_MEANING: Record<string, { key: string; label: string }> = {
  LEFT: { key: 'ArrowLeft', label: '←' },
  RIGHT: { key: 'ArrowRight', label: '→' },
  UP: { key: 'ArrowUp', label: '↑' },
  DOWN: { key: 'ArrowDown', label: '↓' },
  FIRE: { key: ' ', label: 'space' },
};

const NOOP_NAMES = new Set(['NOOP', 'NO-OP', 'NONE', 'IDLE']);

/**
 * Which keys drive a discrete env in play mode, and what happens when none is held.
 * Arrow keys and space follow the env's action names when it has them (`actionMeanings`);
 * a two-action env without names maps ← to 0 and → to 1 (CartPole's push left/right);
 * digit keys always select actions 0..9 directly.
 *
 * @example keyMapFor(2, undefined).keys[0] // { key: 'ArrowLeft', action: 0, label: '← action 0' }
 */
export function keyMapFor(actionCount: number, actionMeanings: readonly string[] | undefined): { keys: PlayKey[]; defaultAction: number | null } {
  const keys: PlayKey[] = [];
  let defaultAction: number | null = null;
  if (actionMeanings && actionMeanings.length === actionCount) {
    actionMeanings.forEach((meaning, action) => {
      const name = meaning.toUpperCase().replace(/[\s_]/g, '');
      if (NOOP_NAMES.has(name) && defaultAction === null) defaultAction = action;
      const key = KEY_FOR_MEANING[name];
      if (key && !keys.some((known) => known.key === key.key)) keys.push({ key: key.key, action, label: `${key.label} ${meaning.toLowerCase()}` });
    });
  } else if (actionCount === 2) {
    keys.push({ key: 'ArrowLeft', action: 0, label: '← action 0' }, { key: 'ArrowRight', action: 1, label: '→ action 1' });
  }
  for (let action = 0; action < Math.min(actionCount, 10); action++) {
    const name = actionMeanings?.[action];
    keys.push({ key: String(action), action, label: name ? `${action} ${name.toLowerCase()}` : `${action} action ${action}` });
  }
  return { keys, defaultAction };
}

/** The action names an env offers, under the spellings envs use (`getActionMeanings()` or `actionMeanings`). */
export function actionMeaningsOf(env: unknown): string[] | undefined {
  const candidate = env as { getActionMeanings?: () => unknown; actionMeanings?: unknown };
  const meanings = typeof candidate.getActionMeanings === 'function' ? candidate.getActionMeanings() : candidate.actionMeanings;
  return Array.isArray(meanings) && meanings.every((name) => typeof name === 'string') ? meanings : undefined;
}
